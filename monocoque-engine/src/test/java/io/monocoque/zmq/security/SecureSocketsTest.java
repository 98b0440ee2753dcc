package io.monocoque.zmq.security;

import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.auth.ZmqAuthenticator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Monocoque to Monocoque over real connections: CURVE and PLAIN carry every pattern, and the peer's identity reaches the application. */
class SecureSocketsTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    private ZmqContext ctx;
    private final CurveKeyPair serverKeys = CurveKeyPair.generate();
    private final CurveKeyPair clientKeys = CurveKeyPair.generate();

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        ctx = ZmqContext.create();
    }

    @AfterEach
    void tearDown() {
        ctx.close();
    }

    ZmqSocket curveServer(SocketType type) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        s.setOption(SocketOption.CURVE_SERVER, true);
        s.setOption(SocketOption.CURVE_SECRET_KEY, serverKeys.secretKey());
        return s;
    }

    ZmqSocket curveClient(SocketType type) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ofSeconds(2));
        s.setOption(SocketOption.CURVE_SERVER_KEY, serverKeys.publicKey());
        s.setOption(SocketOption.CURVE_PUBLIC_KEY, clientKeys.publicKey());
        s.setOption(SocketOption.CURVE_SECRET_KEY, clientKeys.secretKey());
        return s;
    }

    static ZmqMessage message(int i) {
        byte[] body = new byte[i % 300];
        for (int j = 0; j < body.length; j++) {
            body[j] = (byte) (i * 31 + j);
        }
        return ZmqMessage.of(("m-" + i).getBytes(StandardCharsets.US_ASCII), body, i % 5 == 0 ? new byte[0] : ("end-" + i).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void curvePushPullCarriesMultipartMessagesInOrderWithTheClientKeyAsUserId() {
        ctx.setAuthenticator(ZmqAuthenticator.builder().curveAllow(clientKeys.publicKey()).build());
        ZmqSocket pull = curveServer(SocketType.PULL);
        pull.bind("tcp://127.0.0.1:*");
        ZmqSocket push = curveClient(SocketType.PUSH);
        push.connect(pull.lastEndpoint());
        int n = 3000;
        for (int i = 0; i < n; i++) {
            push.send(message(i));
        }
        for (int i = 0; i < n; i++) {
            ZmqMessage m = pull.receive(WAIT);
            assertThat(m).isEqualTo(message(i));
            assertThat(m.peer().userId()).isEqualTo(clientKeys.publicKeyZ85());
            assertThat(m.peer().property("User-Id")).isEqualTo(clientKeys.publicKeyZ85());
        }
    }

    @Test
    void curveReqRepOverIpcBothWaysWithLargeMessages() {
        ZmqSocket rep = curveServer(SocketType.REP);
        rep.bind("ipc://" + dir.resolve("curve.sock"));
        ZmqSocket req = curveClient(SocketType.REQ);
        req.connect(rep.lastEndpoint());
        byte[] big = new byte[200_000];
        new java.util.Random(7).nextBytes(big);
        for (int i = 0; i < 200; i++) {
            ZmqMessage request = i % 50 == 0 ? ZmqMessage.of(big) : message(i);
            req.send(request);
            assertThat(rep.receive(WAIT)).isEqualTo(request);
            rep.send(message(i + 1));
            assertThat(req.receive(WAIT)).isEqualTo(message(i + 1));
        }
    }

    @Test
    void curvePubSubFiltersTopicsWhoseSubscriptionsTravelEncrypted() {
        ZmqSocket pub = curveServer(SocketType.PUB);
        pub.bind("tcp://127.0.0.1:*");
        ZmqSocket sub = curveClient(SocketType.SUB);
        sub.subscribe("alpha");
        sub.connect(pub.lastEndpoint());
        await().atMost(WAIT).until(() -> {
            pub.send(ZmqMessage.of("alpha", "warmup"));
            return sub.receive(Duration.ofMillis(50)) != null;
        });
        while (sub.receive(Duration.ofMillis(100)) != null) {
            // drain the warm-up
        }
        for (int i = 0; i < 1000; i++) {
            pub.send(ZmqMessage.of(i % 2 == 0 ? "alpha" : "beta", "n" + i));
        }
        pub.send(ZmqMessage.of("alpha", "end"));
        for (int i = 0; i < 1000; i += 2) {
            assertThat(sub.receive(WAIT)).isEqualTo(ZmqMessage.of("alpha", "n" + i));
        }
        assertThat(sub.receive(WAIT)).isEqualTo(ZmqMessage.of("alpha", "end"));
    }

    @Test
    void curveServerWithoutAuthenticatorAcceptsAnyClientAsLibzmqDoes() {
        ZmqSocket pull = curveServer(SocketType.PULL);
        pull.bind("tcp://127.0.0.1:*");
        ZmqSocket push = curveClient(SocketType.PUSH);
        push.connect(pull.lastEndpoint());
        push.send(ZmqMessage.of("hi"));
        ZmqMessage m = pull.receive(WAIT);
        assertThat(m.peer().userId()).isNull();
    }

    @Test
    void curveKeysMayBeGivenAsZ85TextAndThePublicKeyDerivedFromTheSecret() {
        ZmqSocket pull = ctx.createSocket(SocketType.PULL);
        pull.setOption(SocketOption.CURVE_SERVER, true);
        pull.setOption(SocketOption.CURVE_SECRET_KEY, serverKeys.secretKeyZ85().getBytes(StandardCharsets.US_ASCII));
        pull.bind("tcp://127.0.0.1:*");
        ZmqSocket push = ctx.createSocket(SocketType.PUSH);
        push.setOption(SocketOption.CURVE_SERVER_KEY, CurveKeyPair.decodeKey(serverKeys.publicKeyZ85()));
        push.setOption(SocketOption.CURVE_SECRET_KEY, clientKeys.secretKey());
        push.connect(pull.lastEndpoint());
        push.send(ZmqMessage.of("z85"));
        assertThat(pull.receive(WAIT).frameString(0)).isEqualTo("z85");
    }

    @Test
    void curveClientWithoutSecretKeyIsRefusedAtConnect() {
        ZmqSocket push = ctx.createSocket(SocketType.PUSH);
        push.setOption(SocketOption.CURVE_SERVER_KEY, serverKeys.publicKey());
        assertThatThrownBy(() -> push.connect("tcp://127.0.0.1:5555")).isInstanceOf(ZmqException.class)
                .hasMessageContaining("curve-secret-key");
    }

    @Test
    void maxMessageSizeCountsTheApplicationBytesNotTheCurveEnvelope() {
        ZmqSocket pull = curveServer(SocketType.PULL);
        pull.setOption(SocketOption.MAX_MESSAGE_SIZE, 1000L);
        pull.bind("tcp://127.0.0.1:*");
        ZmqSocket push = curveClient(SocketType.PUSH);
        push.connect(pull.lastEndpoint());
        push.send(ZmqMessage.of(new byte[1000]));
        assertThat(pull.receive(WAIT).frameLength(0)).isEqualTo(1000);
    }

    @Test
    void plainReqRepDeliversTheUserIdAndZapMetadataWithEveryMessage() {
        ctx.setAuthenticator(ZmqAuthenticator.builder()
                .handler(r -> "admin".equals(r.username()) && "s3cret".equals(r.password())
                        ? ZapReply.allow("admin", Map.of("X-Role", "operator")) : null)
                .build());
        ZmqSocket rep = ctx.createSocket(SocketType.REP);
        rep.setOption(SocketOption.PLAIN_SERVER, true);
        rep.setOption(SocketOption.LINGER, Duration.ZERO);
        rep.bind("tcp://127.0.0.1:*");
        ZmqSocket req = ctx.createSocket(SocketType.REQ);
        req.setOption(SocketOption.PLAIN_USERNAME, "admin");
        req.setOption(SocketOption.PLAIN_PASSWORD, "s3cret");
        req.setOption(SocketOption.METADATA, Map.of("X-Client", "tests"));
        req.connect(rep.lastEndpoint());
        for (int i = 0; i < 500; i++) {
            req.send(message(i));
            ZmqMessage m = rep.receive(WAIT);
            assertThat(m).isEqualTo(message(i));
            assertThat(m.peer().userId()).isEqualTo("admin");
            assertThat(m.peer().property("X-Role")).isEqualTo("operator");
            assertThat(m.peer().property("X-Client")).isEqualTo("tests");
            assertThat(m.peer().socketType()).isEqualTo("REQ");
            rep.send(message(i + 1));
            assertThat(req.receive(WAIT)).isEqualTo(message(i + 1));
        }
    }

    @Test
    void handshakeEventsAreReportedOnBothSides() {
        List<MonitorEvent> server = new CopyOnWriteArrayList<>();
        List<MonitorEvent> client = new CopyOnWriteArrayList<>();
        ZmqSocket pull = curveServer(SocketType.PULL);
        pull.monitor(server::add);
        pull.bind("tcp://127.0.0.1:*");
        ZmqSocket push = curveClient(SocketType.PUSH);
        push.monitor(client::add);
        push.connect(pull.lastEndpoint());
        await().atMost(WAIT).until(() -> server.stream().anyMatch(e -> e.type() == MonitorEventType.HANDSHAKE_SUCCEEDED)
                && client.stream().anyMatch(e -> e.type() == MonitorEventType.HANDSHAKE_SUCCEEDED));
    }
}
