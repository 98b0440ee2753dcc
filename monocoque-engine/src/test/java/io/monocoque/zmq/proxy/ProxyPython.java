package io.monocoque.zmq.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A python (pyzmq, so real libzmq) helper process for the proxy tests, running a script from
 * {@code src/test/resources/proxy/}.
 *
 * <p>{@link #assumePyZmq()} skips the calling test, with the reason, when
 * {@code /usr/bin/python3 -c 'import zmq'} fails — unless {@code MONOCOQUE_REQUIRE_PYZMQ=1},
 * which makes a missing pyzmq a failure instead (the rule of the interop tests, whose helper is
 * package-private there).
 */
final class ProxyPython implements AutoCloseable {

    static final String PYTHON = "/usr/bin/python3";
    static final String REQUIRE_ENV = "MONOCOQUE_REQUIRE_PYZMQ";

    private static String problem; // null: not probed yet; "": pyzmq works

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final OutputStream stdin;

    /** Skips (or, with {@value #REQUIRE_ENV}=1, fails) the test when pyzmq cannot be imported. */
    static void assumePyZmq() {
        String why = probe();
        if (why.isEmpty()) {
            return;
        }
        if ("1".equals(System.getenv(REQUIRE_ENV))) {
            fail(REQUIRE_ENV + "=1 but " + why);
        }
        assumeTrue(false, why + " (install python3-zmq, or set " + REQUIRE_ENV + "=1 to make this a failure)");
    }

    private static synchronized String probe() {
        if (problem == null) {
            try {
                Process p = new ProcessBuilder(PYTHON, "-c", "import zmq").redirectErrorStream(true).start();
                p.getOutputStream().close();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    problem = PYTHON + " timed out importing zmq";
                } else {
                    problem = p.exitValue() == 0 ? ""
                            : PYTHON + " cannot import zmq: " + new String(out, StandardCharsets.UTF_8).trim();
                }
            } catch (IOException e) {
                problem = PYTHON + " cannot be run: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem = "interrupted while probing " + PYTHON;
            }
        }
        return problem;
    }

    /** Starts {@code resources/proxy/<script>} with these arguments. */
    ProxyPython(String script, String... args) {
        Path file = copyScript(script);
        List<String> command = new java.util.ArrayList<>(List.of(PYTHON, "-u", file.toString()));
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

    private static Path copyScript(String script) {
        // Copied out of the class path, so it runs the same from a jar or a directory.
        try (InputStream in = ProxyPython.class.getResourceAsStream("/proxy/" + script)) {
            if (in == null) {
                throw new IllegalStateException("/proxy/" + script + " is not on the test class path");
            }
            Path tmp = Files.createTempFile("monocoque-proxy-", ".py");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
