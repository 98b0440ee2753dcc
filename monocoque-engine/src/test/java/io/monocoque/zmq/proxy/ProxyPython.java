package io.monocoque.zmq.proxy;

import io.monocoque.zmq.testing.PyzmqInterpreter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * A python (pyzmq, so real libzmq) helper process for the proxy tests, running a script from
 * {@code src/test/resources/proxy/}.
 *
 * <p>The interpreter is the one {@link PyzmqInterpreter} finds; tests call
 * {@link PyzmqInterpreter#assumeAvailable()} first.
 */
final class ProxyPython implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final OutputStream stdin;

    /** Starts {@code resources/proxy/<script>} with these arguments. */
    ProxyPython(String script, String... args) {
        Path file = PyzmqInterpreter.script("/proxy/" + script);
        List<String> command = new java.util.ArrayList<>(List.of(PyzmqInterpreter.path(), "-u", file.toString()));
        command.addAll(List.of(args));
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stdin = process.getOutputStream();
        pump(process.getInputStream(), true);
        pump(process.getErrorStream(), false);
    }

    private void pump(InputStream in, boolean out) {
        Thread t = new Thread(() -> {
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (out) {
                        lines.add(line);
                    } else {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        }, "proxy-python-" + (out ? "out" : "err"));
        t.setDaemon(true);
        t.start();
    }

    /** Waits for the script to print {@code expected}, failing with its stderr if it does not. */
    void awaitLine(String expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                fail("python did not print '" + expected + "' within " + timeout + "; alive=" + process.isAlive()
                        + ", stderr:\n" + stderr);
            }
            if (line.equals(expected)) {
                return;
            }
        }
    }

    /** Writes a line to the script's stdin. */
    void writeLine(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the script's stdin (it exits), killing it if it has not exited shortly after. */
    @Override
    public void close() throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
