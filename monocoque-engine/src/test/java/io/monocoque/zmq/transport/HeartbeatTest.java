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
import io.monocoque.zmq.wire.PingCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

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

    /**
     * test_heartbeat_timeout_router_mock_ping: a socket with no heartbeats of its own answers a
     * peer's PING with a PONG echoing its context, and keeps the connection.
     */
    @Test
    void aSocketWithoutHeartbeatsAnswersAPeersPingAndStaysConnected() throws Exception {
        ZmqSocket router = socket(SocketType.ROUTER);
        router.monitor(events::add);
        router.bind("tcp://127.0.0.1:*");
        try (RawZmtpPeer peer = new RawZmtpPeer(router.lastEndpoint())) {
            peer.handshake("DEALER");
            peer.sendCommand(new PingCommand(0, "ctx".getBytes(StandardCharsets.US_ASCII)));
            RawZmtpPeer.Frame pong = peer.readFrame();
            assertThat(pong.commandName()).isEqualTo("PONG");
            assertThat(new String(pong.body(), 5, pong.body().length - 5, StandardCharsets.US_ASCII)).isEqualTo("ctx");
            assertThat(peer.sendsNothingWithin(Duration.ofMillis(300))).as("no close, no PING of its own").isTrue();
        }
        assertThat(events).noneMatch(e -> e.type() == MonitorEventType.DISCONNECTED
                && e.reason() != null && e.reason().startsWith("heartbeat"));
    }

    /** The client/server pairs libzmq's heartbeat tests run (client first). */
    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of(SocketType.DEALER, SocketType.ROUTER),
                Arguments.of(SocketType.REQ, SocketType.REP),
                Arguments.of(SocketType.PULL, SocketType.PUSH),
                Arguments.of(SocketType.SUB, SocketType.PUB),
                Arguments.of(SocketType.PAIR, SocketType.PAIR));
    }

    /**
     * test_heartbeat_ttl: a client announcing a 100 ms TTL but pinging only every 250 ms is dropped
     * by a server that has no heartbeats of its own, for every socket pair.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void aServerWithoutHeartbeatsDropsAClientThatOutlivesItsOwnTtl(SocketType clientType, SocketType serverType) {
        ZmqSocket server = socket(serverType);
        server.monitor(events::add);
        server.bind("tcp://127.0.0.1:*");
        ZmqSocket client = socket(clientType);
        client.setOption(SocketOption.HEARTBEAT_TTL, Duration.ofMillis(100));
        client.setOption(SocketOption.HEARTBEAT_INTERVAL, Duration.ofMillis(250));
        client.connect(server.lastEndpoint());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(MonitorEventType.DISCONNECTED);
            assertThat(e.reason()).isEqualTo("heartbeat timeout: no traffic from the peer within the TTL its PING announced");
        }));
    }

    static Stream<Arguments> pairsAndMechanisms() {
        return pairs().flatMap(p -> Stream.of("NULL", "PLAIN", "CURVE")
                .map(m -> Arguments.of(p.get()[0], p.get()[1], m)));
    }

    /**
     * test_heartbeat_notimeout, for every socket pair and mechanism: PING and PONG keep an idle
     * connection up (over CURVE they travel inside MESSAGE boxes), and it still carries messages.
     */
    @ParameterizedTest(name = "{0} -> {1} over {2}")
    @MethodSource("pairsAndMechanisms")
    void pingAndPongKeepAnIdleConnectionUp(SocketType clientType, SocketType serverType, String mechanism) throws Exception {
        ZmqSocket server = socket(serverType);
        ZmqSocket client = socket(clientType);
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
        // Twenty heartbeat intervals, four timeouts, with no application traffic.
        Thread.sleep(1000);
        assertThat(events).noneMatch(e -> e.type() == MonitorEventType.DISCONNECTED);
        assertStillCarriesMessages(client, server);
    }

    /** One message in the direction the pair allows, and its reply where it has one. */
    private static void assertStillCarriesMessages(ZmqSocket client, ZmqSocket server) {
        switch (client.type()) {
            case PULL -> {
                server.send(ZmqMessage.of("still up"));
                assertThat(client.receive(Duration.ofSeconds(5))).isEqualTo(ZmqMessage.of("still up"));
            }
            case SUB -> {
                client.subscribe("");
                await().atMost(Duration.ofSeconds(5)).until(() -> {
                    server.send(ZmqMessage.of("still up"));
                    return client.receive(Duration.ofMillis(50)) != null;
                });
            }
            default -> {
                client.send(ZmqMessage.of("still up"));
                ZmqMessage m = server.receive(Duration.ofSeconds(5));
                assertThat(m).isNotNull();
                assertThat(m.frameString(m.size() - 1)).isEqualTo("still up");
            }
        }
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
        // test_setsockopt_heartbeat_ttl_near_zero: under a decisecond is accepted (and announces 0).
        s.setOption(SocketOption.HEARTBEAT_TTL, Duration.ofMillis(99));
        assertThat(s.getOption(SocketOption.HEARTBEAT_TTL)).isEqualTo(Duration.ofMillis(99));
        assertThat(s.getOption(SocketOption.HEARTBEAT_TIMEOUT)).as("default: the interval").isNegative();
    }
}
