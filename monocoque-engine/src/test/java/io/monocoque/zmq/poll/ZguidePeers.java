package io.monocoque.zmq.poll;

import io.monocoque.zmq.testing.PyzmqInterpreter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * The libzmq side of a zguide pattern: {@code resources/poller/zguide_peers.py} in a pyzmq
 * process, read line by line. Tests call {@link PyzmqInterpreter#assumeAvailable()} first.
 */
final class ZguidePeers implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> printed = new CopyOnWriteArrayList<>();
    private final StringBuffer stderr = new StringBuffer();
    private final OutputStream stdin;

    ZguidePeers(String... args) {
        List<String> command = new ArrayList<>(List.of(PyzmqInterpreter.path(), "-u",
                PyzmqInterpreter.script("/poller/zguide_peers.py").toString()));
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
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (out) {
                        printed.add(line);
                        lines.add(line);
                    } else {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        }, "zguide-peers-" + (out ? "out" : "err"));
        t.setDaemon(true);
        t.start();
    }

    /** The next line starting with {@code prefix}, earlier ones skipped; fails with the script's stderr if none comes. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                fail("python printed no '" + prefix + "' within " + timeout + "; " + describe());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Every line printed so far that starts with {@code prefix}, whether awaited or not. */
    List<String> printed(String prefix) {
        List<String> all = new ArrayList<>(printed);
        all.removeIf(l -> !l.startsWith(prefix));
        return all;
    }

    /** The script's state and output, for failure messages. */
    String describe() {
        return "python " + (process.isAlive() ? "running" : "exited with " + process.exitValue())
                + "; its stdout:\n  " + String.join("\n  ", printed) + "\nits stderr:\n" + stderr;
    }

    void writeLine(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the script's stdin and kills it if it has not exited shortly after. */
    @Override
    public void close() throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // gone already
        }
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
