package io.monocoque.zmq.spec;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PEER as libzmq's test_peer defines it: a SERVER that connects to other PEERs with
 * {@code connectPeer}, which returns the new connection's routing id at once, so either side can
 * speak first; messages carry the routing id both ways, single-frame only.
 */
class PeerSpecTest extends SpecTestBase {

    private static void assertFails(ZmqError error, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(error));
    }

    private static void send(ZmqSocket s, ZmqMessage m) {
        assertThat(s.send(m, TIMEOUT)).as("%s send of %s", s, m).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void peersTalkByTheRoutingIdsConnectPeerAndTheirMessagesGave(Transport t) {
        ZmqSocket peer1 = socket(SocketType.PEER);
        ZmqSocket peer2 = socket(SocketType.PEER);
        String endpoint = bind(peer1, t);

        int peer1Id = peer2.connectPeer(endpoint);
        assertThat(peer1Id).isNotZero();
        send(peer2, ZmqMessage.of("1").withRoutingId(peer1Id));

        ZmqMessage atPeer1 = recv(peer1);
        assertThat(frames(atPeer1)).containsExactly("1");
        int peer2Id = atPeer1.routingId();
        assertThat(peer2Id).isNotZero();
        send(peer1, ZmqMessage.of("2").withRoutingId(peer2Id));

        ZmqMessage atPeer2 = recv(peer2);
        assertThat(frames(atPeer2)).containsExactly("2");
        assertThat(atPeer2.routingId()).as("the id connectPeer returned").isEqualTo(peer1Id);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aConnectingPeerMaySpeakBeforeThePeerItConnectsToHasBound(Transport t) {
        String endpoint = reserveEndpoint(t);
        ZmqSocket connecting = socket(SocketType.PEER);
        int id = connecting.connectPeer(endpoint);
        assertThat(connecting.trySend(ZmqMessage.of("early").withRoutingId(id))).isTrue();

        ZmqSocket bound = socket(SocketType.PEER);
        bound.bind(endpoint);
        ZmqMessage m = recv(bound);
        assertThat(frames(m)).containsExactly("early");
        send(bound, ZmqMessage.of("welcome").withRoutingId(m.routingId()));
        assertThat(recv(connecting).routingId()).isEqualTo(id);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void eachConnectionOfAPeerHasItsOwnRoutingId(Transport t) {
        ZmqSocket hub = socket(SocketType.PEER);
        List<ZmqSocket> others = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ZmqSocket other = socket(SocketType.PEER);
            ids.add(hub.connectPeer(bind(other, t)));
            others.add(other);
        }
        // A PEER that connects out also takes peers that connect to it.
        ZmqSocket inbound = socket(SocketType.PEER);
        inbound.connectPeer(bind(hub, t));
        assertThat(new HashSet<>(ids)).hasSize(3).doesNotContain(0);

        for (int i = others.size() - 1; i >= 0; i--) {
            send(hub, ZmqMessage.of("to " + i).withRoutingId(ids.get(i)));
        }
        for (int i = 0; i < others.size(); i++) {
            assertThat(recvFrames(others.get(i))).containsExactly("to " + i);
        }
        send(inbound, ZmqMessage.of("in").withRoutingId(inbound.connectPeer(hub.lastEndpoint())));
        ZmqMessage in = recv(hub);
        assertThat(frames(in)).containsExactly("in");
        assertThat(ids).doesNotContain(in.routingId());
    }

    @Test
    void threadsConnectingAtOnceEachGetTheirOwnConnectionsId() throws Exception {
        ZmqSocket hub = socket(SocketType.PEER);
        int threads = 4;
        List<ZmqSocket> targets = new ArrayList<>();
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            ZmqSocket target = socket(SocketType.PEER);
            endpoints.add(bind(target, Transport.TCP));
            targets.add(target);
        }
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> connects = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String endpoint = endpoints.get(i);
            connects.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                return hub.connectPeer(endpoint);
            }));
        }
        start.countDown();
        for (int i = 0; i < threads; i++) {
            send(hub, ZmqMessage.of("for " + i).withRoutingId(connects.get(i).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)));
        }
        for (int i = 0; i < threads; i++) {
            assertThat(recvFrames(targets.get(i))).containsExactly("for " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "IPC"})
    void theRoutingIdConnectPeerGaveOutlivesAReconnect(Transport t) {
        String endpoint = reserveEndpoint(t);
        ZmqSocket first = socket(SocketType.PEER);
        first.bind(endpoint);
        ZmqSocket connecting = socket(SocketType.PEER);
        connecting.setOption(SocketOption.RECONNECT_INTERVAL, java.time.Duration.ofMillis(20));
        Events events = monitor(connecting);
        int id = connecting.connectPeer(endpoint);
        send(connecting, ZmqMessage.of("before").withRoutingId(id));
        assertThat(recvFrames(first)).containsExactly("before");
        first.close();
        events.awaitCount(io.monocoque.zmq.MonitorEventType.DISCONNECTED, 1);

        ZmqSocket second = socket(SocketType.PEER);
        second.bind(endpoint);
        send(connecting, ZmqMessage.of("after").withRoutingId(id));
        assertThat(recvFrames(second)).containsExactly("after");
    }

    @Test
    void connectPeerWithImmediateFailsWithEfault() {
        ZmqSocket peer = socket(SocketType.PEER);
        peer.setOption(SocketOption.IMMEDIATE, true);
        assertFails(ZmqError.EFAULT, () -> peer.connectPeer(reserveEndpoint(Transport.TCP)));
        assertThat(peer.endpoints()).isEmpty();
    }

    @Test
    void onlyAPeerHasConnectPeer() {
        for (SocketType type : new SocketType[] {SocketType.SERVER, SocketType.CLIENT, SocketType.DEALER, SocketType.ROUTER}) {
            ZmqSocket s = socket(type);
            assertFails(ZmqError.ENOTSUP, () -> s.connectPeer("inproc://nobody"));
        }
    }

    @Test
    void aPeerRefusesMultipartAndUnknownRoutingIds() {
        ZmqSocket peer1 = socket(SocketType.PEER);
        ZmqSocket peer2 = socket(SocketType.PEER);
        int id = peer2.connectPeer(bind(peer1, Transport.INPROC));
        assertFails(ZmqError.EINVAL, () -> peer2.send(ZmqMessage.of("a", "b").withRoutingId(id)));
        assertFails(ZmqError.EHOSTUNREACH, () -> peer2.send(ZmqMessage.of("a").withRoutingId(id + 1)));
        assertFails(ZmqError.EHOSTUNREACH, () -> peer2.send(ZmqMessage.of("a")));
        assertNothingReceived(peer1);
    }
}
