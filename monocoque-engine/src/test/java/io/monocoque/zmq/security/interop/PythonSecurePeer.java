package io.monocoque.zmq.security.interop;

import io.monocoque.zmq.testing.PyzmqInterpreter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * libzmq peers through pyzmq: {@code security/secure_peer.py} run as a child process by the
 * interpreter {@link PyzmqInterpreter} finds.
 */
final class PythonSecurePeer implements SecurePeer {

    private static final String SCRIPT = "/security/secure_peer.py";

    /** Starts python peers and kills, on close, those still running. */
    static final class Launcher implements SecurePeer.Launcher {

        private final List<PythonSecurePeer> peers = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String implementation() {
            return "libzmq " + PyzmqInterpreter.libzmqVersion();
        }

        @Override
        public SecurePeer start(Spec spec) {
            List<String> command = new ArrayList<>(List.of(PyzmqInterpreter.path(), "-u", PyzmqInterpreter.script(SCRIPT).toString(), spec.mode(),
                    spec.bind() ? "--bind" : "--connect", spec.endpoint(), "--count", Integer.toString(spec.count()),
                    "--timeout", Long.toString(STEP.toSeconds())));
            command.addAll(spec.security());
            try {
                PythonSecurePeer p = new PythonSecurePeer(spec.mode(), new ProcessBuilder(command).start());
                peers.add(p);
                return p;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            List<PythonSecurePeer> all;
            synchronized (peers) {
                all = new ArrayList<>(peers);
                peers.clear();
            }
            all.forEach(PythonSecurePeer::close);
        }
    }

    private static final String EOF = new String("<eof>");

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread out;
    private final Thread err;

    private PythonSecurePeer(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = pump(process.getInputStream(), lines::add, true);
        this.err = pump(process.getErrorStream(), l -> stderr.append(l).append('\n'), false);
    }

    private Thread pump(InputStream in, java.util.function.Consumer<String> sink, boolean stdout) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // killed
            } finally {
                if (stdout) {
                    lines.add(EOF);
                }
            }
        }, "secure-peer-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private String poll(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line;
            try {
                line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted");
            }
            if (line == null) {
                return null;
            }
            if (line == EOF) {
                lines.add(EOF);
                throw failure("the python peer ended before reporting " + prefix.trim());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    private String await(String prefix) {
        String line = poll(prefix, STEP);
        if (line == null) {
            throw failure("no " + prefix.trim() + " from the python peer within " + STEP.toSeconds() + " s");
        }
        return line;
    }

    @Override
    public String awaitReady() {
        return await("READY ").substring(6).trim();
    }

    @Override
    public boolean pollReport(String word, Duration timeout) {
        return poll(word, timeout) != null;
    }

    @Override
    public String problem() {
        if (process.isAlive() || process.exitValue() == 0) {
            return null;
        }
        return "the python peer exited with " + process.exitValue() + "\n  stderr:\n" + stderr;
    }

    @Override
    public String describe() {
        return "python peer [" + name + "] " + (process.isAlive() ? "running" : "exited " + process.exitValue())
                + ", stderr:\n" + stderr;
    }

    @Override
    public void tell(String word) {
        try {
            stdin.write(word + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw failure("cannot tell the python peer " + word);
        }
    }

    @Override
    public int awaitFinished() {
        String line = await("FINISHED ");
        tell("DONE");
        try {
            if (!process.waitFor(STEP.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw failure("the python peer did not end cleanly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Integer.parseInt(line.substring(9).trim());
    }

    private AssertionError failure(String what) {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            err.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new AssertionError(what + "\n  python peer [" + name + "] stderr:\n" + stderr);
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // gone
        }
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            out.join(1000);
            err.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
