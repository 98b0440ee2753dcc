package io.monocoque.zmq.security;

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
import io.monocoque.zmq.keys.CurveCertificate;
import io.monocoque.zmq.wire.Metadata;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ZAP (RFC 27) both ways: a handler socket the application binds at inproc://zeromq.zap.01 and
 * answers the RFC way, and the in-process {@link ZmqAuthenticator} (address lists, a password
 * file, a certificate directory).
 */
class ZapTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private ZmqContext ctx;
    private final CurveKeyPair serverKeys = CurveKeyPair.generate();
    private final CurveKeyPair clientKeys = CurveKeyPair.generate();
    private final List<MonitorEvent> serverEvents = new CopyOnWriteArrayList<>();
    private Thread handlerThread;
    private final AtomicBoolean handlerRunning = new AtomicBoolean(true);

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        ctx = ZmqContext.create();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        handlerRunning.set(false);
        if (handlerThread != null) {
            handlerThread.join(5000);
        }
        ctx.close();
    }

    private ZmqSocket plainServer(SocketType type) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.PLAIN_SERVER, true);
        s.setOption(SocketOption.ZAP_DOMAIN, "test-domain");
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        s.monitor(serverEvents::add);
        s.bind("tcp://127.0.0.1:*");
        return s;
    }

    private ZmqSocket plainClient(String user, String password, String endpoint) {
        ZmqSocket s = ctx.createSocket(SocketType.PUSH);
        s.setOption(SocketOption.PLAIN_USERNAME, user);
        s.setOption(SocketOption.PLAIN_PASSWORD, password);
        s.setOption(SocketOption.LINGER, Duration.ofSeconds(1));
        s.connect(endpoint);
        return s;
    }

    private ZmqSocket curveServer() {
        ZmqSocket s = ctx.createSocket(SocketType.PULL);
        s.setOption(SocketOption.CURVE_SERVER, true);
        s.setOption(SocketOption.CURVE_SECRET_KEY, serverKeys.secretKey());
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        s.monitor(serverEvents::add);
        s.bind("tcp://127.0.0.1:*");
        return s;
    }

    private ZmqSocket curveClient(CurveKeyPair keys, String endpoint) {
        ZmqSocket s = ctx.createSocket(SocketType.PUSH);
        s.setOption(SocketOption.CURVE_SERVER_KEY, serverKeys.publicKey());
        s.setOption(SocketOption.CURVE_PUBLIC_KEY, keys.publicKey());
        s.setOption(SocketOption.CURVE_SECRET_KEY, keys.secretKey());
        s.setOption(SocketOption.LINGER, Duration.ofSeconds(1));
        s.connect(endpoint);
        return s;
    }

    private void awaitEvent(MonitorEventType type, String reasonFragment) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(serverEvents).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.reason()).containsIgnoringCase(reasonFragment);
        }));
    }

    /** Runs a REP handler at inproc://zeromq.zap.01 answering with {@code answer}; requests are collected. */
    private List<ZmqMessage> startRepHandler(java.util.function.Function<ZmqMessage, List<byte[]>> answer) {
        List<ZmqMessage> requests = new CopyOnWriteArrayList<>();
        ZmqSocket rep = ctx.createSocket(SocketType.REP);
        rep.setOption(SocketOption.LINGER, Duration.ZERO);
        rep.bind("inproc://zeromq.zap.01");
        handlerThread = new Thread(() -> {
            try (rep) {
                while (handlerRunning.get()) {
                    ZmqMessage request = rep.receive(Duration.ofMillis(100));
                    if (request != null) {
                        requests.add(request);
                        rep.send(ZmqMessage.of(answer.apply(request)));
                    }
                }
            } catch (RuntimeException e) {
                // the context closed under us
            }
        }, "zap-handler");
        handlerThread.start();
        return requests;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> reply(ZmqMessage request, String code, String userId, byte[] metadata) {
        List<byte[]> r = new ArrayList<>();
        r.add(utf8("1.0"));
        r.add(request.frame(1)); // request id echoed
        r.add(utf8(code));
        r.add(utf8(code.equals("200") ? "OK" : "NO"));
        r.add(utf8(userId));
        r.add(metadata);
        return r;
    }

    private static byte[] metadata(String name, String value) {
        ByteBuf b = Unpooled.buffer();
        Metadata.of(name, value).encode(b);
        byte[] a = new byte[b.readableBytes()];
        b.readBytes(a);
        b.release();
        return a;
    }

    @Test
    void repHandlerSocketGetsRfcRequestsAndItsUserIdAndMetadataReachTheApplication() {
        List<ZmqMessage> requests = startRepHandler(r -> "alice".equals(r.frameString(6)) && "pw".equals(r.frameString(7))
                ? reply(r, "200", "alice-id", metadata("X-Department", "ops")) : reply(r, "400", "", new byte[0]));
        ZmqSocket pull = plainServer(SocketType.PULL);
        try (ZmqSocket push = plainClient("alice", "pw", pull.lastEndpoint())) {
            push.send(ZmqMessage.of("one"));
            push.send(ZmqMessage.of("two"));
            for (String expected : new String[] {"one", "two"}) {
                ZmqMessage m = pull.receive(WAIT);
                assertThat(m.frameString(0)).isEqualTo(expected);
                assertThat(m.peer().userId()).isEqualTo("alice-id");
                assertThat(m.peer().property("X-Department")).isEqualTo("ops");
            }
        }
        // What a REP handler receives: version, request id, domain, address, routing id, mechanism, credentials.
        assertThat(requests).first().satisfies(r -> {
            assertThat(r.size()).isEqualTo(8);
            assertThat(r.frameString(0)).isEqualTo("1.0");
            assertThat(r.frameLength(1)).isPositive();
            assertThat(r.frameString(2)).isEqualTo("test-domain");
            assertThat(r.frameString(3)).isEqualTo("127.0.0.1");
            assertThat(r.frameString(5)).isEqualTo("PLAIN");
            assertThat(r.frameString(6)).isEqualTo("alice");
            assertThat(r.frameString(7)).isEqualTo("pw");
        });
    }

    @Test
    void repHandlerSocketRefusalIsAnAuthenticationFailureAndOthersStillGetIn() {
        startRepHandler(r -> "PLAIN".equals(r.frameString(5)) && "alice".equals(r.frameString(6))
                ? reply(r, "200", "alice", new byte[0]) : reply(r, "400", "", new byte[0]));
        ZmqSocket pull = plainServer(SocketType.PULL);
        try (ZmqSocket mallory = plainClient("mallory", "x", pull.lastEndpoint())) {
            awaitEvent(MonitorEventType.HANDSHAKE_FAILED_AUTH, "400");
        }
        try (ZmqSocket alice = plainClient("alice", "pw", pull.lastEndpoint())) {
            alice.send(ZmqMessage.of("hi"));
            assertThat(pull.receive(WAIT).peer().userId()).isEqualTo("alice");
        }
    }

    @Test
    void malformedHandlerReplyIsAProtocolFailure() {
        startRepHandler(r -> List.of(utf8("2.0"), r.frame(1), utf8("200"), utf8(""), utf8(""), new byte[0]));
        ZmqSocket pull = plainServer(SocketType.PULL);
        try (ZmqSocket push = plainClient("a", "b", pull.lastEndpoint())) {
            awaitEvent(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "version");
        }
    }

    @Test
    void curveClientKeyTravelsToTheHandlerSocketAsOneCredentialFrame() {
        List<ZmqMessage> requests = startRepHandler(r -> reply(r, "200", "k", new byte[0]));
        ZmqSocket pull = curveServer();
        try (ZmqSocket push = curveClient(clientKeys, pull.lastEndpoint())) {
            push.send(ZmqMessage.of("x"));
            assertThat(pull.receive(WAIT).peer().userId()).isEqualTo("k");
        }
        assertThat(requests).first().satisfies(r -> {
            assertThat(r.frameString(5)).isEqualTo("CURVE");
            assertThat(r.size()).isEqualTo(7);
            assertThat(r.frame(6)).isEqualTo(clientKeys.publicKey());
        });
    }

    @Test
    void authenticatorDenyListRefusesAnAddressEvenWithGoodCredentials() {
        ctx.setAuthenticator(ZmqAuthenticator.builder().deny("127.0.0.0/8").plainUsers(Map.of("u", "p")).build());
        ZmqSocket pull = plainServer(SocketType.PULL);
        try (ZmqSocket push = plainClient("u", "p", pull.lastEndpoint())) {
            awaitEvent(MonitorEventType.HANDSHAKE_FAILED_AUTH, "deny list");
        }
        ctx.setAuthenticator(ZmqAuthenticator.builder().allow("127.0.0.1").plainUsers(Map.of("u", "p")).build());
        try (ZmqSocket push = plainClient("u", "p", pull.lastEndpoint())) {
            push.send(ZmqMessage.of("allowed"));
            assertThat(pull.receive(WAIT).frameString(0)).isEqualTo("allowed");
        }
    }

    @Test
    void authenticatorAllowListRefusesOtherAddresses() {
        ctx.setAuthenticator(ZmqAuthenticator.builder().allow("192.0.2.0/24").plainUsers(Map.of("u", "p")).build());
        ZmqSocket pull = plainServer(SocketType.PULL);
        try (ZmqSocket push = plainClient("u", "p", pull.lastEndpoint())) {
            awaitEvent(MonitorEventType.HANDSHAKE_FAILED_AUTH, "allow list");
        }
    }

    @Test
    void authenticatorReadsAPasswordFile() throws Exception {
        Path passwords = dir.resolve("passwords");
        Files.writeString(passwords, "# users\nalice=wonderland\n\nbob = builder\n");
        ctx.setAuthenticator(ZmqAuthenticator.builder().plainPasswordFile(passwords).build());
        ZmqSocket pull = plainServer(SocketType.PULL);
        try (ZmqSocket push = plainClient("bob", " builder", pull.lastEndpoint())) {
            push.send(ZmqMessage.of("from bob"));
            ZmqMessage m = pull.receive(WAIT);
            assertThat(m.peer().userId()).isEqualTo("bob");
        }
        try (ZmqSocket push = plainClient("alice", "rabbit", pull.lastEndpoint())) {
            awaitEvent(MonitorEventType.HANDSHAKE_FAILED_AUTH, "400");
        }
    }

    @Test
    void authenticatorAllowsCurveClientsFromACertificateDirectoryWithTheirMetadata() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("clients"));
        CurveCertificate.of(clientKeys.publicKey(), null, Map.of("name", "client-one")).save(certs.resolve("client.key"), null);
        ctx.setAuthenticator(ZmqAuthenticator.builder().curveCertificates(certs).build());
        ZmqSocket pull = curveServer();
        try (ZmqSocket push = curveClient(clientKeys, pull.lastEndpoint())) {
            push.send(ZmqMessage.of("cert"));
            ZmqMessage m = pull.receive(WAIT);
            assertThat(m.peer().userId()).isEqualTo(clientKeys.publicKeyZ85());
            assertThat(m.peer().property("name")).isEqualTo("client-one");
        }
        try (ZmqSocket stranger = curveClient(CurveKeyPair.generate(), pull.lastEndpoint())) {
            awaitEvent(MonitorEventType.HANDSHAKE_FAILED_AUTH, "not allowed");
        }
    }

    @Test
    void nullSocketWithAZapDomainIsFilteredByAddress() {
        ctx.setAuthenticator(ZmqAuthenticator.builder().deny("127.0.0.1").build());
        ZmqSocket pull = ctx.createSocket(SocketType.PULL);
        pull.setOption(SocketOption.ZAP_DOMAIN, "filtered");
        pull.setOption(SocketOption.LINGER, Duration.ZERO);
        pull.monitor(serverEvents::add);
        pull.bind("tcp://127.0.0.1:*");
        try (ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            push.setOption(SocketOption.LINGER, Duration.ZERO);
            push.connect(pull.lastEndpoint());
            awaitEvent(MonitorEventType.HANDSHAKE_FAILED_AUTH, "deny list");
        }
        ctx.setAuthenticator(null);
        try (ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            push.setOption(SocketOption.LINGER, Duration.ofSeconds(1));
            push.connect(pull.lastEndpoint());
            push.send(ZmqMessage.of("no handler: NULL goes ahead"));
            assertThat(pull.receive(WAIT)).isNotNull();
        }
    }

    @Test
    void anAuthenticatorThatThrowsIsAnInternalError() {
        ctx.setAuthenticator(r -> {
            throw new IllegalStateException("database down");
        });
        ZmqSocket pull = plainServer(SocketType.PULL);
        try (ZmqSocket push = plainClient("u", "p", pull.lastEndpoint())) {
            awaitEvent(MonitorEventType.HANDSHAKE_FAILED_AUTH, "500");
        }
    }

    @Test
    void aSlowAuthenticatorDoesNotBlockOtherConnections() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ctx.setAuthenticator(r -> {
            if ("slow".equals(r.username())) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ZapReply.allow(r.username());
        });
        // A NULL socket on the same I/O thread keeps working while the handshake waits.
        ZmqSocket pull = plainServer(SocketType.PULL);
        ZmqSocket nullPull = ctx.createSocket(SocketType.PULL);
        nullPull.setOption(SocketOption.LINGER, Duration.ZERO);
        nullPull.bind("tcp://127.0.0.1:*");
        try (ZmqSocket slow = plainClient("slow", "p", pull.lastEndpoint());
             ZmqSocket other = ctx.createSocket(SocketType.PUSH)) {
            slow.send(ZmqMessage.of("late"));
            other.setOption(SocketOption.LINGER, Duration.ZERO);
            other.connect(nullPull.lastEndpoint());
            other.send(ZmqMessage.of("meanwhile"));
            assertThat(nullPull.receive(WAIT).frameString(0)).isEqualTo("meanwhile");
            assertThat(pull.receive(Duration.ofMillis(200))).isNull();
            release.countDown();
            assertThat(pull.receive(WAIT).frameString(0)).isEqualTo("late");
        }
    }
}
