package io.monocoque.spring.pyzmq;

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

/**
 * A libzmq peer: a python script run with pyzmq in a child process, talking to the test through
 * ZeroMQ and through its output lines. A script that binds prints {@code endpoint <endpoint>}
 * once it is bound (see {@link #endpoint()}). Skips the calling test without pyzmq, or fails it
 * when {@code MONOCOQUE_REQUIRE_PYZMQ=1}.
 */
public final class PyzmqPeer implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder errors = new StringBuilder();

    private PyzmqPeer(Process process) {
        this.process = process;
        Thread out = new Thread(() -> read(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                lines::add), "pyzmq-peer-out");
        Thread err = new Thread(() -> read(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
                line -> {
                    synchronized (errors) {
                        errors.append(line).append('\n');
                    }
                }), "pyzmq-peer-err");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /** Starts {@code script} (python source) with {@code args} as {@code sys.argv[1:]}. */
    public static PyzmqPeer start(String script, String... args) {
        List<String> command = new ArrayList<>(List.of(PyzmqInterpreter.path(), "-u", "-c", script));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            return new PyzmqPeer(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    private static void read(BufferedReader reader, java.util.function.Consumer<String> sink) {
        try (reader) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                sink.accept(line);
            }
        } catch (IOException e) {
            // the process went away
        }
    }

    /** The next output line, waiting at most 20 s (then the test fails with the script's stderr). */
    public String nextLine() {
        try {
            String line = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new AssertionError("the pyzmq peer printed nothing within " + WAIT.toSeconds() + " s (alive: " + process.isAlive()
                        + "); stderr:\n" + stderr());
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The next output line that starts with {@code prefix}, without the prefix and one space. */
    public String nextLine(String prefix) {
        String line = nextLine();
        while (!line.startsWith(prefix)) {
            line = nextLine();
        }
        return line.substring(prefix.length()).strip();
    }

    /** The endpoint the script printed as {@code endpoint <endpoint>}. */
    public String endpoint() {
        return nextLine("endpoint");
    }

    /** What the script wrote to stderr so far. */
    public String stderr() {
        synchronized (errors) {
            return errors.toString();
        }
    }

    /** Waits up to 20 s for the script to end and returns its exit code. */
    public int waitFor() throws InterruptedException {
        if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the pyzmq peer did not end within " + WAIT.toSeconds() + " s; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
