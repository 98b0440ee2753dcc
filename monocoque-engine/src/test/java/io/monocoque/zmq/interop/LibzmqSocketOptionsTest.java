package io.monocoque.zmq.interop;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.PyzmqInterpreter;
import io.monocoque.zmq.testing.RawZmtpPeer;
import io.monocoque.zmq.wire.Metadata;
import io.monocoque.zmq.wire.ReadyCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The subtle request-reply and routing options against libzmq itself (pyzmq): REQ_CORRELATE
 * with a late reply, ROUTER_HANDOVER with a half-open old connection, PROBE_ROUTER and
 * CONNECT_ROUTING_ID both ways on the wire.
 */
@Timeout(90)
class LibzmqSocketOptionsTest {

    private static final Duration STEP = Duration.ofSeconds(20);

    private ZmqContext ctx;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start() {
        PyzmqInterpreter.assumeAvailable();
        ctx = ZmqContext.create();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            for (AutoCloseable c : closeables) {
                c.close();
            }
        } finally {
            ctx.close();
        }
    }

    private ZmqSocket socket(SocketType type) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        closeables.add(0, s);
        return s;
    }

    private LibzmqOptionPeer libzmq(String type, boolean bind, String endpoint, Object... options) {
        LibzmqOptionPeer s = new LibzmqOptionPeer(type, bind, endpoint, options);
        closeables.add(0, s);
        return s;
    }

    @Test
    void aCorrelatingReqDropsTheLateReplyOfALibzmqRepToItsAbandonedRequest() {
        LibzmqOptionPeer rep = libzmq("REP", true, "tcp://127.0.0.1:*");
        ZmqSocket req = socket(SocketType.REQ);
        req.setOption(SocketOption.REQ_RELAXED, true);
        req.setOption(SocketOption.REQ_CORRELATE, true);
        req.connect(rep.endpoint());
        assertThat(req.send(ZmqMessage.of("one"), STEP)).isTrue();
        assertThat(rep.receiveStrings()).containsExactly("one");
        // The reply is late: the REQ has given up on "one" and asks again before it comes.
        assertThat(req.send(ZmqMessage.of("two"), STEP)).isTrue();
        rep.send("answer to one");
        assertThat(rep.receiveStrings()).containsExactly("two");
        rep.send("answer to two");
        ZmqMessage reply = req.receive(STEP);
        assertThat(reply).isNotNull();
        assertThat(reply.frameString(0)).isEqualTo("answer to two");
    }

    @Test
    void withoutCorrelateTheRelaxedReqTakesLibzmqsLateReplyAsLibzmqsOwnReqWould() {
        LibzmqOptionPeer rep = libzmq("REP", true, "tcp://127.0.0.1:*");
        ZmqSocket req = socket(SocketType.REQ);
        req.setOption(SocketOption.REQ_RELAXED, true);
        req.connect(rep.endpoint());
        assertThat(req.send(ZmqMessage.of("one"), STEP)).isTrue();
        assertThat(rep.receiveStrings()).containsExactly("one");
        assertThat(req.send(ZmqMessage.of("two"), STEP)).isTrue();
        rep.send("answer to one");
        ZmqMessage reply = req.receive(STEP);
        assertThat(reply).isNotNull();
        assertThat(reply.frameString(0)).isEqualTo("answer to one");
    }

    @Test
    void aLibzmqCorrelatingReqGetsItsRequestIdBackFromAMonocoqueRep() {
        ZmqSocket rep = socket(SocketType.REP);
        rep.bind("tcp://127.0.0.1:*");
        LibzmqOptionPeer req = libzmq("REQ", false, rep.lastEndpoint(), "REQ_CORRELATE", 1, "REQ_RELAXED", 1);
        req.send("ping");
        ZmqMessage request = rep.receive(STEP);
        assertThat(request.frameString(0)).isEqualTo("ping");
        assertThat(rep.send(ZmqMessage.of("pong"), STEP)).isTrue();
        // libzmq's REQ drops a reply whose request id is not its own: this one came back whole.
        assertThat(req.receiveStrings()).containsExactly("pong");
    }

    @Test
    void withHandoverALibzmqClientTakesItsRoutingIdOverFromAHalfOpenConnection() throws Exception {
        ZmqSocket router = socket(SocketType.ROUTER);
        router.setOption(SocketOption.ROUTER_HANDOVER, true);
        BlockingQueue<MonitorEvent> events = new LinkedBlockingQueue<>();
        router.monitor(events::add);
        router.bind("tcp://127.0.0.1:*");

        // The old connection: it completed its handshake as DEALER "client", then went silent
        // without closing, as a peer behind a dead link or a crashed host does.
        RawZmtpPeer old = new RawZmtpPeer(router.lastEndpoint());
        closeables.add(old);
        old.sendGreeting(3, 1);
        old.readGreeting();
        old.sendCommand(new ReadyCommand(Metadata.builder().put(Metadata.SOCKET_TYPE, "DEALER")
                .put(Metadata.IDENTITY, bytes("client")).build()));
        old.readFrame(); // the ROUTER's READY
        old.sendFrame(false, bytes("from the old connection"));
        ZmqMessage first = router.receive(STEP);
        assertThat(first.frameString(0)).isEqualTo("client");

        LibzmqOptionPeer client = libzmq("DEALER", false, router.lastEndpoint(), "ROUTING_ID", bytes("client"));
        client.send("hello again");
        ZmqMessage hello = router.receive(STEP);
        assertThat(hello).as("the reconnecting client is heard").isNotNull();
        assertThat(hello.frameString(0)).isEqualTo("client");
        assertThat(hello.frameString(1)).isEqualTo("hello again");
        assertThat(router.send(ZmqMessage.of("client", "welcome back"), STEP)).isTrue();
        assertThat(client.receiveStrings()).containsExactly("welcome back");
        assertThat(old.closedByPeer()).as("the half-open connection is closed").isTrue();
        awaitEvent(events, MonitorEventType.DISCONNECTED);
    }

    @Test
    void withoutHandoverALibzmqClientReusingALiveRoutingIdIsRefusedWithItsOwnReason() throws Exception {
        ZmqSocket router = socket(SocketType.ROUTER);
        BlockingQueue<MonitorEvent> events = new LinkedBlockingQueue<>();
        router.monitor(events::add);
        router.bind("tcp://127.0.0.1:*");
        LibzmqOptionPeer first = libzmq("DEALER", false, router.lastEndpoint(), "ROUTING_ID", bytes("client"));
        first.send("first");
        assertThat(router.receive(STEP).frameString(1)).isEqualTo("first");

        LibzmqOptionPeer second = libzmq("DEALER", false, router.lastEndpoint(), "ROUTING_ID", bytes("client"));
        second.send("second");
        MonitorEvent refused = awaitEvent(events, MonitorEventType.DISCONNECTED);
        assertThat(refused.reason()).contains("routing id 0x636c69656e74").contains("router-handover");
        assertThat(router.statistics().handshakeFailures()).isZero();
        assertThat(router.send(ZmqMessage.of("client", "still yours"), STEP)).isTrue();
        assertThat(first.receiveStrings()).containsExactly("still yours");
    }

    @Test
    void aLibzmqDealerWithProbeRouterIsHeardAtOnceByAMonocoqueRouter() {
        ZmqSocket router = socket(SocketType.ROUTER);
        router.bind("tcp://127.0.0.1:*");
        libzmq("DEALER", false, router.lastEndpoint(), "ROUTING_ID", bytes("prober"), "PROBE_ROUTER", 1);
        ZmqMessage probe = router.receive(STEP);
        assertThat(probe).isNotNull();
        assertThat(probe.frameString(0)).isEqualTo("prober");
        assertThat(probe.size()).isEqualTo(2);
        assertThat(probe.frameLength(1)).isZero();
    }

    @Test
    void aMonocoqueDealerWithProbeRouterIsHeardAtOnceByALibzmqRouter() {
        LibzmqOptionPeer router = libzmq("ROUTER", true, "tcp://127.0.0.1:*");
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.ROUTING_ID, bytes("prober"));
        dealer.setOption(SocketOption.PROBE_ROUTER, true);
        dealer.connect(router.endpoint());
        assertThat(router.receiveStrings()).containsExactly("prober", "");
    }

    @Test
    void aMonocoqueRouterNamesALibzmqRouterPeerByItsConnectRoutingId() {
        LibzmqOptionPeer server = libzmq("ROUTER", true, "tcp://127.0.0.1:*", "ROUTING_ID", bytes("announced"));
        ZmqSocket client = socket(SocketType.ROUTER);
        client.setOption(SocketOption.ROUTING_ID, bytes("client"));
        client.setOption(SocketOption.ROUTER_MANDATORY, true);
        client.setOption(SocketOption.CONNECT_ROUTING_ID, bytes("chosen"));
        client.connect(server.endpoint());
        sendWhenRoutable(client, ZmqMessage.of("chosen", "hello"));
        assertThat(server.receiveStrings()).containsExactly("client", "hello");
    }

    @Test
    void aLibzmqRouterNamesAMonocoqueRouterPeerByItsConnectRoutingId() {
        ZmqSocket server = socket(SocketType.ROUTER);
        server.setOption(SocketOption.ROUTING_ID, bytes("announced"));
        server.bind("tcp://127.0.0.1:*");
        LibzmqOptionPeer client = libzmq("ROUTER", false, server.lastEndpoint(), "ROUTING_ID", bytes("client"),
                "CONNECT_ROUTING_ID", bytes("chosen"), "ROUTER_MANDATORY", 1, "PROBE_ROUTER", 1);
        ZmqMessage probe = server.receive(STEP);
        assertThat(probe.frameString(0)).isEqualTo("client");
        client.send("chosen", "hello");
        ZmqMessage m = server.receive(STEP);
        assertThat(m.frameString(1)).isEqualTo("hello");
    }

    private static void sendWhenRoutable(ZmqSocket router, ZmqMessage m) {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (true) {
            try {
                assertThat(router.send(m, STEP)).isTrue();
                return;
            } catch (ZmqException e) {
                if (e.error() != ZmqError.EHOSTUNREACH || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static MonitorEvent awaitEvent(BlockingQueue<MonitorEvent> events, MonitorEventType type) throws InterruptedException {
        List<MonitorEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + STEP.toNanos();
        while (true) {
            MonitorEvent e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                fail("no " + type + " within " + STEP + "; events: " + seen);
            }
            seen.add(e);
            if (e.type() == type) {
                return e;
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
