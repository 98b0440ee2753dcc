package io.monocoque.zmq.transport;

import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.auth.ZmqAuthenticator;
import io.monocoque.zmq.testing.RawZmtpPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Heartbeats as libzmq's tests/test_heartbeats.cpp checks them: a peer that never answers PING
 * is dropped at the timeout; a TTL is honoured; PING/PONG keeps a connection up over NULL, PLAIN
 * and CURVE (where PING and PONG travel inside MESSAGE boxes); the options are validated.
 */
@Timeout(60)
class HeartbeatTest {

    private ZmqContext ctx;
    private final List<MonitorEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        ctx = ZmqContext.create();
    }

    @AfterEach
    void tearDown() {
        ctx.close();
    }

    private ZmqSocket socket(SocketType type) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        return s;
    }

    /** test_heartbeat_timeout: the mock peer completes the handshake, then reads our PINGs and answers none. */
    @Test
    void aPeerThatNeverAnswersPingIsDroppedAtTheTimeout() throws Exception {
        ZmqSocket router = socket(SocketType.ROUTER);
        router.setOption(SocketOption.HEARTBEAT_INTERVAL, Duration.ofMillis(50));
        router.setOption(SocketOption.HEARTBEAT_TIMEOUT, Duration.ofMillis(300));
        router.monitor(events::add);
        router.bind("tcp://127.0.0.1:*");
        try (RawZmtpPeer peer = new RawZmtpPeer(router.lastEndpoint())) {
            peer.handshake("DEALER");
            RawZmtpPeer.Frame ping = peer.readFrame();
            assertThat(ping.command()).isTrue();
            assertThat(ping.commandName()).isEqualTo("PING");
            assertThat(peer.closedByPeer()).as("dropped for not answering").isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(MonitorEventType.DISCONNECTED);
            assertThat(e.reason()).startsWith("heartbeat timeout");
        }));
    }

    /** test_heartbeat_ttl: our TTL goes out in every PING, in tenths of a second. */
    @Test
    void ourTtlGoesOutInEveryPing() throws Exception {
        ZmqSocket router = socket(SocketType.ROUTER);
        router.setOption(SocketOption.HEARTBEAT_INTERVAL, Duration.ofMillis(50));
        router.setOption(SocketOption.HEARTBEAT_TTL, Duration.ofMillis(1250));
        router.setOption(SocketOption.HEARTBEAT_TIMEOUT, Duration.ofSeconds(10)); // the mock peer answers no PING
        router.bind("tcp://127.0.0.1:*");
        try (RawZmtpPeer peer = new RawZmtpPeer(router.lastEndpoint())) {
            peer.handshake("DEALER");
            for (int i = 0; i < 3; i++) {
                byte[] ping = peer.readFrame().body();
                assertThat(((ping[5] & 0xff) << 8) | (ping[6] & 0xff)).as("TTL in deciseconds").isEqualTo(12);
            }
        }
    }

    /** test_heartbeat_notimeout, for each mechanism: PING and PONG keep an idle connection up. */
    @ParameterizedTest
    @ValueSource(strings = {"NULL", "PLAIN", "CURVE"})
    void pingAndPongKeepAnIdleConnectionUp(String mechanism) throws Exception {
        ZmqSocket server = socket(SocketType.ROUTER);
        ZmqSocket client = socket(SocketType.DEALER);
        secure(mechanism, server, client);
        for (ZmqSocket s : List.of(server, client)) {
            s.setOption(SocketOption.HEARTBEAT_INTERVAL, Duration.ofMillis(50));
            s.setOption(SocketOption.HEARTBEAT_TIMEOUT, Duration.ofMillis(250));
            s.monitor(events::add);
        }
        server.bind("tcp://127.0.0.1:*");
        client.connect(server.lastEndpoint());
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                .filter(e -> e.type() == MonitorEventType.HANDSHAKE_SUCCEEDED).count() == 2);
        // Forty heartbeat intervals with no application traffic.
        Thread.sleep(2000);
        assertThat(events).noneMatch(e -> e.type() == MonitorEventType.DISCONNECTED);
        client.send(ZmqMessage.of("still", "up"));
        ZmqMessage m = server.receive(Duration.ofSeconds(5));
        assertThat(m).isNotNull();
        assertThat(m.frameString(1)).isEqualTo("still");
    }

    private void secure(String mechanism, ZmqSocket server, ZmqSocket client) {
        switch (mechanism) {
            case "PLAIN":
                ctx.setAuthenticator(ZmqAuthenticator.builder().plainUsers(java.util.Map.of("admin", "secret")).build());
                server.setOption(SocketOption.PLAIN_SERVER, true);
                client.setOption(SocketOption.PLAIN_USERNAME, "admin");
                client.setOption(SocketOption.PLAIN_PASSWORD, "secret");
                break;
            case "CURVE":
                CurveKeyPair serverKeys = CurveKeyPair.generate();
                CurveKeyPair clientKeys = CurveKeyPair.generate();
                server.setOption(SocketOption.CURVE_SERVER, true);
                server.setOption(SocketOption.CURVE_SECRET_KEY, serverKeys.secretKey());
                client.setOption(SocketOption.CURVE_SERVER_KEY, serverKeys.publicKey());
                client.setOption(SocketOption.CURVE_PUBLIC_KEY, clientKeys.publicKey());
                client.setOption(SocketOption.CURVE_SECRET_KEY, clientKeys.secretKey());
                break;
            default:
                break;
        }
    }

    /** test_setsockopt_heartbeat: what libzmq refuses is refused. */
    @Test
    void heartbeatOptionsRefuseWhatLibzmqRefuses() {
        ZmqSocket s = socket(SocketType.DEALER);
        assertThatThrownBy(() -> s.setOption(SocketOption.HEARTBEAT_TTL, Duration.ofMillis(6_553_600)))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
        assertThatThrownBy(() -> s.setOption(SocketOption.HEARTBEAT_INTERVAL, Duration.ofMillis(-1)))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
        s.setOption(SocketOption.HEARTBEAT_TTL, Duration.ofMillis(6_553_599));
        assertThat(s.getOption(SocketOption.HEARTBEAT_TTL)).isEqualTo(Duration.ofMillis(6_553_599));
        assertThat(s.getOption(SocketOption.HEARTBEAT_TIMEOUT)).as("default: the interval").isNegative();
    }
}
