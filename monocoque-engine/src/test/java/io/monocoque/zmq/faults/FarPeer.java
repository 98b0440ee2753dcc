package io.monocoque.zmq.faults;

import io.monocoque.zmq.testing.PyzmqInterpreter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The peer on the far side of a fault: a PULL that relays every message to a PUSH connected
 * straight (no faults) to the test's collector, or a ROUTER that echoes every message back to
 * its sender; with heartbeats, so that it too drops a connection that went silent. An echoing
 * ROUTER has no send high-water mark: a ROUTER drops at it, and the burst a reconnect releases
 * would otherwise be counted as the fault's loss.
 */
interface FarPeer extends AutoCloseable {

    /** The implementations a fault test can put on the far side. */
    enum Kind { MONOCOQUE, MONOCOQUE_PROCESS, LIBZMQ, JEROMQ }

    /** What the far peer does with each message. */
    enum Role { RELAY, ECHO }

    /**
     * @param endpoint  where to bind ({@code tcp://127.0.0.1:*}, or a port to bind again) or connect
     * @param relayTo   the collector's endpoint, for {@link Role#RELAY}
     */
    record Spec(Kind kind, Role role, boolean bind, String endpoint, String relayTo, int heartbeatMillis, int heartbeatTimeoutMillis) {

        /** The same peer at {@code endpoint}: to start it again where it was bound. */
        Spec at(String endpoint) {
            return new Spec(kind, role, bind, endpoint, relayTo, heartbeatMillis, heartbeatTimeoutMillis);
        }

        List<String> arguments() {
            return List.of(role.name().toLowerCase(java.util.Locale.ROOT), bind ? "bind" : "connect", endpoint,
                    relayTo == null ? "-" : relayTo, Integer.toString(heartbeatMillis), Integer.toString(heartbeatTimeoutMillis));
        }
    }

    /** Starts a far peer and waits until it has bound or connected. */
    static FarPeer start(Spec spec) throws IOException {
        switch (spec.kind()) {
            case MONOCOQUE:
                return MonocoqueFarPeer.start(spec.arguments());
            case JEROMQ:
                return new JeroMqFarPeer(spec);
            case LIBZMQ: {
                List<String> cmd = new ArrayList<>();
                cmd.add(PyzmqInterpreter.path());
                cmd.add(PyzmqInterpreter.script("/faults/fault_peer.py").toString());
                cmd.addAll(spec.arguments());
                return new ProcessPeer(cmd);
            }
            case MONOCOQUE_PROCESS: {
                List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m", "-cp", System.getProperty("java.class.path"), FaultPeerProcess.class.getName()));
                cmd.addAll(spec.arguments());
                return new ProcessPeer(cmd);
            }
            default:
                throw new IllegalArgumentException(spec.kind().toString());
        }
    }

    /** Where the peer bound (its last endpoint), or the endpoint it connects to. */
    String endpoint();

    /** {@code kill -9}: only a peer in a process of its own can be killed. */
    default void kill() throws IOException, InterruptedException {
        throw new UnsupportedOperationException(this + " runs in the test's JVM");
    }

    /** SIGSTOP: the process keeps its sockets open and answers nothing. */
    default void freeze() throws IOException, InterruptedException {
        throw new UnsupportedOperationException(this + " runs in the test's JVM");
    }

    /** SIGCONT after {@link #freeze()}. */
    default void thaw() throws IOException, InterruptedException {
        throw new UnsupportedOperationException(this + " runs in the test's JVM");
    }

    @Override
    void close();

    /** A far peer in a child process (pyzmq, or Monocoque in a JVM of its own) that prints "ready endpoint". */
    final class ProcessPeer implements FarPeer {

        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final String endpoint;
        private final String name;

        ProcessPeer(List<String> command) throws IOException {
            name = String.join(" ", command.subList(command.size() - 7, command.size())).replaceAll("^\\S*[/.]", "");
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "far-peer-output");
            reader.setDaemon(true);
            reader.start();
            String ready = null;
            List<String> before = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            try {
                // A log line (the JVM's transport choice) may come first.
                while (ready == null && System.nanoTime() < deadline) {
                    String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (line != null && line.startsWith("ready ")) {
                        ready = line;
                    } else if (line != null) {
                        before.add(line);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (ready == null) {
                close();
                throw new IllegalStateException(name + " did not start: " + String.join(" | ", before) + " | " + String.join(" | ", lines));
            }
            endpoint = ready.substring("ready ".length());
        }

        @Override
        public String endpoint() {
            return endpoint;
        }

        @Override
        public void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Linux
            process.waitFor(10, TimeUnit.SECONDS);
        }

        @Override
        public void freeze() throws IOException, InterruptedException {
            signal("-STOP");
        }

        @Override
        public void thaw() throws IOException, InterruptedException {
            signal("-CONT");
        }

        private void signal(String signal) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
            }
        }

        @Override
        public void close() {
            if (!process.isAlive()) {
                return;
            }
            try {
                signal("-CONT");
                process.getOutputStream().close();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (IOException | IllegalStateException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
