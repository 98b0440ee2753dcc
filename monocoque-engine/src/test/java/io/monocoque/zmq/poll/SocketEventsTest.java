package io.monocoque.zmq.poll;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;

import static io.monocoque.zmq.ZmqPoller.POLLIN;
import static io.monocoque.zmq.ZmqPoller.POLLOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** ZMQ_EVENTS, socket type by socket type: what a receive or a send could do right now. */
class SocketEventsTest extends PollTestSockets {

    @Test
    void pullWithTwoQueuedMessagesStaysReadableAfterOneReceive() {
        ZmqSocket pull = socket(SocketType.PULL);
        ZmqSocket push = socket(SocketType.PUSH);
        pairOverTcp(pull, push);
        push.send("one");
        push.send("two");
        await().atMost(TIMEOUT).until(() -> events(pull) == POLLIN);
        assertThat(pull.tryReceive().frameString(0)).isEqualTo("one");
        // Level-triggered: the second message keeps the socket readable, whether or not it has
        // crossed the connection yet; only receiving it makes the socket unreadable.
        assertThat(pull.receive(TIMEOUT).frameString(0)).isEqualTo("two");
        assertThat(events(pull)).isZero();
    }

    @Test
    void pullBecomesReadableAgainWhenTheNextMessageArrivesAfterItWasFoundEmpty() {
        ZmqSocket pull = socket(SocketType.PULL);
        ZmqSocket push = socket(SocketType.PUSH);
        pairOverTcp(pull, push);
        push.send("one");
        await().atMost(TIMEOUT).until(() -> events(pull) == POLLIN);
        pull.tryReceive();
        assertThat(events(pull)).isZero();
        push.send("two");
        await().atMost(TIMEOUT).until(() -> events(pull) == POLLIN);
        assertThat(pull.tryReceive().frameString(0)).isEqualTo("two");
    }

    @Test
    void pushIsWritableOnlyWhileSomePeerIsBelowItsHighWaterMark() {
        ZmqSocket pull = socket(SocketType.PULL);
        ZmqSocket push = socket(SocketType.PUSH);
        pull.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 2);
        push.setOption(SocketOption.SEND_HIGH_WATER_MARK, 2);
        pair(pull, push);
        assertThat(events(push)).isEqualTo(POLLOUT);
        int sent = 0;
        while (push.trySend(ZmqMessage.of("m" + sent))) {
            sent++;
        }
        assertThat(sent).isPositive();
        assertThat(events(push)).as("PUSH at its high-water mark").isZero();
        for (int i = 0; i < sent; i++) {
            assertThat(pull.receive(TIMEOUT)).isNotNull();
        }
        // Finding the queue empty ends the PULL's batch of reads, which tells the PUSH it has room.
        assertThat(events(pull)).isZero();
        await().atMost(TIMEOUT).until(() -> events(push) == POLLOUT);
    }

    @Test
    void reqIsWritableUntilItSendsAndReadableOnlyOnceTheReplyIsThere() {
        ZmqSocket rep = socket(SocketType.REP);
        ZmqSocket req = socket(SocketType.REQ);
        pair(rep, req);
        assertThat(events(req)).isEqualTo(POLLOUT);
        assertThat(events(rep)).as("REP before a request").isZero();

        req.send("ping");
        assertThat(events(req)).as("REQ awaiting its reply").isZero();
        await().atMost(TIMEOUT).until(() -> events(rep) == POLLIN);

        assertThat(rep.receive(TIMEOUT).frameString(0)).isEqualTo("ping");
        assertThat(events(rep)).as("REP holding a request").isEqualTo(POLLOUT);
        rep.send("pong");
        assertThat(events(rep)).isZero();

        await().atMost(TIMEOUT).until(() -> events(req) == POLLIN);
        assertThat(req.receive(TIMEOUT).frameString(0)).isEqualTo("pong");
        assertThat(events(req)).isEqualTo(POLLOUT);
    }

    @Test
    void aRelaxedReqStaysWritableWhileItAwaitsItsReply() {
        ZmqSocket rep = socket(SocketType.REP);
        ZmqSocket req = socket(SocketType.REQ);
        req.setOption(SocketOption.REQ_RELAXED, true);
        pair(rep, req);
        req.send("first");
        assertThat(events(req)).as("req-relaxed may send a new request at once").isEqualTo(POLLOUT);
        assertThat(rep.receive(TIMEOUT).frameString(0)).isEqualTo("first");
        rep.send("reply");
        await().atMost(TIMEOUT).until(() -> events(req) == (POLLIN | POLLOUT));
    }

    @Test
    void subIsNotReadableForAQueuedMessageItNoLongerSubscribesTo() {
        ZmqSocket pub = socket(SocketType.PUB);
        ZmqSocket sub = socket(SocketType.SUB);
        pair(pub, sub);
        sub.subscribe("a");
        sub.subscribe("b");
        // The subscriptions have reached the PUB once a probe gets through.
        await().atMost(TIMEOUT).until(() -> {
            pub.send("a-probe");
            return events(sub) == POLLIN;
        });
        while (sub.tryReceive() != null) {
            // drain the probes
        }
        pub.send("b-queued"); // inproc: in the SUB's queue when send returns
        sub.unsubscribe("b");
        assertThat(events(sub)).isZero();
        pub.send("a-next");
        assertThat(events(sub)).isEqualTo(POLLIN);
        assertThat(sub.tryReceive().frameString(0)).isEqualTo("a-next");
        assertThat(events(sub)).isZero();
    }

    @Test
    void typesThatCannotReceiveOrSendNeverSayTheyCan() {
        ZmqSocket pub = socket(SocketType.PUB);
        ZmqSocket sub = socket(SocketType.SUB);
        ZmqSocket push = socket(SocketType.PUSH);
        ZmqSocket pull = socket(SocketType.PULL);
        pair(pub, sub);
        pair(pull, push);
        assertThat(events(pub)).as("PUB: always writable, never readable").isEqualTo(POLLOUT);
        assertThat(events(sub)).isZero();
        assertThat(events(push)).isEqualTo(POLLOUT);
        assertThat(events(pull)).isZero();
    }

    @Test
    void routerIsWritableWithoutPeersUnlessRouterMandatoryIsSet() {
        ZmqSocket router = socket(SocketType.ROUTER);
        assertThat(events(router)).isEqualTo(POLLOUT);
        router.setOption(SocketOption.ROUTER_MANDATORY, true);
        assertThat(events(router)).isZero();
        ZmqSocket dealer = socket(SocketType.DEALER);
        pair(router, dealer);
        dealer.send("hello");
        await().atMost(TIMEOUT).until(() -> events(router) == (POLLIN | POLLOUT));
    }

    @Test
    void aPartlyReceivedMessageKeepsTheSocketReadable() {
        ZmqSocket pull = socket(SocketType.PULL);
        ZmqSocket push = socket(SocketType.PUSH);
        pair(pull, push);
        push.send(ZmqMessage.of("first", "second"));
        assertThat(new String(pull.receiveBytes(TIMEOUT))).isEqualTo("first");
        assertThat(events(pull)).isEqualTo(POLLIN);
        assertThat(new String(pull.tryReceiveBytes())).isEqualTo("second");
        assertThat(events(pull)).isZero();
    }

    @Test
    void eventsCanBeReadButNotSet() {
        ZmqSocket pull = socket(SocketType.PULL);
        assertThat(SocketOption.EVENTS.isReadOnly()).isTrue();
        assertThatThrownBy(() -> pull.setOption(SocketOption.EVENTS, POLLIN))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL))
                .hasMessageContaining("read-only");
    }

    @Test
    void aClosedSocketHasNoEvents() {
        ZmqSocket pub = socket(SocketType.PUB);
        assertThat(events(pub)).isEqualTo(POLLOUT);
        pub.close();
        assertThat(events(pub)).isZero();
    }
}
