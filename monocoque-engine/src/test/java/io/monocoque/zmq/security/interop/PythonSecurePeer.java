package io.monocoque.zmq.security.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * libzmq peers through pyzmq: {@code security/secure_peer.py} run as a child process.
 *
 * <p>Finding pyzmq follows the rule of the engine's other libzmq interop tests (the
 * {@code io.monocoque.zmq.interop} package, whose helper is package-private): try
 * {@code /usr/bin/python3}, then {@code python3} (or only the interpreter named by the system
 * property {@code monocoque.python}); without one that can {@code import zmq} the tests are
 * skipped with the reason, unless the environment variable {@code MONOCOQUE_REQUIRE_PYZMQ} is
 * {@code 1}, {@code true} or {@code yes}: then they fail.
 */
final class PythonSecurePeer implements SecurePeer {

    static final String REQUIRE_ENV = "MONOCOQUE_REQUIRE_PYZMQ";
    private static final String SCRIPT = "/security/secure_peer.py";
    private static String interpreter;
    private static String problem;
    private static String version;
    private static Path script;

    /** Finds an interpreter with pyzmq, once. */
    static synchronized boolean available() {
        if (interpreter == null && problem == null) {
            String chosen = System.getProperty("monocoque.python");
            List<String> candidates = chosen == null || chosen.isBlank() ? List.of("/usr/bin/python3", "python3") : List.of(chosen.trim());
            List<String> problems = new ArrayList<>();
            for (String python : candidates) {
                try {
                    Process p = new ProcessBuilder(python, "-c", "import zmq; print(zmq.zmq_version())").redirectErrorStream(true).start();
                    p.getOutputStream().close();
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        problems.add(python + ": timed out");
                        continue;
                    }
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                    if (p.exitValue() == 0) {
                        interpreter = python;
                        version = out;
                        break;
                    }
                    problems.add(python + ": " + out.substring(out.lastIndexOf('\n') + 1));
                } catch (IOException e) {
                    problems.add(python + ": " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    problems.add(python + ": interrupted");
                }
            }
            if (interpreter == null) {
                problem = String.join("; ", problems);
            }
        }
        if (interpreter != null) {
            return true;
        }
        String require = System.getenv(REQUIRE_ENV);
        if (require != null && List.of("1", "true", "yes").contains(require.trim().toLowerCase(Locale.ROOT))) {
            fail(REQUIRE_ENV + "=" + require + " but no python with pyzmq was found [" + problem + "]");
        }
        return false;
    }

    static String unavailableReason() {
        return "no python interpreter that can 'import zmq' (pyzmq) was found [" + problem
                + "]: libzmq security interop tests skipped (install python3-zmq, or set " + REQUIRE_ENV + "=1 to fail instead)";
    }

    private static synchronized Path script() {
        if (script == null) {
            URL url = PythonSecurePeer.class.getResource(SCRIPT);
            if (url == null) {
                throw new IllegalStateException(SCRIPT + " is not on the test class path");
            }
            try {
                Path tmp = Files.createTempFile("secure_peer", ".py");
                tmp.toFile().deleteOnExit();
                try (InputStream in = url.openStream()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                script = tmp;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return script;
    }

    /** Starts python peers and kills, on close, those still running. */
    static final class Launcher implements SecurePeer.Launcher {

        private final List<PythonSecurePeer> peers = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String implementation() {
            return "libzmq " + version;
        }

        @Override
        public SecurePeer start(Spec spec) {
            List<String> command = new ArrayList<>(List.of(interpreter, "-u", script().toString(), spec.mode(),
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
