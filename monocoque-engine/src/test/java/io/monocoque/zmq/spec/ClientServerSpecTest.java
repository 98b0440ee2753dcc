package io.monocoque.zmq.spec;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CLIENT/SERVER as ZeroMQ RFC 41 and libzmq's test_client_server define them: single-frame
 * messages only (a multipart send is EINVAL), a SERVER hands each message out with the nonzero
 * routing id of the connection it came from and sends a message to the connection its routing
 * id names (EHOSTUNREACH for none), a CLIENT load-balances and fair-queues as a DEALER does.
 */
class ClientServerSpecTest extends SpecTestBase {

    @Test
    void clientRefusesAMultipartMessageWithEinval() {
        ZmqSocket client = socket(SocketType.CLIENT);
        assertThatThrownBy(() -> client.send(ZmqMessage.of("X", "Y")))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
    }

    @Test
    void serverRefusesAMultipartMessageWithEinvalEvenToAKnownPeer() {
        ZmqSocket server = socket(SocketType.SERVER);
        ZmqSocket client = socket(SocketType.CLIENT);
        client.connect(bind(server, Transport.INPROC));
        send(client, "X");
        int id = recv(server).routingId();
        assertThatThrownBy(() -> server.send(ZmqMessage.of("X", "Y").withRoutingId(id)))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void serverRepliesToTheClientWhoseRoutingIdTheMessageCarries(Transport t) {
        ZmqSocket server = socket(SocketType.SERVER);
        String endpoint = bind(server, t);
        ZmqSocket first = socket(SocketType.CLIENT);
        ZmqSocket second = socket(SocketType.CLIENT);
        first.connect(endpoint);
        second.connect(endpoint);

        send(first, "from first");
        send(second, "from second");
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            ZmqMessage m = recv(server);
            assertThat(m.size()).isOne();
            assertThat(m.routingId()).as("routing id of %s", m).isNotZero();
            ids.put(m.frameString(0), m.routingId());
        }
        assertThat(ids).containsOnlyKeys("from first", "from second");
        assertThat(ids.get("from first")).isNotEqualTo(ids.get("from second"));

        // Replies in the opposite order reach the right client each, without a routing id of their own.
        send(server, ZmqMessage.of("to second").withRoutingId(ids.get("from second")));
        send(server, ZmqMessage.of("to first").withRoutingId(ids.get("from first")));
        ZmqMessage toFirst = recv(first);
        ZmqMessage toSecond = recv(second);
        assertThat(frames(toFirst)).containsExactly("to first");
        assertThat(frames(toSecond)).containsExactly("to second");
        assertThat(toFirst.routingId()).isZero();
        assertThat(toSecond.routingId()).isZero();
        assertNothingReceived(first);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientKeepsItsRoutingIdForEveryMessageOfItsConnection(Transport t) {
        ZmqSocket server = socket(SocketType.SERVER);
        ZmqSocket client = socket(SocketType.CLIENT);
        client.connect(bind(server, t));
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            send(client, "m" + i);
            ZmqMessage m = recv(server);
            assertThat(m.frameString(0)).isEqualTo("m" + i);
            ids.add(m.routingId());
            send(server, ZmqMessage.of("r" + i).withRoutingId(m.routingId()));
            assertThat(recvFrames(client)).containsExactly("r" + i);
        }
        assertThat(ids).hasSize(1).doesNotContain(0);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void serverSendToARoutingIdNoPeerHasFailsWithEhostunreach(Transport t) {
        ZmqSocket server = socket(SocketType.SERVER);
        ZmqSocket client = socket(SocketType.CLIENT);
        client.connect(bind(server, t));
        send(client, "hello");
        int id = recv(server).routingId();

        assertThatThrownBy(() -> server.send(ZmqMessage.of("nobody").withRoutingId(id + 1)))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EHOSTUNREACH));
        assertThatThrownBy(() -> server.send(ZmqMessage.of("no id at all")))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EHOSTUNREACH));
        // Nothing was sent to the peer that is there.
        assertNothingReceived(client);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientThatHasGoneIsUnreachable(Transport t) {
        ZmqSocket server = socket(SocketType.SERVER);
        String endpoint = bind(server, t);
        ZmqSocket client = socket(SocketType.CLIENT);
        client.connect(endpoint);
        send(client, "hello");
        int id = recv(server).routingId();
        client.close();

        Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(5)).until(() -> {
            try {
                server.trySend(ZmqMessage.of("still there?").withRoutingId(id));
                return false;
            } catch (ZmqException e) {
                return e.error() == ZmqError.EHOSTUNREACH;
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void clientLoadBalancesOverItsServersAndFairQueuesTheirReplies(Transport t) {
        ZmqSocket a = socket(SocketType.SERVER);
        ZmqSocket b = socket(SocketType.SERVER);
        ZmqSocket client = socket(SocketType.CLIENT);
        Events events = monitor(client);
        client.connect(bind(a, t));
        client.connect(bind(b, t));
        events.awaitPeers(t, 2);

        for (int i = 0; i < 6; i++) {
            send(client, "job " + i);
        }
        // Round robin in connect order: a gets the even jobs, b the odd ones.
        List<ZmqMessage> atA = new ArrayList<>();
        List<ZmqMessage> atB = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            atA.add(recv(a));
            atB.add(recv(b));
        }
        assertThat(atA).extracting(m -> m.frameString(0)).containsExactly("job 0", "job 2", "job 4");
        assertThat(atB).extracting(m -> m.frameString(0)).containsExactly("job 1", "job 3", "job 5");

        for (int i = 0; i < 3; i++) {
            send(a, ZmqMessage.of("a" + i).withRoutingId(atA.get(i).routingId()));
            send(b, ZmqMessage.of("b" + i).withRoutingId(atB.get(i).routingId()));
        }
        settle(t);
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            replies.add(recv(client).frameString(0));
        }
        // Fair-queued: each server's replies in its own order, the two taken in turn.
        for (int i = 0; i < 3; i++) {
            assertThat(replies.subList(2 * i, 2 * i + 2)).as("round %d of %s", i, replies).containsExactlyInAnyOrder("a" + i, "b" + i);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientConnectedBeforeTheServerBindsQueuesWhatItSends(Transport t) {
        String endpoint = reserveEndpoint(t);
        ZmqSocket client = socket(SocketType.CLIENT);
        client.connect(endpoint);
        assertThat(client.trySend(ZmqMessage.of("early"))).isTrue();
        ZmqSocket server = socket(SocketType.SERVER);
        server.bind(endpoint);
        ZmqMessage m = recv(server);
        assertThat(frames(m)).containsExactly("early");
        send(server, ZmqMessage.of("welcome").withRoutingId(m.routingId()));
        assertThat(recvFrames(client)).containsExactly("welcome");
    }

    @Test
    void serverWaitsForRoomAtOnePeersHighWaterMarkWhileAnotherPeerIsServed() {
        ZmqSocket server = socket(SocketType.SERVER);
        server.setOption(SocketOption.SEND_HIGH_WATER_MARK, 2);
        String endpoint = bind(server, Transport.INPROC);
        ZmqSocket slow = socket(SocketType.CLIENT);
        slow.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 3);
        ZmqSocket other = socket(SocketType.CLIENT);
        slow.connect(endpoint);
        other.connect(endpoint);
        send(slow, "slow");
        send(other, "other");
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            ZmqMessage m = recv(server);
            ids.put(m.frameString(0), m.routingId());
        }
        ZmqMessage toSlow = ZmqMessage.of("x").withRoutingId(ids.get("slow"));

        // The inproc pipe holds the send plus the receive mark: 5 messages, then EAGAIN, never a drop.
        int queued = 0;
        while (server.trySend(toSlow)) {
            queued++;
        }
        assertThat(queued).isEqualTo(5);
        assertThat(server.droppedMessages()).isZero();
        assertThat(server.trySend(ZmqMessage.of("y").withRoutingId(ids.get("other")))).isTrue();
        assertThat(recvFrames(other)).containsExactly("y");

        // A blocked send goes on once the slow client reads.
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> server.send(toSlow, TIMEOUT));
        assertThat(blocked).isNotDone();
        for (int i = 0; i < queued + 1; i++) {
            assertThat(recvFrames(slow)).containsExactly("x");
        }
        assertThat(blocked.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join()).isTrue();
    }

    @Test
    void clientBlocksWhenItsServerIsAtTheHighWaterMarkAndNeverDrops() {
        ZmqSocket server = socket(SocketType.SERVER);
        server.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 2);
        ZmqSocket client = socket(SocketType.CLIENT);
        client.setOption(SocketOption.SEND_HIGH_WATER_MARK, 2);
        client.connect(bind(server, Transport.INPROC));
        int queued = 0;
        while (client.trySend(ZmqMessage.of("m" + queued))) {
            queued++;
        }
        assertThat(queued).isEqualTo(4);
        assertThat(client.send(ZmqMessage.of("late"), Duration.ofMillis(50))).isFalse();
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> client.send(ZmqMessage.of("after"), TIMEOUT));
        for (int i = 0; i < queued; i++) {
            assertThat(recvFrames(server)).containsExactly("m" + i);
        }
        assertThat(recvFrames(server)).containsExactly("after");
        assertThat(blocked.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void manyThreadsShareOneClientAndOneServer(Transport t) throws Exception {
        ZmqSocket server = socket(SocketType.SERVER);
        ZmqSocket client = socket(SocketType.CLIENT);
        client.connect(bind(server, t));
        int threads = 4;
        int each = 250;
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int n = 0; n < threads; n++) {
            int thread = n;
            senders.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < each; i++) {
                    send(client, thread + ":" + i);
                }
            }));
        }
        // Two threads serve the server, echoing each request to its routing id.
        Set<String> echoed = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> servers = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            servers.add(CompletableFuture.runAsync(() -> {
                while (echoed.size() < threads * each) {
                    ZmqMessage m = server.receive(Duration.ofMillis(100));
                    if (m != null) {
                        echoed.add(m.frameString(0));
                        send(server, ZmqMessage.of(m.frameString(0)).withRoutingId(m.routingId()));
                    }
                }
            }));
        }
        Set<String> replies = new HashSet<>();
        while (replies.size() < threads * each) {
            assertThat(replies.add(recv(client).frameString(0))).isTrue();
        }
        CompletableFuture.allOf(senders.toArray(new CompletableFuture[0])).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture.allOf(servers.toArray(new CompletableFuture[0])).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(replies).hasSize(threads * each).contains("0:0", "3:" + (each - 1));
    }

    @Test
    void optionsOfOtherTypesAreRefusedWithEinval() {
        ZmqSocket server = socket(SocketType.SERVER);
        ZmqSocket client = socket(SocketType.CLIENT);
        assertThatThrownBy(() -> server.setOption(SocketOption.ROUTER_HANDOVER, true))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
        assertThatThrownBy(() -> client.setOption(SocketOption.REQ_RELAXED, true))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
        assertThatThrownBy(() -> client.setOption(SocketOption.CONFLATE, true))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
    }

    @Test
    void clientAndServerHaveNoSubscriptions() {
        ZmqSocket server = socket(SocketType.SERVER);
        ZmqSocket client = socket(SocketType.CLIENT);
        assertThatThrownBy(() -> client.subscribe("x"))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOTSUP));
        assertThatThrownBy(() -> server.subscribe("x"))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOTSUP));
        assertThat(server.getOption(SocketOption.TYPE)).isEqualTo(SocketType.SERVER);
    }

    /** Sends a whole message, failing the test if it cannot be queued within {@link #TIMEOUT}. */
    static void send(ZmqSocket s, ZmqMessage m) {
        assertThat(s.send(m, TIMEOUT)).as("%s send of %s", s, m).isTrue();
    }
}
