package io.monocoque.zmq.interop;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.interop.Scenarios.Side;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Heartbeats (ZMTP 3.1 PING/PONG) against libzmq through pyzmq, and JeroMQ: a frozen peer is
 * found dead within 1.5 heartbeat timeouts from either side, a peer's TTL is honoured, and
 * heartbeats keep an idle connection up without a false disconnect.
 */
@Timeout(60)
class LibzmqHeartbeatTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofMillis(1000);

    /** A monitor event and when it reached the test, in System.nanoTime(). */
    private record Seen(long at, MonitorEvent event) {
    }

    private ZmqContext ctx;
    private final List<Seen> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        ctx = ZmqContext.create();
    }

    @AfterEach
    void stop() {
        ctx.close();
    }

    private ZmqSocket socket(io.monocoque.zmq.SocketType type, Duration interval, Duration timeout) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        s.setOption(SocketOption.HEARTBEAT_INTERVAL, interval);
        s.setOption(SocketOption.HEARTBEAT_TIMEOUT, timeout);
        s.monitor(e -> events.add(new Seen(System.nanoTime(), e)));
        return s;
    }

    private Seen awaitEvent(MonitorEventType type, String reason, Duration within) {
        await().atMost(within).until(() -> find(type, reason) != null);
        return find(type, reason);
    }

    private Seen find(MonitorEventType type, String reason) {
        return events.stream().filter(s -> s.event().type() == type
                && (reason == null || (s.event().reason() != null && s.event().reason().contains(reason))))
                .findFirst().orElse(null);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void aFrozenLibzmqPeerIsDroppedWithinOneAndAHalfHeartbeatTimeouts(Side side) throws Exception {
        ZmqSocket s = socket(side == Side.BINDS ? io.monocoque.zmq.SocketType.ROUTER : io.monocoque.zmq.SocketType.DEALER,
                INTERVAL, TIMEOUT);
        LibzmqHeartbeatPeer peer;
        if (side == Side.BINDS) {
            s.bind("tcp://127.0.0.1:*");
            peer = new LibzmqHeartbeatPeer(false, "DEALER", s.lastEndpoint(), 0, 0, 0);
        } else {
            peer = new LibzmqHeartbeatPeer(true, "ROUTER", "tcp://127.0.0.1:*", 0, 0, 0);
            s.connect(peer.endpoint());
        }
        try (peer) {
            awaitEvent(MonitorEventType.HANDSHAKE_SUCCEEDED, null, Duration.ofSeconds(10));
            // Five heartbeat rounds with a live peer: its PONGs keep the connection up.
            Thread.sleep(5 * INTERVAL.toMillis());
            assertThat(find(MonitorEventType.DISCONNECTED, null)).as("disconnected while the peer was alive").isNull();
            assertThat(s.statistics().connectedPeers()).isEqualTo(1);

            long frozenAt = System.nanoTime();
            peer.freeze();
            Seen dead = awaitEvent(MonitorEventType.DISCONNECTED, "heartbeat timeout", Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(dead.at() - frozenAt)).as("time to find the frozen peer dead")
                    .isLessThanOrEqualTo(TIMEOUT.multipliedBy(3).dividedBy(2));
            await().atMost(Duration.ofSeconds(5)).until(() -> s.statistics().connectedPeers() == 0);
        }
    }

    @Test
    void aFrozenLibzmqPeerIsDroppedAtTheTtlItAnnounced() throws Exception {
        ZmqSocket router = socket(io.monocoque.zmq.SocketType.ROUTER, Duration.ZERO, Duration.ofMillis(-1));
        router.bind("tcp://127.0.0.1:*");
        Duration ttl = Duration.ofMillis(1000);
        try (LibzmqHeartbeatPeer peer = new LibzmqHeartbeatPeer(false, "DEALER", router.lastEndpoint(),
                100, 0, (int) ttl.toMillis())) {
            awaitEvent(MonitorEventType.HANDSHAKE_SUCCEEDED, null, Duration.ofSeconds(10));
            Thread.sleep(500);
            assertThat(find(MonitorEventType.DISCONNECTED, null)).isNull();
            long frozenAt = System.nanoTime();
            peer.freeze();
            Seen dead = awaitEvent(MonitorEventType.DISCONNECTED, "TTL", Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(dead.at() - frozenAt)).as("time to drop the silent peer")
                    .isLessThanOrEqualTo(ttl.multipliedBy(3).dividedBy(2));
        }
    }

    @Test
    void libzmqFindsAFrozenMonocoqueProcessDead() throws Exception {
        java.nio.file.Path javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java");
        Process server = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                io.monocoque.zmq.transport.EchoServerProcess.class.getName(), "200")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream(),
                java.nio.charset.StandardCharsets.US_ASCII))) {
            String ready = out.readLine();
            assertThat(ready).startsWith("ready ");
            try (LibzmqHeartbeatPeer peer = new LibzmqHeartbeatPeer(false, "DEALER", ready.substring("ready ".length()),
                    (int) INTERVAL.toMillis(), (int) TIMEOUT.toMillis(), 0)) {
                assertThat(peer.awaitEvent("EVENT_HANDSHAKE_SUCCEEDED", Duration.ofSeconds(10))).isTrue();
                assertThat(peer.awaitEvent("EVENT_DISCONNECTED", Duration.ofMillis(5 * INTERVAL.toMillis())))
                        .as("libzmq took the live Monocoque process for dead").isFalse();
                long frozenAt = System.nanoTime();
                LibzmqHeartbeatPeer.signal("-STOP", server.pid());
                try {
                    assertThat(peer.awaitEvent("EVENT_DISCONNECTED", Duration.ofSeconds(10))).isTrue();
                    assertThat(Duration.ofNanos(System.nanoTime() - frozenAt)).as("libzmq's time to find us dead")
                            .isLessThanOrEqualTo(TIMEOUT.multipliedBy(3).dividedBy(2));
                } finally {
                    LibzmqHeartbeatPeer.signal("-CONT", server.pid());
                }
            }
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void heartbeatsKeepAnIdleConnectionToLibzmqUpBothWays() throws Exception {
        ZmqSocket dealer = socket(io.monocoque.zmq.SocketType.DEALER, Duration.ofMillis(100), Duration.ofMillis(300));
        try (LibzmqHeartbeatPeer peer = new LibzmqHeartbeatPeer(true, "ROUTER", "tcp://127.0.0.1:*", 100, 300, 1000)) {
            dealer.connect(peer.endpoint());
            awaitEvent(MonitorEventType.HANDSHAKE_SUCCEEDED, null, Duration.ofSeconds(10));
            // Thirty heartbeat intervals idle: neither side may take the other for dead.
            assertThat(peer.awaitEvent("EVENT_DISCONNECTED", Duration.ofSeconds(3))).as("libzmq disconnected").isFalse();
            assertThat(find(MonitorEventType.DISCONNECTED, null)).as("Monocoque disconnected").isNull();
        }
    }

    @Test
    void heartbeatsKeepAnIdleConnectionToJeroMqUpBothWays() throws Exception {
        ZmqSocket router = socket(io.monocoque.zmq.SocketType.ROUTER, Duration.ofMillis(100), Duration.ofMillis(300));
        router.bind("tcp://127.0.0.1:*");
        try (org.zeromq.ZContext jctx = new org.zeromq.ZContext()) {
            org.zeromq.ZMQ.Socket dealer = jctx.createSocket(org.zeromq.SocketType.DEALER);
            // JeroMQ 0.6.0's poller now and then never serves a new connection (see JeroMqPeer):
            // it recovers only through its own handshake timer, kept short here.
            dealer.setHandshakeIvl(2000);
            dealer.setHeartbeatIvl(100);
            dealer.setHeartbeatTimeout(300);
            dealer.setHeartbeatTtl(1000);
            dealer.setIdentity("jeromq".getBytes());
            org.zeromq.ZMQ.Socket monitor = jctx.createSocket(org.zeromq.SocketType.PAIR);
            dealer.monitor("inproc://jeromq-heartbeat-monitor",
                    org.zeromq.ZMQ.EVENT_HANDSHAKE_PROTOCOL | org.zeromq.ZMQ.EVENT_DISCONNECTED);
            monitor.connect("inproc://jeromq-heartbeat-monitor");
            dealer.connect(router.lastEndpoint());
            Seen up = awaitEvent(MonitorEventType.HANDSHAKE_SUCCEEDED, null, Duration.ofSeconds(20));
            // Thirty heartbeat intervals idle. JeroMQ's first connection may have died in its
            // handshake before this one (its poller now and then never serves a new connection,
            // and its handshake timer redials): only a disconnect after the handshake that
            // succeeded would be a heartbeat taken for dead.
            List<Integer> jeromqEvents = new java.util.ArrayList<>();
            monitor.setReceiveTimeOut(100);
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() - until < 0) {
                org.zeromq.ZMQ.Event e = org.zeromq.ZMQ.Event.recv(monitor);
                if (e != null) {
                    jeromqEvents.add(e.getEvent());
                }
            }
            int lastUp = jeromqEvents.lastIndexOf(org.zeromq.ZMQ.EVENT_HANDSHAKE_PROTOCOL);
            assertThat(lastUp).as("JeroMQ's handshake event, in %s", jeromqEvents).isNotNegative();
            assertThat(jeromqEvents.subList(lastUp, jeromqEvents.size())).as("JeroMQ disconnected after its handshake")
                    .doesNotContain(org.zeromq.ZMQ.EVENT_DISCONNECTED);
            assertThat(events.subList(events.indexOf(up), events.size())).as("Monocoque disconnected after the handshake")
                    .noneMatch(e -> e.event().type() == MonitorEventType.DISCONNECTED);
            // And the connection still carries messages.
            dealer.send("ping");
            ZmqMessage m = router.receive(Duration.ofSeconds(5));
            assertThat(m).isNotNull();
            assertThat(m.frameString(1)).isEqualTo("ping");
        }
    }
}
