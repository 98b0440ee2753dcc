package io.monocoque.zmq.security;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a server does when its ZAP handler socket (at {@code inproc://zeromq.zap.01}) misbehaves
 * or refuses, the cases of libzmq's test_security_zap, test_security_null and
 * test_security_plain: a malformed reply (or one to a request id never sent) is a protocol failure, 300, 400 and 500 are
 * authentication failures, a handler that never answers leaves the client to the handshake
 * interval (a failure without detail, as libzmq reports it); a NULL socket without a ZAP domain never asks; and whatever happened, no message of a
 * refused client reaches the application while the socket goes on serving good clients.
 */
class ZapHandlerSocketFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration HANDSHAKE = Duration.ofMillis(500);

    private ZmqContext ctx;
    private final List<MonitorEvent> serverEvents = new CopyOnWriteArrayList<>();
    private final List<ZmqMessage> requests = new CopyOnWriteArrayList<>();
    private final AtomicBoolean handlerRunning = new AtomicBoolean(true);
    private Thread handlerThread;

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

    /**
     * A ROUTER handler (so it may answer with any envelope, or not at all) at the ZAP endpoint:
     * {@code answer} gets the request's frames after the routing id and returns the reply's
     * frames after it, or null for no reply.
     */
    private void startHandler(Function<ZmqMessage, List<byte[]>> answer) {
        ZmqSocket router = ctx.createSocket(SocketType.ROUTER);
        router.setOption(SocketOption.LINGER, Duration.ZERO);
        router.bind("inproc://zeromq.zap.01");
        handlerThread = new Thread(() -> {
            try (router) {
                while (handlerRunning.get()) {
                    ZmqMessage m = router.receive(Duration.ofMillis(100));
                    if (m == null) {
                        continue;
                    }
                    // routing id, empty delimiter, then the RFC 27 request
                    List<byte[]> request = new ArrayList<>();
                    for (int i = 2; i < m.size(); i++) {
                        request.add(m.frame(i));
                    }
                    ZmqMessage r = ZmqMessage.of(request);
                    requests.add(r);
                    List<byte[]> reply = answer.apply(r);
                    if (reply != null) {
                        List<byte[]> out = new ArrayList<>();
                        out.add(m.frame(0));
                        out.add(new byte[0]);
                        out.addAll(reply);
                        router.send(ZmqMessage.of(out));
                    }
                }
            } catch (RuntimeException e) {
                // the context closed under the handler
            }
        }, "zap-handler");
        handlerThread.start();
    }

    /** A well-formed reply: allowed (200) for user "good", else {@code refusal}. */
    private static List<byte[]> reply(ZmqMessage request, String status) {
        List<byte[]> r = new ArrayList<>();
        r.add(ascii("1.0"));
        r.add(request.frame(1));
        r.add(ascii(status));
        r.add(ascii(status.equals("200") ? "OK" : "refused"));
        r.add(ascii(status.equals("200") ? "good" : ""));
        r.add(new byte[0]);
        return r;
    }

    private static List<byte[]> goodOr(ZmqMessage request, List<byte[]> otherwise) {
        boolean good = request.size() > 6 && "good".equals(request.frameString(6));
        return good ? reply(request, "200") : otherwise;
    }

    private ZmqSocket plainServer() {
        ZmqSocket s = ctx.createSocket(SocketType.PULL);
        s.setOption(SocketOption.PLAIN_SERVER, true);
        s.setOption(SocketOption.ZAP_DOMAIN, "global");
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        s.setOption(SocketOption.HANDSHAKE_INTERVAL, HANDSHAKE);
        s.monitor(serverEvents::add);
        s.bind("tcp://127.0.0.1:*");
        return s;
    }

    private ZmqSocket plainClient(String user, String endpoint) {
        ZmqSocket s = ctx.createSocket(SocketType.PUSH);
        s.setOption(SocketOption.PLAIN_USERNAME, user);
        s.setOption(SocketOption.PLAIN_PASSWORD, "password");
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        s.connect(endpoint);
        return s;
    }

    private MonitorEvent awaitEvent(MonitorEventType type, String reasonFragment) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(serverEvents).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.reason()).containsIgnoringCase(reasonFragment);
        }));
        return serverEvents.stream().filter(e -> e.type() == type && e.reason().toLowerCase().contains(reasonFragment.toLowerCase()))
                .findFirst().orElseThrow();
    }

    /** A refused client's message never arrives, and a good client is served after it. */
    private void refusedThenServesAGoodClient(ZmqSocket server, ZmqSocket refused) {
        refused.trySend(ZmqMessage.of("from the refused client"));
        try (ZmqSocket good = plainClient("good", server.lastEndpoint())) {
            good.send(ZmqMessage.of("from the good client"));
            ZmqMessage m = server.receive(WAIT);
            assertThat(m).isNotNull();
            assertThat(m.frameString(0)).isEqualTo("from the good client");
            assertThat(m.peer().userId()).isEqualTo("good");
        }
        assertThat(server.receive(Duration.ofMillis(200))).as("nothing of the refused client").isNull();
    }

    @Test
    void aReplyWithAnInvalidStatusCodeIsAProtocolFailure() {
        startHandler(r -> goodOr(r, reply(r, "invalid")));
        ZmqSocket server = plainServer();
        try (ZmqSocket client = plainClient("mallory", server.lastEndpoint())) {
            awaitEvent(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "status code");
            refusedThenServesAGoodClient(server, client);
        }
    }

    @Test
    void aReplyWithTooManyFramesIsAProtocolFailure() {
        startHandler(r -> {
            List<byte[]> extra = new ArrayList<>(reply(r, "200"));
            extra.add(ascii("one frame too many"));
            return goodOr(r, extra);
        });
        ZmqSocket server = plainServer();
        try (ZmqSocket client = plainClient("mallory", server.lastEndpoint())) {
            awaitEvent(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "8 frames");
            refusedThenServesAGoodClient(server, client);
        }
    }

    @Test
    void aReplyWithTheWrongVersionIsAProtocolFailure() {
        startHandler(r -> {
            List<byte[]> wrong = new ArrayList<>(reply(r, "200"));
            wrong.set(0, ascii("2.0"));
            return goodOr(r, wrong);
        });
        ZmqSocket server = plainServer();
        try (ZmqSocket client = plainClient("mallory", server.lastEndpoint())) {
            awaitEvent(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "version");
            refusedThenServesAGoodClient(server, client);
        }
    }

    @Test
    void aReplyToARequestIdThatWasNeverSentIsAProtocolFailure() {
        startHandler(r -> {
            List<byte[]> wrong = new ArrayList<>(reply(r, "200"));
            wrong.set(1, ascii("not-" + r.frameString(1)));
            return goodOr(r, wrong);
        });
        ZmqSocket server = plainServer();
        try (ZmqSocket client = plainClient("mallory", server.lastEndpoint())) {
            awaitEvent(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "bad request id");
            refusedThenServesAGoodClient(server, client);
        }
    }

    @Test
    void aHandlerThatNeverAnswersLeavesTheClientToTheHandshakeInterval() {
        startHandler(r -> goodOr(r, null));
        ZmqSocket server = plainServer();
        try (ZmqSocket client = plainClient("mallory", server.lastEndpoint())) {
            awaitEvent(MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL, "handshake not completed");
            refusedThenServesAGoodClient(server, client);
        }
    }

    @Test
    void aTemporaryFailureFromTheHandlerIsAnAuthenticationFailureWithItsStatus() {
        startHandler(r -> goodOr(r, reply(r, "300")));
        ZmqSocket server = plainServer();
        try (ZmqSocket client = plainClient("mallory", server.lastEndpoint())) {
            assertThat(awaitEvent(MonitorEventType.HANDSHAKE_FAILED_AUTH, "300").value()).isEqualTo(300);
            refusedThenServesAGoodClient(server, client);
        }
    }

    @Test
    void anInternalErrorFromTheHandlerIsAnAuthenticationFailureWithItsStatus() {
        startHandler(r -> goodOr(r, reply(r, "500")));
        ZmqSocket server = plainServer();
        try (ZmqSocket client = plainClient("mallory", server.lastEndpoint())) {
            assertThat(awaitEvent(MonitorEventType.HANDSHAKE_FAILED_AUTH, "500").value()).isEqualTo(500);
            refusedThenServesAGoodClient(server, client);
        }
    }

    @Test
    void aNullSocketWithoutAZapDomainNeverAsksTheHandler() {
        startHandler(r -> reply(r, "400"));
        ZmqSocket pull = ctx.createSocket(SocketType.PULL);
        pull.setOption(SocketOption.LINGER, Duration.ZERO);
        pull.bind("tcp://127.0.0.1:*");
        try (ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            push.setOption(SocketOption.LINGER, Duration.ZERO);
            push.connect(pull.lastEndpoint());
            push.send(ZmqMessage.of("no domain, no ZAP"));
            assertThat(pull.receive(WAIT).frameString(0)).isEqualTo("no domain, no ZAP");
        }
        assertThat(requests).isEmpty();
    }

    @Test
    void aNullSocketWhoseDomainTheHandlerRefusesServesNoClient() {
        startHandler(r -> reply(r, "WRONG".equals(r.frameString(2)) ? "400" : "200"));
        ZmqSocket wrong = ctx.createSocket(SocketType.PULL);
        wrong.setOption(SocketOption.LINGER, Duration.ZERO);
        wrong.setOption(SocketOption.ZAP_DOMAIN, "WRONG");
        wrong.monitor(serverEvents::add);
        wrong.bind("tcp://127.0.0.1:*");
        try (ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            push.setOption(SocketOption.LINGER, Duration.ZERO);
            push.connect(wrong.lastEndpoint());
            awaitEvent(MonitorEventType.HANDSHAKE_FAILED_AUTH, "400");
            push.trySend(ZmqMessage.of("refused"));
            assertThat(wrong.receive(Duration.ofMillis(300))).isNull();
        }
        assertThat(requests).first().satisfies(r -> {
            assertThat(r.frameString(2)).isEqualTo("WRONG");
            assertThat(r.frameString(5)).isEqualTo("NULL");
        });
    }

    @Test
    void twoPlainServersNeverCompleteAHandshake() {
        startHandler(r -> reply(r, "200"));
        ZmqSocket server = plainServer();
        List<MonitorEvent> clientEvents = new CopyOnWriteArrayList<>();
        try (ZmqSocket alsoServer = ctx.createSocket(SocketType.PUSH)) {
            alsoServer.setOption(SocketOption.PLAIN_SERVER, true);
            alsoServer.setOption(SocketOption.LINGER, Duration.ZERO);
            alsoServer.setOption(SocketOption.HANDSHAKE_INTERVAL, HANDSHAKE);
            alsoServer.monitor(clientEvents::add);
            alsoServer.connect(server.lastEndpoint());
            alsoServer.trySend(ZmqMessage.of("between two servers"));
            awaitEvent(MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL, "handshake not completed");
            await().atMost(WAIT).until(() -> clientEvents.stream().anyMatch(e -> e.type() == MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL));
            assertThat(server.receive(Duration.ofMillis(200))).isNull();
        }
        assertThat(requests).as("no credentials were ever presented").isEmpty();
        assertThat(serverEvents).noneMatch(e -> e.type() == MonitorEventType.HANDSHAKE_SUCCEEDED);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
