package io.monocoque.spring.reactive;

import static org.assertj.core.api.Assertions.fail;

import io.monocoque.zmq.testing.PyzmqInterpreter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A pyzmq (libzmq) peer running a short script in a child process; its stdout read line by line. */
final class PyzmqPeer implements AutoCloseable {

    private static final String END = "\u0000end";

    private final Process process;

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private final List<String> seen = new ArrayList<>();

    private PyzmqPeer(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null;) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(unreadable: " + e + ")");
            }
            lines.add(END);
        }, "pyzmq-peer-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code script} (Python, {@code sys.argv[1:]} = {@code args}) with stderr folded into stdout. */
    static PyzmqPeer start(String script, String... args) {
        List<String> command = new ArrayList<>(List.of(PyzmqInterpreter.path(), "-u", "-c", script));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            return new PyzmqPeer(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** The next line the script printed, waiting at most {@code wait}. */
    String line(Duration wait) {
        try {
            String line = lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null || line.equals(END)) {
                fail("the pyzmq peer printed no " + (line == null ? "line within " + wait : "more lines") + "; it printed " + seen);
            }
            seen.add(line);
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits for the script to end and returns its exit code. */
    int exitCode(Duration wait) throws InterruptedException {
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("the pyzmq peer did not end within " + wait + "; it printed " + seen + " " + lines);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
