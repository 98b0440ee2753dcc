package io.monocoque.zmq.interop;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Heartbeats keep idle connections to libzmq and JeroMQ up for minutes without a false
 * disconnect on either side. Minutes do not belong in the fast suite: {@code mvn -Psoak verify}.
 */
@Tag("soak")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class HeartbeatSoakTest {

    private static final Duration IDLE = Duration.ofMinutes(3);

    private ZmqContext ctx;
    private final List<MonitorEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        ctx = ZmqContext.create();
    }

    @AfterEach
    void stop() {
        ctx.close();
    }

    private ZmqSocket heartbeating(SocketType type) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        s.setOption(SocketOption.HEARTBEAT_INTERVAL, Duration.ofMillis(100));
        s.setOption(SocketOption.HEARTBEAT_TIMEOUT, Duration.ofMillis(500));
        s.setOption(SocketOption.HEARTBEAT_TTL, Duration.ofSeconds(2));
        s.monitor(events::add);
        return s;
    }

    @Test
    void anIdleConnectionToLibzmqStaysUpForMinutes() throws Exception {
        ZmqSocket dealer = heartbeating(SocketType.DEALER);
        try (LibzmqHeartbeatPeer peer = new LibzmqHeartbeatPeer(true, "ROUTER", "tcp://127.0.0.1:*", 100, 500, 2000)) {
            dealer.connect(peer.endpoint());
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.type() == MonitorEventType.HANDSHAKE_SUCCEEDED));
            assertThat(peer.awaitEvent("EVENT_DISCONNECTED", IDLE)).as("libzmq disconnected").isFalse();
            assertThat(events).noneMatch(e -> e.type() == MonitorEventType.DISCONNECTED);
        }
    }

    @Test
    void anIdleConnectionToJeroMqStaysUpForMinutes() throws Exception {
        ZmqSocket router = heartbeating(SocketType.ROUTER);
        router.bind("tcp://127.0.0.1:*");
        try (org.zeromq.ZContext jctx = new org.zeromq.ZContext()) {
            org.zeromq.ZMQ.Socket dealer = jctx.createSocket(org.zeromq.SocketType.DEALER);
            // JeroMQ 0.6.0's poller now and then never serves a new connection (see JeroMqPeer):
            // it recovers only through its own handshake timer, kept short here.
            dealer.setHandshakeIvl(2000);
            dealer.setHeartbeatIvl(100);
            dealer.setHeartbeatTimeout(500);
            dealer.setHeartbeatTtl(2000);
            dealer.setIdentity("soak".getBytes());
            org.zeromq.ZMQ.Socket monitor = jctx.createSocket(org.zeromq.SocketType.PAIR);
            dealer.monitor("inproc://soak-monitor", org.zeromq.ZMQ.EVENT_DISCONNECTED);
            monitor.connect("inproc://soak-monitor");
            dealer.connect(router.lastEndpoint());
            await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().anyMatch(e -> e.type() == MonitorEventType.HANDSHAKE_SUCCEEDED));
            monitor.setReceiveTimeOut((int) IDLE.toMillis());
            assertThat(org.zeromq.ZMQ.Event.recv(monitor)).as("JeroMQ's DISCONNECTED event").isNull();
            assertThat(events).noneMatch(e -> e.type() == MonitorEventType.DISCONNECTED);
            dealer.send("after the idle minutes");
            ZmqMessage m = router.receive(Duration.ofSeconds(5));
            assertThat(m.frameString(1)).isEqualTo("after the idle minutes");
        }
    }
}
