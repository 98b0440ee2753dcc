package io.monocoque.zmq.interop;

import io.monocoque.zmq.testing.PyzmqInterpreter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A libzmq socket in a python process (heartbeat/libzmq_heartbeat_peer.py) that a test can freeze
 * with SIGSTOP, as a peer whose host stopped answering, and whose monitor events it can read.
 */
final class LibzmqHeartbeatPeer implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final String endpoint;

    /**
     * @param heartbeat libzmq's ZMQ_HEARTBEAT_IVL, ZMQ_HEARTBEAT_TIMEOUT, ZMQ_HEARTBEAT_TTL in ms (0: unset)
     */
    LibzmqHeartbeatPeer(boolean bind, String socketType, String endpoint, int... heartbeat) throws IOException {
        Path script;
        try {
            script = Path.of(LibzmqHeartbeatPeer.class.getResource("/heartbeat/libzmq_heartbeat_peer.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        process = new ProcessBuilder(PyzmqInterpreter.path(), script.toString(), bind ? "bind" : "connect", socketType,
                endpoint, Integer.toString(heartbeat[0]), Integer.toString(heartbeat[1]), Integer.toString(heartbeat[2]))
                .redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "libzmq-heartbeat-peer");
        reader.setDaemon(true);
        reader.start();
        String ready = next(Duration.ofSeconds(20));
        if (ready == null || !ready.startsWith("ready ")) {
            close();
            throw new IllegalStateException("the libzmq peer did not start: " + ready + " " + String.join(" | ", lines));
        }
        this.endpoint = ready.substring("ready ".length());
    }

    /** Where the peer bound (its LAST_ENDPOINT), or the endpoint it connected to. */
    String endpoint() {
        return endpoint;
    }

    /** Waits for the monitor event named {@code name} (e.g. {@code EVENT_DISCONNECTED}); false when it did not come. */
    boolean awaitEvent(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String line; (line = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) != null; ) {
            if (line.equals("event " + name)) {
                return true;
            }
        }
        return false;
    }

    private String next(Duration timeout) {
        try {
            return lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** SIGSTOP: the process keeps its sockets open and answers nothing. */
    void freeze() throws IOException, InterruptedException {
        signal("-STOP", process.pid());
    }

    static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " " + pid + " failed");
        }
    }

    @Override
    public void close() {
        try {
            signal("-CONT", process.pid());
        } catch (IOException | InterruptedException | IllegalStateException ignored) {
            // it may be gone already
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
