package io.monocoque.zmq.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The python interpreter that can {@code import zmq} (pyzmq, so real libzmq), for every test in
 * the project that talks to libzmq through a python child process.
 *
 * <p>The search runs once per JVM: {@code /usr/bin/python3} (where Debian's {@code python3-zmq}
 * lives), then {@code python3} on the PATH; the system property {@value #PYTHON_PROPERTY} names
 * the only interpreter to try instead ({@code mvn test -Dmonocoque.python=/opt/py/bin/python3}).
 *
 * <p>Without pyzmq a test calling {@link #assumeAvailable()} is skipped with the reason — unless
 * the environment variable {@value #REQUIRE_ENV} is {@code 1}, {@code true} or {@code yes} (CI
 * sets it): then a missing pyzmq fails the test instead of hiding it.
 */
public final class PyzmqInterpreter {

    /** The environment variable that turns a missing pyzmq from a skip into a failure. */
    public static final String REQUIRE_ENV = "MONOCOQUE_REQUIRE_PYZMQ";
    /** The system property naming the one interpreter to try, instead of {@link #CANDIDATES}. */
    public static final String PYTHON_PROPERTY = "monocoque.python";
    /** The interpreters tried, in order. */
    public static final List<String> CANDIDATES = List.of("/usr/bin/python3", "python3");

    private static Probe probe;
    private static final Map<String, Path> SCRIPTS = new ConcurrentHashMap<>();

    private PyzmqInterpreter() {
    }

    /** What the search found: an interpreter and the libzmq version pyzmq wraps, or why none. */
    public record Probe(String interpreter, String libzmqVersion, String problem) {
    }

    /** The search's result, made once per JVM. */
    public static synchronized Probe probe() {
        if (probe == null) {
            String chosen = System.getProperty(PYTHON_PROPERTY);
            probe = search(chosen == null || chosen.isBlank() ? CANDIDATES : List.of(chosen.trim()));
        }
        return probe;
    }

    /** Tries each candidate until one imports zmq; the problem names every candidate that failed. */
    public static Probe search(List<String> candidates) {
        List<String> problems = new ArrayList<>();
        for (String python : candidates) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import zmq; print(zmq.zmq_version())")
                        .redirectErrorStream(true)
                        .start();
                p.getOutputStream().close();
                CompletableFuture<String> out = readAll(p.getInputStream());
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    problems.add(python + ": timed out importing zmq");
                    continue;
                }
                String text = out.get(5, TimeUnit.SECONDS).trim();
                if (p.exitValue() == 0) {
                    return new Probe(python, text, null);
                }
                problems.add(python + ": " + text.substring(text.lastIndexOf('\n') + 1));
            } catch (IOException e) {
                problems.add(python + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add(python + ": interrupted");
            } catch (Exception e) {
                problems.add(python + ": " + e);
            }
        }
        return new Probe(null, null, String.join("; ", problems));
    }

    /**
     * Whether pyzmq can be used. If not and {@value #REQUIRE_ENV} asks for it, fails the calling
     * test with the reason instead of returning false.
     */
    public static boolean available() {
        return decide(probe(), System.getenv(REQUIRE_ENV));
    }

    /** Skips the calling test, with the reason, when pyzmq is missing (or fails it, when required). */
    public static void assumeAvailable() {
        assumeTrue(available(), PyzmqInterpreter::unavailableReason);
    }

    /** The interpreter's path; skips or fails the calling test as {@link #assumeAvailable()} does. */
    public static String path() {
        assumeAvailable();
        return probe().interpreter();
    }

    /** The decision of {@link #available()}, given the search result and the variable's value. */
    public static boolean decide(Probe probe, String requireValue) {
        if (probe.interpreter() != null) {
            return true;
        }
        if (required(requireValue)) {
            fail(REQUIRE_ENV + "=" + requireValue + " but " + describeMissing(probe)
                    + ". Install pyzmq (Debian: apt-get install python3-zmq) for /usr/bin/python3.");
        }
        return false;
    }

    /** Whether the variable's value asks for pyzmq to be mandatory. */
    public static boolean required(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("1") || v.equals("true") || v.equals("yes");
    }

    /** Why the libzmq tests are skipped, for {@code assumeTrue}. */
    public static String unavailableReason() {
        return describeMissing(probe()) + ": libzmq interop tests skipped (install python3-zmq, or set "
                + REQUIRE_ENV + "=1 to make this a failure)";
    }

    /** The libzmq version pyzmq wraps, e.g. {@code 4.3.4}, or null without pyzmq. */
    public static String libzmqVersion() {
        return probe().libzmqVersion();
    }

    /**
     * A python script from the class path as a file the interpreter can run, copied out once per
     * JVM so that it runs the same from a jar or a directory.
     */
    public static Path script(String resource) {
        return SCRIPTS.computeIfAbsent(resource, PyzmqInterpreter::copyOut);
    }

    private static Path copyOut(String resource) {
        URL url = PyzmqInterpreter.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException(resource + " is not on the test class path");
        }
        try (InputStream in = url.openStream()) {
            String name = resource.substring(resource.lastIndexOf('/') + 1);
            Path tmp = Files.createTempFile("monocoque-", "-" + name);
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describeMissing(Probe probe) {
        return "no python interpreter that can 'import zmq' (pyzmq) was found [" + probe.problem() + "]";
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.completeExceptionally(e);
            }
        }, "pyzmq-probe");
        t.setDaemon(true);
        t.start();
        return f;
    }
}
