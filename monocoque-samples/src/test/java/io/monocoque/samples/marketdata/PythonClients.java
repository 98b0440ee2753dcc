package io.monocoque.samples.marketdata;

import static org.junit.jupiter.api.Assertions.fail;

import io.monocoque.zmq.testing.PyzmqInterpreter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the python clients of docs/sample.md ({@code monocoque-samples/clients/python/*.py}) with a python
 * that has pyzmq, so libzmq itself talks to the sample.
 *
 * <p>The interpreter is the one the engine's interop tests use ({@link PyzmqInterpreter}): without
 * pyzmq a test is skipped with the reason, unless {@code MONOCOQUE_REQUIRE_PYZMQ=1} (as CI sets
 * it) makes that a failure.
 */
final class PythonClients {

    private static final Duration RUN_LIMIT = Duration.ofSeconds(30);

    /** What one client run printed, and how it ended. */
    record Run(int exitCode, String stdout, String stderr) {

        /** stdout's lines, stripped. */
        List<String> lines() {
            return stdout.strip().lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }

    private PythonClients() {
    }

    /**
     * Runs {@code clients/python/<script>} with {@code args} and waits for it to end (at most 30 s,
     * then it is killed and the test fails). Skips or fails the calling test when there is no pyzmq.
     */
    static Run run(String script, String... args) {
        String python = PyzmqInterpreter.path();
        Path file = clientsDirectory().resolve(script);
        if (!Files.isRegularFile(file)) {
            fail("no python client at " + file.toAbsolutePath());
        }
        List<String> command = new ArrayList<>(List.of(python, "-u", file.toString()));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> out = readAll(process.getInputStream());
            CompletableFuture<String> err = readAll(process.getErrorStream());
            if (!process.waitFor(RUN_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + RUN_LIMIT.toSeconds() + " s; stderr:\n"
                        + err.getNow(""));
            }
            return new Run(process.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot read what " + command + " printed", e);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** {@code monocoque-samples/clients/python}, the clients docs/sample.md shows. */
    static Path clientsDirectory() {
        return Path.of(System.getProperty("basedir", "."), "clients", "python");
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        }, "python-client-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
