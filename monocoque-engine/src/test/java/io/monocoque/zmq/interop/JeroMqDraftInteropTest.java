package io.monocoque.zmq.interop;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.interop.Scenarios.Side;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.monocoque.zmq.interop.InteropPeer.STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Monocoque's draft socket types against JeroMQ 0.6.0's over tcp, each pair in both directions
 * and with the Monocoque side binding and connecting: every message checked for content, order
 * and recipient, routing ids checked to be nonzero, stable per connection and distinct between
 * connections, and replies addressed with them reaching the right peer on both sides. Each
 * JeroMQ peer runs on a thread of its own ({@link JeroMqPeer}).
 */
@Timeout(90)
class JeroMqDraftInteropTest {

    private static final int COUNT = 200;

    private JeroMqPeer.Launcher jeromq;
    private ZmqContext ctx;
    private final List<ZmqSocket> sockets = new ArrayList<>();
    private final List<MonitorEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        jeromq = new JeroMqPeer.Launcher();
        ctx = ZmqContext.create();
    }

    @AfterEach
    void stop() {
        try {
            jeromq.close();
        } finally {
            sockets.forEach(ZmqSocket::close);
            ctx.close();
        }
    }

    private ZmqSocket socket(SocketType type) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ofSeconds(2));
        s.monitor(events::add);
        sockets.add(s);
        return s;
    }

    private static ZmqMessage receive(ZmqSocket s, String what) {
        ZmqMessage m = s.receive(STEP);
        if (m == null) {
            fail("Monocoque " + s.type() + " timed out waiting for " + what);
        }
        assertThat(m.size()).as("frames of %s", what).isOne();
        return m;
    }

    private static void send(ZmqSocket s, ZmqMessage m, String what) {
        assertThat(s.send(m, STEP)).as("Monocoque %s sending %s", s.type(), what).isTrue();
    }

    // ---- CLIENT/SERVER -------------------------------------------------------------------------

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void monocoqueServerRepliesToEachJeroMqClientByItsRoutingId(Side side) {
        ZmqSocket server = socket(SocketType.SERVER);
        JeroMqPeer clients;
        if (side == Side.BINDS) {
            server.bind("tcp://127.0.0.1:*");
            clients = jeromq.start("clients", false, server.lastEndpoint(), COUNT);
            clients.awaitReady();
            clients.awaitReady();
        } else {
            clients = jeromq.start("clients", true, "tcp://127.0.0.1:*", COUNT);
            server.connect(clients.awaitReady());
            server.connect(clients.awaitReady());
        }
        Map<String, Integer> ids = new HashMap<>();
        Map<String, Integer> next = new HashMap<>();
        for (int k = 0; k < DraftMessages.CLIENTS.size() * COUNT; k++) {
            ZmqMessage m = receive(server, "request " + k);
            String payload = m.frameString(0);
            String sender = DraftMessages.sender(payload);
            int i = next.merge(sender, 1, Integer::sum) - 1;
            DraftMessages.expect(sender + " request " + i, payload, DraftMessages.payload(sender, i));
            DraftMessages.checkRoutingId(ids, payload, m.routingId());
            send(server, ZmqMessage.of(DraftMessages.echo(payload)).withRoutingId(m.routingId()), "the reply to " + payload);
        }
        assertThat(ids).containsOnlyKeys(DraftMessages.CLIENTS);
        assertThat(ids.values()).doesNotHaveDuplicates();
        assertThat(clients.awaitFinished()).isEqualTo(DraftMessages.CLIENTS.size() * COUNT);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void jeroMqServerRepliesToEachMonocoqueClientByItsRoutingId(Side side) {
        List<ZmqSocket> clients = new ArrayList<>();
        for (int c = 0; c < DraftMessages.CLIENTS.size(); c++) {
            clients.add(socket(SocketType.CLIENT));
        }
        JeroMqPeer server;
        if (side == Side.BINDS) {
            List<String> endpoints = new ArrayList<>();
            for (ZmqSocket c : clients) {
                c.bind("tcp://127.0.0.1:*");
                endpoints.add(c.lastEndpoint());
            }
            server = jeromq.start("server", false, String.join(",", endpoints), COUNT);
            server.awaitReady();
        } else {
            server = jeromq.start("server", true, "tcp://127.0.0.1:*", COUNT);
            String endpoint = server.awaitReady();
            clients.forEach(c -> c.connect(endpoint));
        }
        for (int i = 0; i < COUNT; i++) {
            for (int c = 0; c < clients.size(); c++) {
                send(clients.get(c), ZmqMessage.of(DraftMessages.payload(DraftMessages.CLIENTS.get(c), i)), "request " + i);
            }
            for (int c = 0; c < clients.size(); c++) {
                ZmqMessage reply = receive(clients.get(c), DraftMessages.CLIENTS.get(c) + " reply " + i);
                DraftMessages.expect(DraftMessages.CLIENTS.get(c) + " reply " + i, reply.frameString(0),
                        DraftMessages.echo(DraftMessages.payload(DraftMessages.CLIENTS.get(c), i)));
                assertThat(reply.routingId()).as("a CLIENT's message carries no routing id").isZero();
            }
        }
        assertThat(server.awaitFinished()).isEqualTo(DraftMessages.CLIENTS.size() * COUNT);
    }

    @Test
    void monocoqueServerAndAJeroMqDealerRefuseEachOther() {
        ZmqSocket server = socket(SocketType.SERVER);
        server.bind("tcp://127.0.0.1:*");
        JeroMqPeer dealer = jeromq.start("idle", false, server.lastEndpoint(), 0, "--type", "dealer");
        dealer.awaitReady();
        awaitRefusal("DEALER");
        assertThat(server.statistics().connectedPeers()).isZero();
    }

    // ---- SCATTER/GATHER ------------------------------------------------------------------------

    /** Binds or connects {@code s} opposite a JeroMQ peer started in {@code mode}, and returns the peer. */
    private JeroMqPeer opposite(ZmqSocket s, Side side, String mode) {
        JeroMqPeer peer;
        if (side == Side.BINDS) {
            s.bind("tcp://127.0.0.1:*");
            peer = jeromq.start(mode, false, s.lastEndpoint(), COUNT);
            peer.awaitReady();
        } else {
            peer = jeromq.start(mode, true, "tcp://127.0.0.1:*", COUNT);
            s.connect(peer.awaitReady());
        }
        return peer;
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void monocoqueScatterDeliversToJeroMqGatherInOrder(Side side) {
        ZmqSocket scatter = socket(SocketType.SCATTER);
        JeroMqPeer gather = opposite(scatter, side, "gather");
        for (int i = 0; i < COUNT; i++) {
            send(scatter, ZmqMessage.of(DraftMessages.payload("scatter", i)), "message " + i);
        }
        assertThat(gather.awaitFinished()).isEqualTo(COUNT);
    }

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void jeroMqScatterDeliversToMonocoqueGatherInOrder(Side side) {
        ZmqSocket gather = socket(SocketType.GATHER);
        JeroMqPeer scatter = opposite(gather, side, "scatter");
        for (int i = 0; i < COUNT; i++) {
            DraftMessages.expect("message " + i, receive(gather, "message " + i).frameString(0), DraftMessages.payload("scatter", i));
        }
        assertThat(scatter.awaitFinished()).isEqualTo(COUNT);
    }

    @Test
    void monocoqueGatherAndAJeroMqPushRefuseEachOther() {
        ZmqSocket gather = socket(SocketType.GATHER);
        gather.bind("tcp://127.0.0.1:*");
        jeromq.start("idle", false, gather.lastEndpoint(), 0, "--type", "push").awaitReady();
        awaitRefusal("PUSH");
    }

    /**
     * Waits until the handshake with a JeroMQ peer of {@code peerType} has failed. JeroMQ checks the
     * socket type too, and which side reads the other's READY first is a race: when this side does,
     * it refuses the peer with HANDSHAKE_FAILED_PROTOCOL naming its type; when JeroMQ does, it hangs
     * up before its own READY leaves, and this side sees HANDSHAKE_FAILED_NO_DETAIL. Either way no
     * handshake succeeds. (SingleFrameHostilePeerTest proves the protocol refusal byte by byte.)
     */
    private void awaitRefusal(String peerType) {
        Awaitility.await().atMost(STEP).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> assertThat(events)
                .anySatisfy(e -> {
                    if (e.type() == MonitorEventType.HANDSHAKE_FAILED_PROTOCOL) {
                        assertThat(e.reason()).contains(peerType);
                    } else {
                        assertThat(e.type()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL);
                    }
                }));
        assertThat(events).noneMatch(e -> e.type() == MonitorEventType.HANDSHAKE_SUCCEEDED);
    }

    // ---- CHANNEL -------------------------------------------------------------------------------

    @ParameterizedTest(name = "Monocoque {0}")
    @EnumSource(Side.class)
    void monocoqueChannelAndJeroMqChannelExchangeInOrder(Side side) {
        ZmqSocket channel = socket(SocketType.CHANNEL);
        JeroMqPeer peer = opposite(channel, side, "channel");
        for (int i = 0; i < COUNT; i++) {
            send(channel, ZmqMessage.of(DraftMessages.payload("there", i)), "message " + i);
        }
        for (int i = 0; i < COUNT; i++) {
            DraftMessages.expect("reply " + i, receive(channel, "reply " + i).frameString(0), DraftMessages.payload("back", i));
        }
        assertThat(peer.awaitFinished()).isEqualTo(2 * COUNT);
    }

    @Test
    void monocoqueChannelAndAJeroMqPairRefuseEachOther() {
        ZmqSocket channel = socket(SocketType.CHANNEL);
        channel.bind("tcp://127.0.0.1:*");
        jeromq.start("idle", false, channel.lastEndpoint(), 0, "--type", "pair").awaitReady();
        awaitRefusal("PAIR");
    }

    // ---- PEER ----------------------------------------------------------------------------------

    @Test
    void monocoqueConnectPeerReachesABoundJeroMqPeerAndItsRepliesCarryThatRoutingId() {
        ZmqSocket peer = socket(SocketType.PEER);
        JeroMqPeer bound = jeromq.start("peer", true, "tcp://127.0.0.1:*", COUNT);
        int id = peer.connectPeer(bound.awaitReady());
        assertThat(id).isNotZero();
        for (int i = 0; i < COUNT; i++) {
            send(peer, ZmqMessage.of(DraftMessages.payload("peer", i)).withRoutingId(id), "message " + i);
            ZmqMessage reply = receive(peer, "reply " + i);
            assertThat(reply.routingId()).as("routing id of reply %d", i).isEqualTo(id);
            DraftMessages.expect("reply " + i, reply.frameString(0), DraftMessages.echo(DraftMessages.payload("peer", i)));
        }
        assertThat(bound.awaitFinished()).isEqualTo(COUNT);
    }

    @Test
    void jeroMqConnectPeerReachesABoundMonocoquePeerThatRepliesByRoutingId() {
        ZmqSocket peer = socket(SocketType.PEER);
        peer.bind("tcp://127.0.0.1:*");
        JeroMqPeer connecting = jeromq.start("peer", false, peer.lastEndpoint(), COUNT);
        connecting.awaitReady();
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < COUNT; i++) {
            ZmqMessage m = receive(peer, "message " + i);
            DraftMessages.expect("message " + i, m.frameString(0), DraftMessages.payload("peer", i));
            DraftMessages.checkRoutingId(ids, m.frameString(0), m.routingId());
            send(peer, ZmqMessage.of(DraftMessages.echo(m.frameString(0))).withRoutingId(m.routingId()), "reply " + i);
        }
        assertThat(connecting.awaitFinished()).isEqualTo(COUNT);
    }

    @Test
    void monocoquePeerAndAJeroMqRouterRefuseEachOther() {
        ZmqSocket peer = socket(SocketType.PEER);
        peer.bind("tcp://127.0.0.1:*");
        jeromq.start("idle", false, peer.lastEndpoint(), 0, "--type", "router").awaitReady();
        awaitRefusal("ROUTER");
    }
}
