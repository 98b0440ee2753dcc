package io.monocoque.zmq.spec;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DEALER/ROUTER as ZeroMQ RFC 28 and libzmq's test_spec_dealer/test_spec_router define them:
 * DEALER round-robins out and fair-queues in; ROUTER prefixes each message with its peer's
 * routing id, routes replies by it, and drops (or, when mandatory, refuses) the unroutable.
 */
class DealerRouterSpecTest extends SpecTestBase {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void dealerRoundRobinsOutgoingMessages(Transport t) {
        int services = 3;
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.ROUTING_ID, bytes("dealer"));
        List<ZmqSocket> routers = new ArrayList<>();
        for (int i = 0; i < services; i++) {
            ZmqSocket router = socket(SocketType.ROUTER);
            dealer.connect(bind(router, t));
            routers.add(router);
        }
        for (int n = 0; n < services * 3; n++) {
            send(dealer, "msg", Integer.toString(n));
        }
        for (int i = 0; i < services; i++) {
            for (int r = 0; r < 3; r++) {
                assertThat(recvFrames(routers.get(i))).as("router %d, round %d", i, r)
                        .containsExactly("dealer", "msg", Integer.toString(r * services + i));
            }
            assertThat(routers.get(i).tryReceive()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void dealerFairQueuesIncomingMessages(Transport t) {
        int peers = 3;
        int perPeer = 3;
        ZmqSocket dealer = socket(SocketType.DEALER);
        Events events = monitor(dealer);
        String endpoint = bind(dealer, t);
        List<ZmqSocket> senders = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            ZmqSocket s = socket(SocketType.DEALER);
            s.connect(endpoint);
            senders.add(s);
        }
        events.awaitPeers(t, peers);
        for (int i = 0; i < peers; i++) {
            for (int j = 0; j < perPeer; j++) {
                send(senders.get(i), "peer-" + i, Integer.toString(j));
            }
        }
        settle(t);

        int[] next = new int[peers];
        for (int round = 0; round < perPeer; round++) {
            Set<Integer> seen = new HashSet<>();
            for (int k = 0; k < peers; k++) {
                List<String> f = recvFrames(dealer);
                int peer = Integer.parseInt(f.get(0).substring("peer-".length()));
                assertThat(f.get(1)).isEqualTo(Integer.toString(next[peer]++));
                seen.add(peer);
            }
            assertThat(seen).as("round %d", round).containsExactlyInAnyOrder(0, 1, 2);
        }
        assertThat(dealer.tryReceive()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void routerFairQueuesIncomingMessages(Transport t) {
        int peers = 3;
        int perPeer = 3;
        ZmqSocket router = socket(SocketType.ROUTER);
        Events events = monitor(router);
        String endpoint = bind(router, t);
        List<ZmqSocket> dealers = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            ZmqSocket d = socket(SocketType.DEALER);
            d.setOption(SocketOption.ROUTING_ID, bytes("D" + i));
            d.connect(endpoint);
            dealers.add(d);
        }
        events.awaitPeers(t, peers);
        for (int i = 0; i < peers; i++) {
            for (int j = 0; j < perPeer; j++) {
                send(dealers.get(i), "m", Integer.toString(j));
            }
        }
        settle(t);

        int[] next = new int[peers];
        for (int round = 0; round < perPeer; round++) {
            Set<String> seen = new HashSet<>();
            for (int k = 0; k < peers; k++) {
                List<String> f = recvFrames(router);
                int peer = Integer.parseInt(f.get(0).substring(1));
                assertThat(f.subList(1, 3)).containsExactly("m", Integer.toString(next[peer]++));
                seen.add(f.get(0));
            }
            assertThat(seen).as("round %d", round).containsExactlyInAnyOrder("D0", "D1", "D2");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void routerPrefixesAGeneratedFiveByteRoutingId(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = bind(router, t);
        ZmqSocket a = socket(SocketType.DEALER);
        ZmqSocket b = socket(SocketType.DEALER);
        a.connect(endpoint);
        b.connect(endpoint);

        send(a, "from a", "x");
        send(b, "from b", "y");
        Map<String, byte[]> ids = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            ZmqMessage m = recv(router);
            assertThat(m.size()).isEqualTo(3);
            byte[] id = m.frame(0);
            assertThat(id).as("generated routing id").hasSize(5);
            assertThat(id[0]).as("generated ids start with a zero byte").isZero();
            ids.put(m.frameString(1), id);
            assertThat(m.frameString(2)).isEqualTo(m.frameString(1).equals("from a") ? "x" : "y");
        }
        assertThat(ids).containsOnlyKeys("from a", "from b");
        assertThat(ids.get("from a")).isNotEqualTo(ids.get("from b"));

        // The generated ids route replies.
        assertThat(router.send(ZmqMessage.of(ids.get("from b"), bytes("to b")), TIMEOUT)).isTrue();
        assertThat(router.send(ZmqMessage.of(ids.get("from a"), bytes("to a")), TIMEOUT)).isTrue();
        assertThat(recvFrames(a)).containsExactly("to a");
        assertThat(recvFrames(b)).containsExactly("to b");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void routerPrefixesThePeersRoutingIdOption(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = bind(router, t);
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.ROUTING_ID, bytes("worker-42"));
        dealer.connect(endpoint);
        ZmqSocket req = socket(SocketType.REQ);
        req.setOption(SocketOption.ROUTING_ID, new byte[] {(byte) 0xff, 1, 2});
        req.connect(endpoint);

        send(dealer, "ready");
        assertThat(recvFrames(router)).containsExactly("worker-42", "ready");
        send(req, "hi");
        ZmqMessage m = recv(router);
        assertThat(m.frame(0)).containsExactly((byte) 0xff, 1, 2);
        assertThat(frames(m).subList(1, 3)).containsExactly("", "hi");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void routerRoutesRepliesToTheRightPeer(Transport t) {
        int peers = 4;
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = bind(router, t);
        List<ZmqSocket> dealers = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            ZmqSocket d = socket(SocketType.DEALER);
            d.setOption(SocketOption.ROUTING_ID, bytes("peer-" + i));
            d.connect(endpoint);
            dealers.add(d);
            send(d, "hello", Integer.toString(i));
        }
        Set<String> greeted = new HashSet<>();
        for (int i = 0; i < peers; i++) {
            List<String> f = recvFrames(router);
            assertThat(f.get(0)).isEqualTo("peer-" + f.get(2));
            assertThat(f.get(1)).isEqualTo("hello");
            greeted.add(f.get(0));
        }
        assertThat(greeted).hasSize(peers);

        // Replies in an order unrelated to the connection order, several per peer.
        for (int round = 0; round < 2; round++) {
            for (int i = peers - 1; i >= 0; i--) {
                send(router, "peer-" + i, "reply", i + "/" + round);
            }
        }
        for (int i = 0; i < peers; i++) {
            for (int round = 0; round < 2; round++) {
                assertThat(recvFrames(dealers.get(i))).containsExactly("reply", i + "/" + round);
            }
            assertThat(dealers.get(i).tryReceive()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void routerDropsMessagesForAnUnknownRoutingIdSilently(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = bind(router, t);
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.ROUTING_ID, bytes("known"));
        dealer.connect(endpoint);
        send(dealer, "hello");
        assertThat(recvFrames(router)).containsExactly("known", "hello");

        assertThat(router.trySend(ZmqMessage.of("unknown", "lost"))).isTrue();
        router.send(ZmqMessage.of("unknown", "lost too"));
        send(router, "known", "delivered");
        assertThat(recvFrames(dealer)).containsExactly("delivered");
        assertNothingReceived(dealer);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void routerMandatoryFailsWithEhostunreachForAnUnknownRoutingId(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        router.setOption(SocketOption.ROUTER_MANDATORY, true);
        String endpoint = bind(router, t);
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.ROUTING_ID, bytes("known"));
        dealer.connect(endpoint);
        send(dealer, "hello");
        assertThat(recvFrames(router)).containsExactly("known", "hello");

        assertThatThrownBy(() -> router.send(ZmqMessage.of("unknown", "x")))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EHOSTUNREACH));
        assertThatThrownBy(() -> router.trySend(ZmqMessage.of("unknown", "x")))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EHOSTUNREACH));

        // The failure changes nothing for known peers.
        send(router, "known", "still routed");
        assertThat(recvFrames(dealer)).containsExactly("still routed");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void routerMandatoryFailsOnceThePeerHasGone(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        router.setOption(SocketOption.ROUTER_MANDATORY, true);
        Events events = monitor(router);
        String endpoint = bind(router, t);
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.ROUTING_ID, bytes("leaving"));
        dealer.connect(endpoint);
        send(dealer, "hello");
        assertThat(recvFrames(router)).containsExactly("leaving", "hello");

        dealer.close();
        if (t.isNetworked()) {
            events.awaitCount(MonitorEventType.DISCONNECTED, 1);
        }
        Awaitility.await().atMost(TIMEOUT).until(() -> {
            try {
                router.trySend(ZmqMessage.of("leaving", "x"));
                return false;
            } catch (ZmqException e) {
                return e.error() == ZmqError.EHOSTUNREACH;
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSecondPeerWithARoutingIdInUseIsRefusedWhileTheFirstKeepsWorking(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        Events events = monitor(router);
        String endpoint = bind(router, t);
        ZmqSocket first = socket(SocketType.DEALER);
        first.setOption(SocketOption.ROUTING_ID, bytes("dup"));
        first.connect(endpoint);
        send(first, "from first", "1");
        assertThat(recvFrames(router)).containsExactly("dup", "from first", "1");

        ZmqSocket second = socket(SocketType.DEALER);
        second.setOption(SocketOption.ROUTING_ID, bytes("dup"));
        second.connect(endpoint);
        if (t.isNetworked()) {
            // Its own reason, naming the id (0x647570 is "dup"), and not counted as a handshake failure.
            events.awaitReason(MonitorEventType.DISCONNECTED, "routing id 0x647570");
            assertThat(events.count(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL)).isZero();
            assertThat(router.statistics().handshakeFailures()).isZero();
        }
        // On tcp/ipc the message waits in the second DEALER's queue; on inproc it has no peer at all.
        second.trySend(ZmqMessage.of("from second"));

        assertNothingReceived(router);
        send(router, "dup", "reply", "1");
        assertThat(recvFrames(first)).containsExactly("reply", "1");
        assertThat(second.receive(QUIET)).isNull();

        send(first, "from first", "2");
        assertThat(recvFrames(router)).containsExactly("dup", "from first", "2");
        send(router, "dup", "reply", "2");
        assertThat(recvFrames(first)).containsExactly("reply", "2");
        assertThat(second.tryReceive()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void routerToRouterTalksByRoutingIds(Transport t) {
        ZmqSocket server = socket(SocketType.ROUTER);
        server.setOption(SocketOption.ROUTING_ID, bytes("server"));
        Events events = monitor(server);
        String endpoint = bind(server, t);
        ZmqSocket client = socket(SocketType.ROUTER);
        client.setOption(SocketOption.ROUTING_ID, bytes("client"));
        client.setOption(SocketOption.ROUTER_MANDATORY, true);
        client.connect(endpoint);
        events.awaitPeers(t, 1);

        sendWhenRoutable(client, ZmqMessage.of("server", "ping", "1"));
        assertThat(recvFrames(server)).containsExactly("client", "ping", "1");
        send(server, "client", "pong", "1");
        assertThat(recvFrames(client)).containsExactly("server", "pong", "1");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
