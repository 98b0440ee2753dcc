package io.monocoque.zmq.faults;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JeroMQ 0.6.0 far peer on a thread of its own (JeroMQ sockets are not thread-safe: the
 * thread creates, uses and closes them). A 2 s handshake interval, as the interop peers have.
 */
final class JeroMqFarPeer implements FarPeer {

    private final Thread thread;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final FarPeer.Spec spec;
    private volatile boolean running = true;

    JeroMqFarPeer(FarPeer.Spec spec) {
        this.spec = spec;
        thread = new Thread(this::run, "jeromq-far-peer");
        thread.setDaemon(true);
        thread.start();
        try {
            ready.get(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException("the JeroMQ far peer did not start", e);
        }
    }

    private void run() {
        try (ZContext ctx = new ZContext()) {
            boolean relay = spec.role() == Role.RELAY;
            ZMQ.Socket in = ctx.createSocket(relay ? SocketType.PULL : SocketType.ROUTER);
            in.setLinger(0);
            in.setReconnectIVL(100);
            in.setHandshakeIvl(2000);
            in.setHeartbeatIvl(spec.heartbeatMillis());
            in.setHeartbeatTimeout(spec.heartbeatTimeoutMillis());
            in.setReceiveTimeOut(100);
            if (!relay) {
                // A ROUTER drops at its high-water mark; the burst after a reconnect must not be what is counted.
                in.setSndHWM(0);
            }
            String endpoint;
            if (spec.bind()) {
                String e = spec.endpoint();
                if (e.endsWith(":*")) {
                    int port = in.bindToRandomPort(e.substring(0, e.length() - 2));
                    endpoint = e.substring(0, e.length() - 1) + port;
                } else {
                    in.bind(e);
                    endpoint = e;
                }
            } else {
                in.connect(spec.endpoint());
                endpoint = spec.endpoint();
            }
            ZMQ.Socket out = in;
            if (relay) {
                out = ctx.createSocket(SocketType.PUSH);
                out.setLinger(0);
                out.setSendTimeOut(100);
                out.connect(spec.relayTo());
            }
            ready.complete(endpoint);
            while (running) {
                ZMsg m = ZMsg.recvMsg(in, true);
                while (m != null && running && !m.send(out, false)) {
                    // the collector is a direct link: this waits only while it is busy
                }
                if (m != null) {
                    m.destroy();
                }
            }
        } catch (RuntimeException e) {
            ready.completeExceptionally(e);
            if (running) {
                throw e;
            }
        }
    }

    @Override
    public String endpoint() {
        return ready.join();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "JeroMQ " + spec.role() + (spec.bind() ? " bound at " : " connected to ") + spec.endpoint();
    }
}
