package io.monocoque.zmq.interop;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * libzmq peers for the interop tests: the python script {@code interop/zmq_peer.py} run with an
 * interpreter that can {@code import zmq} (pyzmq), as child processes.
 *
 * <p>The interpreter is the one {@link PyzmqInterpreter} finds; tests call
 * {@link PyzmqInterpreter#assumeAvailable()} first.
 *
 * <h2>Running peers</h2>
 * An instance starts peers ({@link #start}) and is {@link AutoCloseable}: closing it kills every
 * process it started that is still running. Each peer's stdout is read line by line (the
 * conversation of {@link InteropPeer}), its stderr collected for failure messages, and each
 * waiting step is bounded: a peer that does not answer in time is killed and the test fails with
 * what it wrote to stderr. A peer also kills itself after {@link #LIFETIME}, in case the JVM
 * could not.
 */
final class PyZmq implements InteropPeer.Launcher, AutoCloseable {

    /** The longest a peer process may live. */
    static final Duration LIFETIME = Duration.ofSeconds(90);

    private static final String SCRIPT = "/interop/zmq_peer.py";

    private final List<PythonPeer> peers = Collections.synchronizedList(new ArrayList<>());

    // ---- running peers -------------------------------------------------------------------------

    @Override
    public String implementation() {
        return "libzmq " + PyzmqInterpreter.libzmqVersion();
    }

    @Override
    public PythonPeer start(String mode, boolean bind, String endpoint, int count, String... options) {
        List<String> args = new ArrayList<>(List.of(mode, bind ? "--bind" : "--connect", endpoint,
                "--count", Integer.toString(count),
                "--timeout", Long.toString(InteropPeer.STEP.toSeconds()),
                "--lifetime", Long.toString(LIFETIME.toSeconds())));
        args.addAll(List.of(options));
        return start(args);
    }

    /** Runs {@code zmq_peer.py} with these arguments. */
    PythonPeer start(List<String> args) {
        return startScript(SCRIPT, args);
    }

    /** Runs another python script of the test resources (e.g. {@code /interop/option_peer.py}) with these arguments. */
    PythonPeer startScript(String script, List<String> args) {
        String python = PyzmqInterpreter.probe().interpreter();
        if (python == null) {
            fail(PyzmqInterpreter.unavailableReason());
        }
        List<String> command = new ArrayList<>(List.of(python, "-u", PyzmqInterpreter.script(script).toString()));
        command.addAll(args);
        try {
            PythonPeer peer = new PythonPeer(String.join(" ", args), new ProcessBuilder(command).start());
            peers.add(peer);
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Kills every peer still running. */
    @Override
    public void close() {
        List<PythonPeer> all;
        synchronized (peers) {
            all = new ArrayList<>(peers);
            peers.clear();
        }
        for (PythonPeer peer : all) {
            peer.close();
        }
    }

    /**
     * One python peer process. Lines on its stdout are queued for {@link #awaitLine}; its stderr
     * is kept for failure messages; lines for it go to its stdin.
     */
    static final class PythonPeer implements InteropPeer {

        private static final String EOF = new String("<end of output>");

        private final String name;
        private final Process process;
        private final Writer stdin;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuffer stdout = new StringBuffer();
        private final StringBuffer stderr = new StringBuffer();
        private final Thread outPump;
        private final Thread errPump;
        private volatile boolean sawEof;
        private volatile boolean killedByWatchdog;

        PythonPeer(String name, Process process) {
            this.name = name;
            this.process = process;
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.outPump = pump(process.getInputStream(), line -> {
                stdout.append(line).append('\n');
                lines.add(line);
            }, "out");
            this.errPump = pump(process.getErrorStream(), line -> stderr.append(line).append('\n'), "err");
            CompletableFuture.delayedExecutor(LIFETIME.toMillis() + 5_000, TimeUnit.MILLISECONDS).execute(() -> {
                if (process.isAlive()) {
                    killedByWatchdog = true;
                    process.destroyForcibly();
                }
            });
        }

        private Thread pump(InputStream in, java.util.function.Consumer<String> sink, String kind) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        sink.accept(line);
                    }
                } catch (IOException e) {
                    // the process was killed: what we have is all there is
                } finally {
                    if (kind.equals("out")) {
                        lines.add(EOF);
                    }
                }
            }, "pyzmq-" + kind + "-" + process.pid());
            t.setDaemon(true);
            t.start();
            return t;
        }

        /** The process, for tests that need to look at it. */
        Process process() {
            return process;
        }

        /**
         * The next stdout line starting with {@code prefix} (earlier lines are skipped), waiting up to
         * {@code timeout}; null if none came in time.
         *
         * @throws AssertionError if the process ends first
         */
        String pollLine(String prefix, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (sawEof) {
                    throw failure("the python peer ended before reporting " + prefix.trim());
                }
                String line;
                try {
                    line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failure("interrupted waiting for " + prefix.trim());
                }
                if (line == null) {
                    return null;
                }
                if (line == EOF) {
                    sawEof = true;
                    continue;
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }

        /** Like {@link #pollLine} but fails, killing the process, when nothing came in time. */
        String awaitLine(String prefix, Duration timeout) {
            String line = pollLine(prefix, timeout);
            if (line == null) {
                throw failure("no '" + prefix.trim() + "' from the python peer within " + timeout.toSeconds() + " s");
            }
            return line;
        }

        @Override
        public String awaitReady() {
            return awaitLine("READY ", STEP).substring("READY ".length()).trim();
        }

        @Override
        public boolean pollReport(String word, Duration timeout) {
            return pollLine(word, timeout) != null;
        }

        @Override
        public void tell(String word) {
            try {
                stdin.write(word + "\n");
                stdin.flush();
            } catch (IOException e) {
                throw failure("cannot tell the python peer " + word + ": " + e.getMessage());
            }
        }

        @Override
        public int awaitFinished() {
            String line = awaitLine("FINISHED ", STEP);
            tell("DONE");
            awaitExit(STEP);
            return Integer.parseInt(line.substring("FINISHED ".length()).trim());
        }

        /** Waits for the process to exit with status 0. */
        void awaitExit(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw failure("the python peer did not exit within " + timeout.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted waiting for the python peer to exit");
            }
            if (process.exitValue() != 0) {
                throw failure("the python peer failed");
            }
        }

        /** An AssertionError describing the peer's state and output; kills the peer if it runs. */
        AssertionError failure(String what) {
            boolean wasAlive = process.isAlive();
            if (wasAlive) {
                process.destroyForcibly();
            }
            try {
                process.waitFor(5, TimeUnit.SECONDS);
                outPump.join(2_000);
                errPump.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String state = wasAlive ? "was still running (killed)"
                    : killedByWatchdog ? "was killed after its " + LIFETIME.toSeconds() + " s lifetime"
                    : "exited with status " + process.exitValue();
            return new AssertionError(what + "\n  python peer [" + name + "] " + state
                    + "\n  its stderr:\n" + indent(stderr.toString())
                    + "\n  its stdout:\n" + indent(stdout.toString()));
        }

        private static String indent(String text) {
            if (text.isBlank()) {
                return "    (nothing)";
            }
            String t = text.length() > 8_000 ? "..." + text.substring(text.length() - 8_000) : text;
            return "    " + t.strip().replace("\n", "\n    ");
        }

        /** Kills the process if it still runs and stops reading its output. */
        @Override
        public void close() {
            try {
                stdin.close();
            } catch (IOException e) {
                // it is gone already
            }
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(1, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        process.waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
            try {
                outPump.join(1_000);
                errPump.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String describe() {
            return "python peer [" + name + "] " + (process.isAlive() ? "running" : "exited with status " + process.exitValue())
                    + "\n  its stderr:\n" + indent(stderr.toString());
        }

        @Override
        public String toString() {
            return "python peer [" + name + "]";
        }
    }
}
