package io.monocoque.zmq.security;

import io.monocoque.zmq.testing.RawZmtpPeer;

import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.auth.ZmqAuthenticator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every way a handshake or a secured connection can go wrong ends in the right monitor event
 * (and an ERROR command where the spec wants one), never in a hang, and the server socket then
 * serves a good client.
 */
class SecurityFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private ZmqContext ctx;
    private final CurveKeyPair serverKeys = CurveKeyPair.generate();
    private final CurveKeyPair goodKeys = CurveKeyPair.generate();
    private final List<MonitorEvent> serverEvents = new CopyOnWriteArrayList<>();
    private final List<MonitorEvent> clientEvents = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        ctx = ZmqContext.create();
    }

    @AfterEach
    void tearDown() {
        ctx.close();
    }

    private ZmqSocket curveServer() {
        ZmqSocket s = ctx.createSocket(SocketType.PULL);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        s.setOption(SocketOption.CURVE_SERVER, true);
        s.setOption(SocketOption.CURVE_SECRET_KEY, serverKeys.secretKey());
        s.monitor(serverEvents::add);
        s.bind("tcp://127.0.0.1:*");
        return s;
    }

    private ZmqSocket curveClient(CurveKeyPair keys, byte[] serverKey, String endpoint) {
        ZmqSocket s = ctx.createSocket(SocketType.PUSH);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        s.setOption(SocketOption.CURVE_SERVER_KEY, serverKey);
        s.setOption(SocketOption.CURVE_PUBLIC_KEY, keys.publicKey());
        s.setOption(SocketOption.CURVE_SECRET_KEY, keys.secretKey());
        s.monitor(clientEvents::add);
        s.connect(endpoint);
        return s;
    }

    private MonitorEvent awaitEvent(List<MonitorEvent> events, MonitorEventType type, String reasonFragment) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.reason()).containsIgnoringCase(reasonFragment);
        }));
        return events.stream().filter(e -> e.type() == type).findFirst().orElseThrow();
    }

    /** A well-behaved CURVE client gets its message through the same server socket. */
    private void assertServesAGoodCurveClient(ZmqSocket pull) {
        try (ZmqSocket push = curveClient(goodKeys, serverKeys.publicKey(), pull.lastEndpoint())) {
            push.setOption(SocketOption.LINGER, Duration.ofSeconds(1));
            push.send(ZmqMessage.of("still", "serving"));
            assertThat(pull.receive(WAIT)).isEqualTo(ZmqMessage.of("still", "serving"));
        }
    }

    @Test
    void wrongServerPublicKeyFailsTheHelloOnTheServer() {
        ZmqSocket pull = curveServer();
        ZmqSocket bad = curveClient(CurveKeyPair.generate(), CurveKeyPair.generate().publicKey(), pull.lastEndpoint());
        awaitEvent(serverEvents, MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "another server key");
        bad.close();
        assertServesAGoodCurveClient(pull);
    }

    @Test
    void aCurveClientOfAnIncompatibleTypeIsRefusedBeforeReadyAndBeforeZap() {
        java.util.concurrent.atomic.AtomicInteger zapRequests = new java.util.concurrent.atomic.AtomicInteger();
        ctx.setAuthenticator(ZmqAuthenticator.builder().handler(request -> {
            zapRequests.incrementAndGet();
            return io.monocoque.zmq.auth.ZapReply.allow("anyone");
        }).build());
        ZmqSocket pull = curveServer();
        ZmqSocket pub = ctx.createSocket(SocketType.PUB);
        pub.setOption(SocketOption.LINGER, Duration.ZERO);
        pub.setOption(SocketOption.CURVE_SERVER_KEY, serverKeys.publicKey());
        pub.setOption(SocketOption.CURVE_PUBLIC_KEY, goodKeys.publicKey());
        pub.setOption(SocketOption.CURVE_SECRET_KEY, goodKeys.secretKey());
        pub.monitor(clientEvents::add);
        pub.connect(pull.lastEndpoint());
        awaitEvent(serverEvents, MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "peer socket type PUB cannot talk to a PULL socket");
        // The client got ERROR in place of READY: it never saw a completed handshake.
        awaitEvent(clientEvents, MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "cannot talk");
        assertThat(clientEvents).noneMatch(e -> e.type() == MonitorEventType.HANDSHAKE_SUCCEEDED);
        assertThat(zapRequests).as("ZAP requests for the incompatible client").hasValue(0);
        pub.close();
        assertServesAGoodCurveClient(pull);
        assertThat(zapRequests).as("the good client is still asked about").hasValue(1);
    }

    @Test
    void clientKeyNotAllowedByZapIsRefusedWithError400() {
        ctx.setAuthenticator(ZmqAuthenticator.builder().curveAllow(goodKeys.publicKey()).build());
        ZmqSocket pull = curveServer();
        ZmqSocket bad = curveClient(CurveKeyPair.generate(), serverKeys.publicKey(), pull.lastEndpoint());
        bad.send(ZmqMessage.of("must not arrive"));
        MonitorEvent server = awaitEvent(serverEvents, MonitorEventType.HANDSHAKE_FAILED_AUTH, "400");
        assertThat(server.value()).isEqualTo(400);
        MonitorEvent client = awaitEvent(clientEvents, MonitorEventType.HANDSHAKE_FAILED_AUTH, "400");
        assertThat(client.value()).isEqualTo(400);
        bad.close();
        assertServesAGoodCurveClient(pull);
        assertThat(pull.receive(Duration.ofMillis(200))).isNull();
    }

    @Test
    void wrongPlainPasswordIsRefusedOnBothSides() {
        ctx.setAuthenticator(ZmqAuthenticator.builder().plainUsers(Map.of("admin", "secret")).build());
        ZmqSocket rep = ctx.createSocket(SocketType.REP);
        rep.setOption(SocketOption.PLAIN_SERVER, true);
        rep.setOption(SocketOption.LINGER, Duration.ZERO);
        rep.monitor(serverEvents::add);
        rep.bind("tcp://127.0.0.1:*");
        try (ZmqSocket bad = plainClient("admin", "guess", rep.lastEndpoint())) {
            awaitEvent(serverEvents, MonitorEventType.HANDSHAKE_FAILED_AUTH, "400");
            awaitEvent(clientEvents, MonitorEventType.HANDSHAKE_FAILED_AUTH, "400");
            assertThat(serverEvents).allSatisfy(e -> assertThat(String.valueOf(e.reason())).doesNotContain("guess"));
        }
        try (ZmqSocket good = plainClient("admin", "secret", rep.lastEndpoint())) {
            good.send(ZmqMessage.of("ping"));
            ZmqMessage m = rep.receive(WAIT);
            assertThat(m.peer().userId()).isEqualTo("admin");
            rep.send(ZmqMessage.of("pong"));
            assertThat(good.receive(WAIT).frameString(0)).isEqualTo("pong");
        }
    }

    private ZmqSocket plainClient(String user, String password, String endpoint) {
        ZmqSocket s = ctx.createSocket(SocketType.REQ);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        s.setOption(SocketOption.PLAIN_USERNAME, user);
        s.setOption(SocketOption.PLAIN_PASSWORD, password);
        s.monitor(clientEvents::add);
        s.connect(endpoint);
        return s;
    }

    @Test
    void plainServerWithoutAnyZapHandlerRefusesClientsUntilOneIsRegistered() {
        ZmqSocket rep = ctx.createSocket(SocketType.REP);
        rep.setOption(SocketOption.PLAIN_SERVER, true);
        rep.setOption(SocketOption.LINGER, Duration.ZERO);
        rep.monitor(serverEvents::add);
        rep.bind("tcp://127.0.0.1:*");
        try (ZmqSocket req = plainClient("anyone", "anything", rep.lastEndpoint())) {
            awaitEvent(serverEvents, MonitorEventType.HANDSHAKE_FAILED_AUTH, "no ZAP handler");
            ctx.setAuthenticator(r -> ZapReply.allow(r.username()));
            // The client reconnects by itself; now it gets in.
            req.send(ZmqMessage.of("hello"));
            assertThat(rep.receive(WAIT).peer().userId()).isEqualTo("anyone");
        }
    }

    @Test
    void mechanismMismatchIsAProtocolFailure() {
        ZmqSocket pull = curveServer();
        try (ZmqSocket nullClient = ctx.createSocket(SocketType.PUSH)) {
            nullClient.setOption(SocketOption.LINGER, Duration.ZERO);
            nullClient.connect(pull.lastEndpoint());
            awaitEvent(serverEvents, MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "mechanism mismatch");
        }
        try (ZmqSocket plain = plainClient("a", "b", pull.lastEndpoint())) {
            await().atMost(WAIT).until(() -> serverEvents.stream()
                    .filter(e -> String.valueOf(e.reason()).contains("PLAIN")).count() >= 1);
        }
        assertServesAGoodCurveClient(pull);
    }

    @Test
    void garbageHelloClosesTheConnectionWithoutAnError() throws Exception {
        ZmqSocket pull = curveServer();
        byte[] data = new byte[194];
        new Random(3).nextBytes(data);
        try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
            assertThat(peer.greet("CURVE", false).mechanism()).isEqualTo("CURVE");
            peer.sendCommand(FakeSession.command("HELLO", data));
            assertThat(peer.bytesBeforeClose()).as("closed, no ERROR").isZero();
        }
        awaitEvent(serverEvents, MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "HELLO");
        assertServesAGoodCurveClient(pull);
    }

    @Test
    void truncatedHelloClosesTheConnection() throws Exception {
        ZmqSocket pull = curveServer();
        try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
            peer.greet("CURVE", false);
            peer.sendCommand(FakeSession.command("HELLO", new byte[] {1, 0, 0, 0}));
            assertThat(peer.bytesBeforeClose()).isZero();
        }
        awaitEvent(serverEvents, MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "200");
        assertServesAGoodCurveClient(pull);
    }

    /** A raw peer that runs a real CURVE client handshake up to its INITIATE. */
    private byte[] handshakeUpToInitiate(RawZmtpPeer peer, CurveClientMechanism client, FakeSession session) throws Exception {
        peer.greet("CURVE", false);
        client.start(session);
        peer.sendCommand(session.drain().get(0));
        RawZmtpPeer.Frame welcome = peer.readFrame();
        assertThat(welcome.commandName()).isEqualTo("WELCOME");
        FakeSession.deliver(client, session, welcome.body());
        return session.drain().get(0);
    }

    private CurveClientMechanism rawClient() {
        return new CurveClientMechanism(goodKeys.publicKey(), goodKeys.secretKey(), serverKeys.publicKey(), CurvePair.RANDOM);
    }

    @Test
    void garbageOrTruncatedInitiateClosesTheConnection() throws Exception {
        ZmqSocket pull = curveServer();
        for (boolean truncate : new boolean[] {false, true}) {
            CurveClientMechanism client = rawClient();
            try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
                byte[] initiate = handshakeUpToInitiate(peer, client, new FakeSession(SocketType.PUSH));
                if (truncate) {
                    initiate = Arrays.copyOf(initiate, 200);
                } else {
                    new Random(5).nextBytes(initiate);
                    System.arraycopy(FakeSession.command("INITIATE", new byte[0]), 0, initiate, 0, 9);
                }
                peer.sendCommand(initiate);
                assertThat(peer.bytesBeforeClose()).isZero();
            } finally {
                client.destroy();
            }
        }
        awaitEvent(serverEvents, MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "cookie");
        awaitEvent(serverEvents, MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "257");
        assertServesAGoodCurveClient(pull);
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] a = new byte[b.readableBytes()];
        b.readBytes(a);
        b.release();
        return a;
    }

    @Test
    void replayedMessageClosesTheConnectionAndNeverReachesTheApplication() throws Exception {
        ZmqSocket pull = curveServer();
        CurveClientMechanism client = rawClient();
        FakeSession session = new FakeSession(SocketType.PUSH);
        try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
            peer.sendCommand(handshakeUpToInitiate(peer, client, session));
            FakeSession.deliver(client, session, peer.readFrame().body());
            assertThat(session.completions).isEqualTo(1);
            ByteBuf out = Unpooled.buffer();
            client.wrap(out, false, "once".getBytes(), 0, 4);
            byte[] message = bytes(out);
            peer.write(message);
            assertThat(pull.receive(WAIT).frameString(0)).isEqualTo("once");
            peer.write(message);
            assertThat(peer.bytesBeforeClose()).isZero();
        } finally {
            client.destroy();
        }
        awaitEvent(serverEvents, MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "replayed");
        awaitEvent(serverEvents, MonitorEventType.DISCONNECTED, "replayed");
        assertThat(pull.receive(Duration.ofMillis(200))).isNull();
        assertServesAGoodCurveClient(pull);
    }

    @Test
    void messageThatDoesNotDecryptClosesTheConnectionAndNeverReachesTheApplication() throws Exception {
        ZmqSocket pull = curveServer();
        CurveClientMechanism client = rawClient();
        FakeSession session = new FakeSession(SocketType.PUSH);
        try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
            peer.sendCommand(handshakeUpToInitiate(peer, client, session));
            FakeSession.deliver(client, session, peer.readFrame().body());
            ByteBuf out = Unpooled.buffer();
            client.wrap(out, true, "part one".getBytes(), 0, 8);
            client.wrap(out, false, "part two".getBytes(), 0, 8);
            byte[] wire = bytes(out);
            wire[wire.length - 3] ^= 0x40; // corrupt the last frame: the first must not be delivered alone
            peer.write(wire);
            assertThat(peer.bytesBeforeClose()).isZero();
        } finally {
            client.destroy();
        }
        awaitEvent(serverEvents, MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "does not decrypt");
        assertThat(pull.receive(Duration.ofMillis(300))).isNull();
        assertServesAGoodCurveClient(pull);
    }

    @Test
    void temporaryZapFailureDisconnectsWithoutAnError() throws Exception {
        ctx.setAuthenticator(r -> r.clientKey() != null && Arrays.equals(r.clientKey(), goodKeys.publicKey())
                ? ZapReply.allow("good") : ZapReply.temporaryFailure("busy"));
        ZmqSocket pull = curveServer();
        CurveClientMechanism client = new CurveClientMechanism(serverKeys.publicKey(), serverKeys.secretKey(),
                serverKeys.publicKey(), CurvePair.RANDOM);
        try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
            peer.sendCommand(handshakeUpToInitiate(peer, client, new FakeSession(SocketType.PUSH)));
            assertThat(peer.bytesBeforeClose()).as("no ERROR for a 300").isZero();
        } finally {
            client.destroy();
        }
        assertThat(awaitEvent(serverEvents, MonitorEventType.HANDSHAKE_FAILED_AUTH, "300").value()).isEqualTo(300);
        assertServesAGoodCurveClient(pull);
    }
}
