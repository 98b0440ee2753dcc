package io.monocoque.zmq.transport;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.testing.RawLegacyPeer;
import io.monocoque.zmq.testing.RawLegacyPeer.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ZMTP 1.0 (libzmq 2.x) and 2.0 (libzmq 3.x) peers, played over raw sockets: recognised from
 * their first bytes, greeted so that they can read us, and spoken to in their framing, as libzmq
 * 4.3 does; refused where they cannot be secure.
 */
@Timeout(60)
class LegacyPeerTest {

    /** Spec 15's socket-type octets. */
    private static final int PUSH = 8;
    private static final int PULL = 7;
    private static final int DEALER = 5;
    private static final int SUB = 2;
    private static final int PUB = 1;

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

    private ZmqSocket bound(SocketType type) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        s.monitor(events::add);
        s.bind("tcp://127.0.0.1:*");
        return s;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void anOldPushPeerDeliversMultipartMessagesToAPull(Version version) throws Exception {
        ZmqSocket pull = bound(SocketType.PULL);
        try (RawLegacyPeer peer = RawLegacyPeer.connect(pull.lastEndpoint(), version)) {
            peer.sendGreeting(PUSH, new byte[0]);
            RawLegacyPeer.Greeting ours = peer.readGreeting();
            if (version == Version.ZMTP_2_0) {
                assertThat(ours.socketType()).as("our socket type as ZMTP 2.0 numbers it").isEqualTo(PULL);
            }
            peer.sendMessage(bytes("a"), new byte[300], bytes(""));
            ZmqMessage m = pull.receive(Duration.ofSeconds(5));
            assertThat(m).isNotNull();
            assertThat(m.size()).isEqualTo(3);
            assertThat(m.frameString(0)).isEqualTo("a");
            assertThat(m.frame(1)).hasSize(300);
        }
        // Monitor events reach listeners on the context's event thread, after the message may have.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(events).anyMatch(e -> e.type() == MonitorEventType.HANDSHAKE_SUCCEEDED));
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aPushSendsToAnOldPullInItsFraming(Version version) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            push.setOption(SocketOption.LINGER, Duration.ZERO);
            push.connect("tcp://127.0.0.1:" + server.getLocalPort());
            try (RawLegacyPeer peer = RawLegacyPeer.accept(server, version)) {
                peer.sendGreeting(PULL, new byte[0]);
                peer.readGreeting();
                byte[] big = new byte[70_000];
                big[69_999] = 7;
                push.send(ZmqMessage.of(bytes("x"), big));
                List<byte[]> m = peer.readMessage();
                assertThat(m).hasSize(2);
                assertThat(m.get(0)).isEqualTo(bytes("x"));
                assertThat(m.get(1)).isEqualTo(big);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void anOldDealersIdentityBecomesItsRoutingIdAtARouter(Version version) throws Exception {
        ZmqSocket router = bound(SocketType.ROUTER);
        try (RawLegacyPeer peer = RawLegacyPeer.connect(router.lastEndpoint(), version)) {
            peer.sendGreeting(DEALER, bytes("old-dealer"));
            peer.readGreeting();
            peer.sendMessage(bytes("hello"));
            ZmqMessage m = router.receive(Duration.ofSeconds(5));
            assertThat(m.frameString(0)).isEqualTo("old-dealer");
            assertThat(m.frameString(1)).isEqualTo("hello");
            router.send(ZmqMessage.of("old-dealer", "back"));
            assertThat(peer.readMessage()).singleElement().isEqualTo(bytes("back"));
        }
    }

    @Test
    void aPubSendsEverythingToAZmtp10SubscriberWhichFiltersOnItsOwnSide() throws Exception {
        ZmqSocket pub = bound(SocketType.PUB);
        try (RawLegacyPeer peer = RawLegacyPeer.connect(pub.lastEndpoint(), Version.ZMTP_1_0)) {
            peer.sendGreeting(SUB, new byte[0]);
            peer.readGreeting();
            await().atMost(Duration.ofSeconds(5)).until(() -> pub.statistics().connectedPeers() == 1);
            // The phantom subscription to everything reaches the PUB's trie on its own thread.
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                pub.send(ZmqMessage.of("any.topic", "x"));
                return peer.readMessageWithin(Duration.ofMillis(200)) != null;
            });
        }
    }

    @Test
    void aZmtp20SubscriberSubscribesWithAMessage() throws Exception {
        ZmqSocket pub = bound(SocketType.PUB);
        try (RawLegacyPeer peer = RawLegacyPeer.connect(pub.lastEndpoint(), Version.ZMTP_2_0)) {
            peer.sendGreeting(SUB, new byte[0]);
            peer.readGreeting();
            peer.sendMessage(bytes("\u0001weather"));
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                pub.send(ZmqMessage.of("sports", "no"));
                pub.send(ZmqMessage.of("weather", "yes"));
                List<byte[]> m = peer.readMessageWithin(Duration.ofMillis(200));
                if (m == null) {
                    return false;
                }
                assertThat(new String(m.get(0), StandardCharsets.US_ASCII)).isEqualTo("weather");
                return true;
            });
        }
    }

    @Test
    void aZmtp20PeerOfAnIncompatibleTypeIsRefused() throws Exception {
        ZmqSocket pull = bound(SocketType.PULL);
        try (RawLegacyPeer peer = RawLegacyPeer.connect(pull.lastEndpoint(), Version.ZMTP_2_0)) {
            peer.sendGreeting(PUB, new byte[0]);
            assertThat(peer.closedByPeer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL);
            assertThat(e.reason()).contains("ZMTP 2.0 peer socket type PUB cannot talk to a PULL socket");
        }));
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aCurveServerRefusesAnOldPeerThatCannotBeSecure(Version version) throws Exception {
        ZmqSocket pull = ctx.createSocket(SocketType.PULL);
        pull.setOption(SocketOption.LINGER, Duration.ZERO);
        CurveKeyPair keys = CurveKeyPair.generate();
        pull.setOption(SocketOption.CURVE_SERVER, true);
        pull.setOption(SocketOption.CURVE_SECRET_KEY, keys.secretKey());
        pull.monitor(events::add);
        pull.bind("tcp://127.0.0.1:*");
        try (RawLegacyPeer peer = RawLegacyPeer.connect(pull.lastEndpoint(), version)) {
            peer.sendGreeting(PUSH, new byte[0]);
            assertThat(peer.closedByPeer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL);
            assertThat(e.reason()).contains("no security mechanism");
        }));
    }
}
