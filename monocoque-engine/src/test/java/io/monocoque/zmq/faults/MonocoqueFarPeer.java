package io.monocoque.zmq.faults;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;

/**
 * A Monocoque far peer in a context of its own (its own I/O thread), in the test's JVM or, through
 * {@link FaultPeerProcess}, in a child JVM: relays or echoes on a thread until closed.
 */
final class MonocoqueFarPeer implements FarPeer {

    private final ZmqContext ctx = ZmqContext.create();
    private final ZmqSocket in;
    private final ZmqSocket out;
    private final Thread loop;
    private final String endpoint;
    private volatile boolean running = true;

    /** Arguments as {@link FarPeer.Spec#arguments()} gives them. */
    static MonocoqueFarPeer start(List<String> args) {
        return new MonocoqueFarPeer(args);
    }

    private MonocoqueFarPeer(List<String> args) {
        boolean relay = args.get(0).equals("relay");
        in = ctx.createSocket(relay ? SocketType.PULL : SocketType.ROUTER);
        in.setOption(SocketOption.LINGER, Duration.ZERO);
        in.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(100));
        in.setOption(SocketOption.HEARTBEAT_INTERVAL, Duration.ofMillis(Long.parseLong(args.get(4))));
        in.setOption(SocketOption.HEARTBEAT_TIMEOUT, Duration.ofMillis(Long.parseLong(args.get(5))));
        if (args.get(1).equals("bind")) {
            in.bind(args.get(2));
            endpoint = in.lastEndpoint();
        } else {
            in.connect(args.get(2));
            endpoint = args.get(2);
        }
        if (relay) {
            out = ctx.createSocket(SocketType.PUSH);
            out.setOption(SocketOption.LINGER, Duration.ZERO);
            out.connect(args.get(3));
        } else {
            // A ROUTER drops at its high-water mark; the burst after a reconnect must not be what is counted.
            in.setOption(SocketOption.SEND_HIGH_WATER_MARK, 0);
            out = in;
        }
        loop = new Thread(this::forward, "monocoque-far-peer");
        loop.setDaemon(true);
        loop.start();
    }

    private void forward() {
        while (running) {
            ZmqMessage m = in.receive(Duration.ofMillis(100));
            while (m != null && running && !out.send(m, Duration.ofMillis(100))) {
                // the collector is a direct link: this waits only while it is busy
            }
        }
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        running = false;
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ctx.close();
    }

    @Override
    public String toString() {
        return "Monocoque " + (out == in ? "echo" : "relay") + " " + endpoint + " (dropped at its HWM: " + in.droppedMessages() + ")";
    }
}
