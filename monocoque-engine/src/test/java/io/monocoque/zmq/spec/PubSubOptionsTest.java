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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The publish/subscribe options of libzmq 4.3 (xpub-nodrop, xpub-verboser, xpub-manual,
 * xpub-manual-last-value, xpub-welcome-msg, xsub-verbose-unsubscribe, only-first-subscribe,
 * invert-matching), each shown doing what it is for between Monocoque sockets.
 */
class PubSubOptionsTest extends SpecTestBase {

    @Test
    void anOptionIsRefusedOnASocketTypeItDoesNotApplyTo() {
        assertThatThrownBy(() -> socket(SocketType.PUB).setOption(SocketOption.XPUB_MANUAL, true))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL))
                .hasMessageContaining("xpub-manual applies to XPUB sockets only, not to a PUB");
        assertThatThrownBy(() -> socket(SocketType.ROUTER).setOption(SocketOption.CONFLATE, true))
                .hasMessageContaining("conflate applies to PUB, SUB, DEALER, PULL, PUSH sockets only, not to a ROUTER");
        assertThatThrownBy(() -> socket(SocketType.XSUB).setOption(SocketOption.INVERT_MATCHING, true))
                .hasMessageContaining("invert-matching applies to PUB, SUB, XPUB sockets only, not to an XSUB");
        assertThatThrownBy(() -> socket(SocketType.SUB).setOption(SocketOption.XSUB_VERBOSE_UNSUBSCRIBE, true))
                .hasMessageContaining("xsub-verbose-unsubscribe applies to XSUB sockets only");
        ZmqSocket pub = socket(SocketType.PUB);
        pub.setOption(SocketOption.XPUB_NODROP, true);
        assertThat(pub.getOption(SocketOption.XPUB_NODROP)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "INPROC"})
    void aNodropPublisherRefusesASendAtTheHighWaterMarkAndLosesNothing(Transport t) throws Exception {
        ZmqSocket pub = socket(SocketType.PUB);
        pub.setOption(SocketOption.XPUB_NODROP, true);
        pub.setOption(SocketOption.SEND_HIGH_WATER_MARK, 5);
        String endpoint = bind(pub, t);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 5);
        sub.subscribe("");
        sub.connect(endpoint);
        syncSubscriptions(pub, sub);

        byte[] payload = new byte[t.isNetworked() ? 16 * 1024 : 8];
        int sent = 0;
        while (pub.trySend(ZmqMessage.of(Integer.toString(sent).getBytes(), payload))) {
            sent++;
            assertThat(sent).as("a lossy PUB would take every message").isLessThan(20_000);
        }
        assertThat(pub.droppedMessages()).isZero();
        int last = sent;
        // A blocking send waits for room rather than dropping; the subscriber makes it.
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(
                () -> pub.send(ZmqMessage.of(Integer.toString(last).getBytes(), payload), TIMEOUT));
        for (int i = 0; i <= last; i++) {
            assertThat(recv(sub).frameString(0)).isEqualTo(Integer.toString(i));
        }
        assertThat(blocked.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(pub.droppedMessages()).isZero();
    }

    @Test
    void aLossyPublisherDropsAtTheHighWaterMarkAndCountsIt() {
        ZmqSocket pub = socket(SocketType.PUB);
        pub.setOption(SocketOption.SEND_HIGH_WATER_MARK, 5);
        String endpoint = bind(pub, Transport.INPROC);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 5);
        sub.subscribe("");
        sub.connect(endpoint);
        syncSubscriptions(pub, sub);
        for (int i = 0; i < 100; i++) {
            assertThat(pub.trySend(ZmqMessage.of("m" + i))).isTrue();
        }
        assertThat(pub.droppedMessages()).isEqualTo(90);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void xpubVerboserPassesOnEveryUnsubscription(Transport t) {
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.setOption(SocketOption.XPUB_VERBOSER, true);
        String endpoint = bind(xpub, t);
        ZmqSocket first = socket(SocketType.SUB);
        ZmqSocket second = socket(SocketType.SUB);
        first.connect(endpoint);
        second.connect(endpoint);
        first.subscribe("A");
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'A');
        second.subscribe("A");
        assertThat(recv(xpub).frame(0)).as("verboser implies verbose").containsExactly(1, 'A');

        first.unsubscribe("A");
        assertThat(recv(xpub).frame(0)).as("another peer still subscribes").containsExactly(0, 'A');
        second.close();
        assertThat(recv(xpub).frame(0)).as("the last subscriber left").containsExactly(0, 'A');
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void withoutVerboserAnUnsubscriptionOthersStillHoldIsNotPassedOn(Transport t) {
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.setOption(SocketOption.XPUB_VERBOSE, true);
        String endpoint = bind(xpub, t);
        ZmqSocket first = socket(SocketType.SUB);
        ZmqSocket second = socket(SocketType.SUB);
        first.connect(endpoint);
        second.connect(endpoint);
        first.subscribe("A");
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'A');
        second.subscribe("A");
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'A');
        first.unsubscribe("A");
        first.subscribe("B");
        assertThat(recv(xpub).frame(0)).as("the unsubscription of A is not passed on").containsExactly(1, 'B');
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void xpubManualAppliesOnlyTheSubscriptionsTheApplicationMakes(Transport t) {
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.setOption(SocketOption.XPUB_MANUAL, true);
        String endpoint = bind(xpub, t);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.subscribe("A");
        sub.connect(endpoint);
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'A');

        send(xpub, "A-before");
        xpub.subscribe("A");
        send(xpub, "A-after");
        assertThat(recvFrames(sub)).as("the peer's own subscription did not apply").containsExactly("A-after");

        // The application may subscribe the peer to something else than it asked for.
        sub.subscribe("B");
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'B');
        xpub.unsubscribe("A");
        send(xpub, "A-dropped");
        send(xpub, "B-not-applied");
        sub.subscribe("");
        assertThat(recv(xpub).frame(0)).containsExactly(1);
        xpub.subscribe("");
        send(xpub, "C");
        assertThat(recvFrames(sub)).containsExactly("C");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void xpubManualPassesOnEveryTopicOfAPeerThatLeaves(Transport t) {
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.setOption(SocketOption.XPUB_MANUAL, true);
        String endpoint = bind(xpub, t);
        ZmqSocket stays = socket(SocketType.SUB);
        ZmqSocket leaves = socket(SocketType.SUB);
        stays.subscribe("A");
        stays.connect(endpoint);
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'A');
        leaves.subscribe("A");
        leaves.connect(endpoint);
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'A');
        leaves.close();
        assertThat(recv(xpub).frame(0)).as("even though another peer holds A").containsExactly(0, 'A');
    }

    /**
     * Waits until {@code xsub}'s connection to {@code xpub} is up: what an XSUB sends before that
     * is replaced by its subscriptions as they stand when it connects.
     */
    private static void awaitConnected(ZmqSocket xsub, ZmqSocket xpub) {
        xsub.send(ZmqMessage.wrap(new byte[] {1, '~'}));
        assertThat(recv(xpub).frame(0)).containsExactly(1, '~');
    }

    @Test
    void subscribeOnAnXpubWithoutManualIsRefused() {
        ZmqSocket xpub = socket(SocketType.XPUB);
        assertThatThrownBy(() -> xpub.subscribe("A"))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOTSUP))
                .hasMessageContaining("need xpub-manual");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void manualLastValueSendsTheNextMessageOnlyToTheNewSubscriber(Transport t) {
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.setOption(SocketOption.XPUB_MANUAL_LAST_VALUE, true);
        String endpoint = bind(xpub, t);
        ZmqSocket early = socket(SocketType.SUB);
        early.subscribe("A");
        early.connect(endpoint);
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'A');
        xpub.subscribe("A");
        send(xpub, "A-v1");
        send(xpub, "A-v2");

        ZmqSocket late = socket(SocketType.SUB);
        late.subscribe("A");
        late.connect(endpoint);
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'A');
        xpub.subscribe("A");
        send(xpub, "A-last-value");
        send(xpub, "A-v3");

        assertThat(recvFrames(late)).containsExactly("A-last-value");
        assertThat(recvFrames(late)).containsExactly("A-v3");
        assertThat(recvFrames(early)).containsExactly("A-v1");
        assertThat(recvFrames(early)).containsExactly("A-v2");
        assertThat(recvFrames(early)).as("the last value went to the new subscriber only").containsExactly("A-v3");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aWelcomeMessageReachesEachNewSubscriber(Transport t) {
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.setOption(SocketOption.XPUB_WELCOME_MSG, "W-hello".getBytes());
        xpub.setOption(SocketOption.XPUB_VERBOSE, true);
        String endpoint = bind(xpub, t);
        for (int i = 0; i < 2; i++) {
            ZmqSocket sub = socket(SocketType.SUB);
            sub.subscribe("W");
            sub.connect(endpoint);
            assertThat(recvFrames(sub)).containsExactly("W-hello");
            assertThat(recv(xpub).frame(0)).containsExactly(1, 'W');
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aWelcomeMessageNeedsNoSubscriptionFromTheApplicationUnderXpubManual(Transport t) {
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.setOption(SocketOption.XPUB_MANUAL, true);
        xpub.setOption(SocketOption.XPUB_WELCOME_MSG, "W".getBytes());
        String endpoint = bind(xpub, t);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.subscribe("W");
        sub.connect(endpoint);
        assertThat(recvFrames(sub)).containsExactly("W");
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'W');
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void xsubVerboseUnsubscribePassesOnAnUnsubscriptionOfATopicStillCounted(Transport t) {
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.setOption(SocketOption.XPUB_VERBOSER, true);
        String endpoint = bind(xpub, t);
        ZmqSocket xsub = socket(SocketType.XSUB);
        xsub.setOption(SocketOption.XSUB_VERBOSE_UNSUBSCRIBE, true);
        xsub.connect(endpoint);
        awaitConnected(xsub, xpub);
        xsub.send(ZmqMessage.wrap(new byte[] {1, 'A'}));
        xsub.send(ZmqMessage.wrap(new byte[] {1, 'A'}));
        xsub.send(ZmqMessage.wrap(new byte[] {0, 'A'}));
        xsub.send(ZmqMessage.wrap(new byte[] {1, 'B'}));
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'A');
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'A');
        assertThat(recv(xpub).frame(0)).as("A is still counted once, yet passed on").containsExactly(0, 'A');
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'B');
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void withoutVerboseUnsubscribeAnXsubKeepsAnUnsubscriptionOfATopicStillCounted(Transport t) {
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.setOption(SocketOption.XPUB_VERBOSER, true);
        String endpoint = bind(xpub, t);
        ZmqSocket xsub = socket(SocketType.XSUB);
        xsub.connect(endpoint);
        awaitConnected(xsub, xpub);
        xsub.send(ZmqMessage.wrap(new byte[] {1, 'A'}));
        xsub.send(ZmqMessage.wrap(new byte[] {1, 'A'}));
        xsub.send(ZmqMessage.wrap(new byte[] {0, 'A'}));
        xsub.send(ZmqMessage.wrap(new byte[] {1, 'B'}));
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'A');
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'A');
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'B');
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void onlyFirstSubscribeTakesAMultipartMessageAsSubscriptionsWithData(Transport t) {
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.setOption(SocketOption.ONLY_FIRST_SUBSCRIBE, true);
        String endpoint = bind(xpub, t);
        ZmqSocket xsub = socket(SocketType.XSUB);
        xsub.setOption(SocketOption.ONLY_FIRST_SUBSCRIBE, true);
        xsub.connect(endpoint);
        awaitConnected(xsub, xpub);
        xsub.send(ZmqMessage.of(new byte[] {1, 'A'}, new byte[] {1, 'B'}, "meta".getBytes()));
        xsub.send(ZmqMessage.of("data".getBytes(), new byte[] {1, 'C'}));

        // As libzmq 4.3.4 reads it: each subscription frame of such a message is one, the rest is data.
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'A');
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'B');
        assertThat(recvFrames(xpub)).containsExactly("meta");
        ZmqMessage data = recv(xpub);
        assertThat(data.size()).as("a message that does not start with a subscription is data").isEqualTo(2);
        assertThat(data.frameString(0)).isEqualTo("data");
        send(xpub, "C-not-subscribed");
        send(xpub, "B-subscribed");
        assertThat(recvFrames(xsub)).as("both ends applied B").containsExactly("B-subscribed");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void withoutOnlyFirstSubscribeAMultipartMessageIsData(Transport t) {
        ZmqSocket xpub = socket(SocketType.XPUB);
        String endpoint = bind(xpub, t);
        ZmqSocket xsub = socket(SocketType.XSUB);
        xsub.connect(endpoint);
        awaitConnected(xsub, xpub);
        xsub.send(ZmqMessage.of(new byte[] {1, 'A'}, "meta".getBytes()));
        xsub.send(ZmqMessage.wrap(new byte[] {1, 'Z'}));
        ZmqMessage data = recv(xpub);
        assertThat(data.size()).isEqualTo(2);
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'Z');
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void invertedMatchingDeliversWhatMatchesNoSubscription(Transport t) {
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.setOption(SocketOption.INVERT_MATCHING, true);
        String endpoint = bind(xpub, t);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.setOption(SocketOption.INVERT_MATCHING, true);
        sub.subscribe("A");
        sub.connect(endpoint);
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'A');
        for (String topic : new String[] {"A1", "B1", "AA", "C1"}) {
            send(xpub, topic);
        }
        assertThat(recvFrames(sub)).containsExactly("B1");
        assertThat(recvFrames(sub)).containsExactly("C1");
        assertNothingReceived(sub);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anInvertingPublisherSkipsEachPeerWhoseSubscriptionMatches(Transport t) {
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.setOption(SocketOption.INVERT_MATCHING, true);
        String endpoint = bind(xpub, t);
        ZmqSocket notA = socket(SocketType.SUB);
        notA.setOption(SocketOption.INVERT_MATCHING, true);
        notA.subscribe("A");
        notA.connect(endpoint);
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'A');
        ZmqSocket notB = socket(SocketType.SUB);
        notB.setOption(SocketOption.INVERT_MATCHING, true);
        notB.subscribe("B");
        notB.connect(endpoint);
        assertThat(recv(xpub).frame(0)).containsExactly(1, 'B');
        send(xpub, "A1");
        send(xpub, "B1");
        send(xpub, "C1");
        assertThat(recvFrames(notA)).containsExactly("B1");
        assertThat(recvFrames(notA)).containsExactly("C1");
        assertThat(recvFrames(notB)).containsExactly("A1");
        assertThat(recvFrames(notB)).containsExactly("C1");
    }
}
