package io.monocoque.zmq.spec;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * REQ/REP as ZeroMQ RFC 28 and libzmq's test_spec_req/test_spec_rep define them: REQ
 * round-robins requests, alternates strictly and accepts a reply only from the peer it asked;
 * REP fair-queues and returns each reply with the request's envelope.
 */
class ReqRepSpecTest extends SpecTestBase {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void reqRoundRobinsRequestsOverReps(Transport t) {
        int services = 3;
        ZmqSocket req = socket(SocketType.REQ);
        List<ZmqSocket> reps = new ArrayList<>();
        for (int i = 0; i < services; i++) {
            ZmqSocket rep = socket(SocketType.REP);
            req.connect(bind(rep, t));
            reps.add(rep);
        }

        for (int n = 0; n < services * 2; n++) {
            ZmqSocket rep = reps.get(n % services);
            send(req, "ABC", Integer.toString(n));
            assertThat(recvFrames(rep)).as("request %d goes to REP %d", n, n % services)
                    .containsExactly("ABC", Integer.toString(n));
            send(rep, "DEF", Integer.toString(n));
            assertThat(recvFrames(req)).containsExactly("DEF", Integer.toString(n));
        }
        for (ZmqSocket rep : reps) {
            assertThat(rep.tryReceive()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void reqMustAlternateSendAndReceive(Transport t) {
        ZmqSocket rep = socket(SocketType.REP);
        ZmqSocket req = socket(SocketType.REQ);
        req.connect(bind(rep, t));

        assertEfsm(() -> req.tryReceive());
        assertEfsm(() -> req.receive(Duration.ofMillis(10)));

        send(req, "first");
        assertEfsm(() -> req.trySend(ZmqMessage.of("second")));
        assertEfsm(() -> req.send("second"));

        assertThat(recvFrames(rep)).containsExactly("first");
        send(rep, "reply");
        assertThat(recvFrames(req)).containsExactly("reply");

        // The cycle starts over: receiving again before a new request is an error.
        assertEfsm(() -> req.tryReceive());
        send(req, "third");
        assertThat(recvFrames(rep)).containsExactly("third");
        send(rep, "reply 3");
        assertThat(recvFrames(req)).containsExactly("reply 3");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void repMustAlternateReceiveAndSend(Transport t) {
        ZmqSocket rep = socket(SocketType.REP);
        ZmqSocket req = socket(SocketType.REQ);
        req.connect(bind(rep, t));

        assertEfsm(() -> rep.trySend(ZmqMessage.of("unasked")));
        send(req, "question");
        assertThat(recvFrames(rep)).containsExactly("question");
        assertEfsm(() -> rep.tryReceive());
        send(rep, "answer");
        assertEfsm(() -> rep.trySend(ZmqMessage.of("again")));
        assertThat(recvFrames(req)).containsExactly("answer");
    }

    @Test
    void reqWithoutPeersBlocksOnSend() {
        ZmqSocket req = socket(SocketType.REQ);
        req.setOption(SocketOption.SEND_TIMEOUT, Duration.ofMillis(100));
        assertThat(req.trySend(ZmqMessage.of("x"))).isFalse();
        assertThatThrownBy(() -> req.send("x"))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EAGAIN));
        // A request that could not be sent does not put the REQ in the awaiting-reply state.
        assertEfsm(() -> req.tryReceive());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void reqPutsADelimiterOnTheWire(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        ZmqSocket req = socket(SocketType.REQ);
        req.connect(bind(router, t));

        send(req, "ABC", "DEF");
        ZmqMessage request = recv(router);
        assertThat(request.size()).isEqualTo(4);
        byte[] id = request.frame(0);
        assertThat(id).isNotEmpty();
        assertThat(frames(request).subList(1, 4)).containsExactly("", "ABC", "DEF");

        // A reply without the delimiter is not a reply: the REQ drops it and keeps waiting.
        assertThat(router.send(ZmqMessage.of(id, bytes("no delimiter")), TIMEOUT)).isTrue();
        assertThat(req.receive(QUIET)).isNull();

        assertThat(router.send(ZmqMessage.of(id, new byte[0], bytes("GHI")), TIMEOUT)).isTrue();
        assertThat(recvFrames(req)).containsExactly("GHI");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void repReturnsTheReplyWithTheFullEnvelope(Transport t) {
        ZmqSocket rep = socket(SocketType.REP);
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.connect(bind(rep, t));

        // Two routing hops, the delimiter, then a two-frame body.
        send(dealer, "hop-1", "hop-2", "", "body-1", "body-2");
        assertThat(recvFrames(rep)).containsExactly("body-1", "body-2");
        send(rep, "reply-1", "reply-2");
        assertThat(recvFrames(dealer)).containsExactly("hop-1", "hop-2", "", "reply-1", "reply-2");

        // A request without a delimiter is malformed: the REP drops it.
        send(dealer, "no", "delimiter");
        send(dealer, "", "proper");
        assertThat(recvFrames(rep)).containsExactly("proper");
        send(rep, "ok");
        assertThat(recvFrames(dealer)).containsExactly("", "ok");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void repBehindARouterDealerBrokerKeepsTheEnvelope(Transport t) {
        ZmqSocket frontend = socket(SocketType.ROUTER);
        ZmqSocket backend = socket(SocketType.DEALER);
        String front = bind(frontend, t);
        String back = bind(backend, t);
        ZmqSocket worker = socket(SocketType.REP);
        worker.connect(back);
        ZmqSocket client = socket(SocketType.REQ);
        client.setOption(SocketOption.ROUTING_ID, bytes("client-7"));
        client.connect(front);

        for (int n = 0; n < 3; n++) {
            send(client, "hello", Integer.toString(n));
            // The broker passes what its ROUTER got, routing id and delimiter included.
            ZmqMessage request = recv(frontend);
            assertThat(frames(request)).containsExactly("client-7", "", "hello", Integer.toString(n));
            assertThat(backend.send(request, TIMEOUT)).isTrue();

            assertThat(recvFrames(worker)).containsExactly("hello", Integer.toString(n));
            send(worker, "world", Integer.toString(n));

            ZmqMessage reply = recv(backend);
            assertThat(frames(reply)).containsExactly("client-7", "", "world", Integer.toString(n));
            assertThat(frontend.send(reply, TIMEOUT)).isTrue();
            assertThat(recvFrames(client)).containsExactly("world", Integer.toString(n));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void repFairQueuesRequestsAndRepliesToEachRequester(Transport t) {
        int clients = 3;
        int perClient = 3;
        ZmqSocket rep = socket(SocketType.REP);
        Events events = monitor(rep);
        String endpoint = bind(rep, t);
        List<ZmqSocket> dealers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            ZmqSocket d = socket(SocketType.DEALER);
            d.connect(endpoint);
            dealers.add(d);
        }
        events.awaitPeers(t, clients);
        for (int i = 0; i < clients; i++) {
            for (int j = 0; j < perClient; j++) {
                send(dealers.get(i), "", "client-" + i, Integer.toString(j));
            }
        }
        settle(t);

        int[] next = new int[clients];
        for (int round = 0; round < perClient; round++) {
            Set<Integer> seen = new HashSet<>();
            for (int k = 0; k < clients; k++) {
                List<String> request = recvFrames(rep);
                int client = Integer.parseInt(request.get(0).substring("client-".length()));
                assertThat(request.get(1)).isEqualTo(Integer.toString(next[client]++));
                seen.add(client);
                send(rep, "reply-to-" + client, request.get(1));
            }
            assertThat(seen).as("round %d serves every client once", round).containsExactlyInAnyOrder(0, 1, 2);
        }
        for (int i = 0; i < clients; i++) {
            for (int j = 0; j < perClient; j++) {
                assertThat(recvFrames(dealers.get(i))).containsExactly("", "reply-to-" + i, Integer.toString(j));
            }
            assertThat(dealers.get(i).tryReceive()).isNull();
        }
    }

    /**
     * libzmq's test_req_only_listens_to_current_peer: the REQ accepts the reply only from the
     * peer its request went to and silently drops what the others send.
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void reqAcceptsTheReplyOnlyFromThePeerItAsked(Transport t) {
        int services = 4;
        ZmqSocket req = socket(SocketType.REQ);
        req.setOption(SocketOption.ROUTING_ID, bytes("A"));
        List<ZmqSocket> routers = new ArrayList<>();
        for (int i = 0; i < services; i++) {
            ZmqSocket router = socket(SocketType.ROUTER);
            router.setOption(SocketOption.ROUTER_MANDATORY, true);
            req.connect(bind(router, t));
            routers.add(router);
        }

        for (int i = 0; i < services; i++) {
            send(req, "ABC", Integer.toString(i));
            assertThat(recvFrames(routers.get(i))).containsExactly("A", "", "ABC", Integer.toString(i));

            // Peers already asked (and so connected) answer out of turn, before and after the good reply.
            for (int j = 0; j < i; j++) {
                sendWhenRoutable(routers.get(j), ZmqMessage.of("A", "", "WRONG", "from " + j + " before " + i));
            }
            sendWhenRoutable(routers.get(i), ZmqMessage.of("A", "", "GOOD", Integer.toString(i)));
            for (int j = 0; j < i; j++) {
                sendWhenRoutable(routers.get(j), ZmqMessage.of("A", "", "WRONG", "from " + j + " after " + i));
            }
            assertThat(recvFrames(req)).containsExactly("GOOD", Integer.toString(i));
        }
    }

    private static void assertEfsm(Runnable r) {
        assertThatThrownBy(r::run)
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EFSM));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
