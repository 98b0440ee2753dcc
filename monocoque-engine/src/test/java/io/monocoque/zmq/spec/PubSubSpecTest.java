package io.monocoque.zmq.spec;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PUB/SUB and XPUB/XSUB as ZeroMQ RFC 29 and libzmq's test_spec/test_xpub tests define them:
 * prefix filtering, subscriptions that survive reconnects, a publisher that drops rather than
 * blocks, and subscriptions visible as messages on XPUB/XSUB.
 */
class PubSubSpecTest extends SpecTestBase {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void subscriberReceivesOnlyMessagesMatchingAPrefix(Transport t) {
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = bind(pub, t);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.connect(endpoint);
        sub.subscribe("A");
        sub.subscribe("BB");
        syncSubscriptions(pub, sub);

        String[] topics = {"A", "B", "BB", "BBx", "C", "AAA", "", "b", "xA"};
        for (int i = 0; i < topics.length; i++) {
            pub.send(ZmqMessage.of(topics[i], "body", Integer.toString(i)));
        }
        assertThat(recvFrames(sub)).containsExactly("A", "body", "0");
        assertThat(recvFrames(sub)).containsExactly("BB", "body", "2");
        assertThat(recvFrames(sub)).containsExactly("BBx", "body", "3");
        assertThat(recvFrames(sub)).containsExactly("AAA", "body", "5");
        assertNothingReceived(sub);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void theEmptyPrefixSubscribesToEverything(Transport t) {
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = bind(pub, t);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.subscribe("");
        sub.connect(endpoint);
        syncSubscriptions(pub, sub);

        String[] topics = {"A", "", "zzz", "\u00e9t\u00e9"};
        for (String topic : topics) {
            pub.send(ZmqMessage.of(topic, "payload-" + topic));
        }
        pub.send(ZmqMessage.of(new byte[] {0, 1, 2}));
        for (String topic : topics) {
            assertThat(recvFrames(sub)).containsExactly(topic, "payload-" + topic);
        }
        assertThat(recv(sub).frame(0)).containsExactly(0, 1, 2);
        assertNothingReceived(sub);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSubscriberWithoutSubscriptionsReceivesNothing(Transport t) {
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = bind(pub, t);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.connect(endpoint);
        ZmqSocket witness = socket(SocketType.SUB);
        witness.subscribe("");
        witness.connect(endpoint);
        syncSubscriptions(pub, witness);

        pub.send(ZmqMessage.of("anything", "at all"));
        assertThat(recvFrames(witness)).containsExactly("anything", "at all");
        assertNothingReceived(sub);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void unsubscribeStopsDelivery(Transport t) {
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = bind(pub, t);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.connect(endpoint);
        sub.subscribe("A");
        sub.subscribe("B");
        syncSubscriptions(pub, sub);

        pub.send(ZmqMessage.of("A", "1"));
        pub.send(ZmqMessage.of("B", "1"));
        assertThat(recvFrames(sub)).containsExactly("A", "1");
        assertThat(recvFrames(sub)).containsExactly("B", "1");

        sub.unsubscribe("A");
        syncSubscriptions(pub, sub);
        pub.send(ZmqMessage.of("A", "2"));
        pub.send(ZmqMessage.of("B", "2"));
        assertThat(recvFrames(sub)).containsExactly("B", "2");
        assertNothingReceived(sub);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aTopicSubscribedTwiceNeedsTwoUnsubscribes(Transport t) {
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = bind(pub, t);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.connect(endpoint);
        sub.subscribe("T");
        sub.subscribe("T");
        sub.unsubscribe("T");
        syncSubscriptions(pub, sub);
        pub.send(ZmqMessage.of("T", "still subscribed"));
        assertThat(recvFrames(sub)).containsExactly("T", "still subscribed");

        sub.unsubscribe("T");
        syncSubscriptions(pub, sub);
        pub.send(ZmqMessage.of("T", "gone"));
        assertNothingReceived(sub);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void eachSubscriberGetsWhatItsOwnFilterSelects(Transport t) {
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = bind(pub, t);
        ZmqSocket subA = socket(SocketType.SUB);
        ZmqSocket subB = socket(SocketType.SUB);
        ZmqSocket subAll = socket(SocketType.SUB);
        subA.subscribe("A");
        subB.subscribe("B");
        subAll.subscribe("");
        for (ZmqSocket s : List.of(subA, subB, subAll)) {
            s.connect(endpoint);
        }
        syncSubscriptions(pub, subA, subB, subAll);

        pub.send(ZmqMessage.of("A", "1"));
        pub.send(ZmqMessage.of("B", "2"));
        pub.send(ZmqMessage.of("C", "3"));
        pub.send(ZmqMessage.of("AB", "4"));
        assertThat(recvFrames(subA)).containsExactly("A", "1");
        assertThat(recvFrames(subA)).containsExactly("AB", "4");
        assertThat(recvFrames(subB)).containsExactly("B", "2");
        assertThat(recvFrames(subAll)).containsExactly("A", "1");
        assertThat(recvFrames(subAll)).containsExactly("B", "2");
        assertThat(recvFrames(subAll)).containsExactly("C", "3");
        assertThat(recvFrames(subAll)).containsExactly("AB", "4");
        assertNothingReceived(subA);
        assertThat(subB.tryReceive()).isNull();
        assertThat(subAll.tryReceive()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aMessageMatchingSeveralSubscriptionsIsDeliveredOnce(Transport t) {
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = bind(pub, t);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.connect(endpoint);
        sub.subscribe("");
        sub.subscribe("n");
        sub.subscribe("ne");
        sub.subscribe("news");
        syncSubscriptions(pub, sub);

        pub.send(ZmqMessage.of("news", "once"));
        assertThat(recvFrames(sub)).containsExactly("news", "once");
        assertNothingReceived(sub);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void subscribingBeforeAndAfterConnectingBothWork(Transport t) {
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = bind(pub, t);
        ZmqSocket before = socket(SocketType.SUB);
        before.subscribe("T");
        before.connect(endpoint);
        ZmqSocket after = socket(SocketType.SUB);
        after.connect(endpoint);
        after.subscribe("T");
        syncSubscriptions(pub, before, after);

        pub.send(ZmqMessage.of("T", "hello"));
        assertThat(recvFrames(before)).containsExactly("T", "hello");
        assertThat(recvFrames(after)).containsExactly("T", "hello");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aPublisherMayConnectToABoundSubscriber(Transport t) {
        ZmqSocket sub = socket(SocketType.SUB);
        sub.subscribe("T");
        String endpoint = bind(sub, t);
        ZmqSocket pub = socket(SocketType.PUB);
        pub.connect(endpoint);
        syncSubscriptions(pub, sub);

        pub.send(ZmqMessage.of("T", "reversed"));
        pub.send(ZmqMessage.of("U", "filtered"));
        assertThat(recvFrames(sub)).containsExactly("T", "reversed");
        assertNothingReceived(sub);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void publisherDropsAtTheHighWaterMarkWithoutBlocking(Transport t) {
        int hwm = 10;
        ZmqSocket pub = socket(SocketType.PUB);
        pub.setOption(SocketOption.SEND_HIGH_WATER_MARK, hwm);
        String endpoint = bind(pub, t);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, hwm);
        sub.subscribe("");
        sub.connect(endpoint);
        syncSubscriptions(pub, sub);
        long droppedBefore = pub.droppedMessages();

        // The subscriber reads nothing while far more than the queues and buffers hold is published.
        int total = 2000;
        byte[] payload = new byte[16 * 1024];
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            assertThat(pub.trySend(ZmqMessage.wrap(bytes(Integer.toString(i)), payload)))
                    .as("PUB send %d never blocks", i).isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        long dropped = pub.droppedMessages() - droppedBefore;
        assertThat(dropped).as("messages dropped at the high-water mark").isPositive();

        // What was not dropped arrives, in order, starting with the ones sent before the HWM.
        List<Integer> received = new ArrayList<>();
        ZmqMessage m;
        while ((m = sub.receive(Duration.ofSeconds(1))) != null) {
            received.add(Integer.parseInt(m.frameString(0)));
            assertThat(m.frameLength(1)).isEqualTo(payload.length);
        }
        assertThat(received).hasSizeGreaterThanOrEqualTo(hwm);
        for (int i = 0; i < hwm; i++) {
            assertThat(received.get(i)).isEqualTo(i);
        }
        assertThat(received).isSorted().doesNotHaveDuplicates();
        assertThat(received.size() + dropped).as("every message is either delivered or counted as dropped")
                .isEqualTo(total);
        if (t == Transport.INPROC) {
            // An inproc pipe holds the PUB's SNDHWM plus the SUB's RCVHWM, exactly.
            assertThat(received).hasSize(2 * hwm);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aPublisherWithoutSubscribersSendsIntoTheVoid(Transport t) {
        ZmqSocket pub = socket(SocketType.PUB);
        bind(pub, t);
        for (int i = 0; i < 100; i++) {
            assertThat(pub.trySend(ZmqMessage.of("T", Integer.toString(i)))).isTrue();
        }
        assertThat(pub.droppedMessages()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void xpubReceivesNewSubscriptionsAndLastUnsubscriptions(Transport t) {
        ZmqSocket xpub = socket(SocketType.XPUB);
        String endpoint = bind(xpub, t);
        ZmqSocket sub1 = socket(SocketType.SUB);
        ZmqSocket sub2 = socket(SocketType.SUB);
        sub1.connect(endpoint);
        sub2.connect(endpoint);

        sub1.subscribe("A");
        assertThat(recv(xpub).frame(0)).isEqualTo(subscription(1, "A"));

        // A topic someone already subscribes to is not news; the next new one comes through.
        sub2.subscribe("A");
        sub2.subscribe("B");
        assertThat(recv(xpub).frame(0)).isEqualTo(subscription(1, "B"));

        // Only the last unsubscription from a topic goes upstream.
        sub1.unsubscribe("A");
        sub1.subscribe("M");
        assertThat(recv(xpub).frame(0)).isEqualTo(subscription(1, "M"));
        sub2.unsubscribe("A");
        assertThat(recv(xpub).frame(0)).isEqualTo(subscription(0, "A"));

        // Data flows downstream by the same filters.
        xpub.send(ZmqMessage.of("B", "for sub2"));
        xpub.send(ZmqMessage.of("M", "for sub1"));
        xpub.send(ZmqMessage.of("A", "for nobody"));
        assertThat(recvFrames(sub2)).containsExactly("B", "for sub2");
        assertThat(recvFrames(sub1)).containsExactly("M", "for sub1");

        // A subscriber that goes away takes its subscriptions with it.
        sub2.close();
        assertThat(recv(xpub).frame(0)).isEqualTo(subscription(0, "B"));
        assertNothingReceived(xpub);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void xpubVerbosePassesEverySubscription(Transport t) {
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.setOption(SocketOption.XPUB_VERBOSE, true);
        String endpoint = bind(xpub, t);
        ZmqSocket sub1 = socket(SocketType.SUB);
        ZmqSocket sub2 = socket(SocketType.SUB);
        Events events1 = monitor(sub1);
        Events events2 = monitor(sub2);
        sub1.connect(endpoint);
        sub2.connect(endpoint);
        // Subscribe once connected, so each subscribe call is one message on the wire.
        events1.awaitPeers(t, 1);
        events2.awaitPeers(t, 1);

        sub1.subscribe("A");
        assertThat(recv(xpub).frame(0)).isEqualTo(subscription(1, "A"));
        sub2.subscribe("A");
        assertThat(recv(xpub).frame(0)).isEqualTo(subscription(1, "A"));
        sub1.subscribe("A");
        assertThat(recv(xpub).frame(0)).isEqualTo(subscription(1, "A"));

        // Unsubscriptions still go upstream only when the topic loses its last subscriber
        // (sub1 subscribed twice, so it unsubscribes twice before it lets go of the topic).
        sub1.unsubscribe("A");
        sub1.unsubscribe("A");
        sub1.subscribe("X");
        assertThat(recv(xpub).frame(0)).isEqualTo(subscription(1, "X"));
        sub2.unsubscribe("A");
        assertThat(recv(xpub).frame(0)).isEqualTo(subscription(0, "A"));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void xsubSendsSubscriptionsAsMessages(Transport t) {
        ZmqSocket xpub = socket(SocketType.XPUB);
        String endpoint = bind(xpub, t);
        ZmqSocket xsub = socket(SocketType.XSUB);
        xsub.connect(endpoint);

        xsub.send(ZmqMessage.of(subscription(1, "topic")));
        assertThat(recv(xpub).frame(0)).isEqualTo(subscription(1, "topic"));
        xpub.send(ZmqMessage.of("topic", "data"));
        xpub.send(ZmqMessage.of("other", "data"));
        assertThat(recvFrames(xsub)).containsExactly("topic", "data");
        assertNothingReceived(xsub);

        xsub.send(ZmqMessage.of(subscription(0, "topic")));
        assertThat(recv(xpub).frame(0)).isEqualTo(subscription(0, "topic"));

        // Other messages from an XSUB travel upstream as they are.
        xsub.send(ZmqMessage.of("upstream", "hello"));
        assertThat(recvFrames(xpub)).containsExactly("upstream", "hello");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void xsubFiltersWhatAPubSends(Transport t) {
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = bind(pub, t);
        ZmqSocket xsub = socket(SocketType.XSUB);
        xsub.connect(endpoint);
        xsub.send(ZmqMessage.of(subscription(1, "A")));
        awaitDelivery(pub, "A", xsub);

        pub.send(ZmqMessage.of("B", "no"));
        pub.send(ZmqMessage.of("AZ", "yes"));
        assertThat(recvFrames(xsub)).containsExactly("AZ", "yes");
        assertNothingReceived(xsub);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aPublisherWithTenThousandSubscriptionsStillFiltersCorrectly(Transport t) {
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = bind(pub, t);
        ZmqSocket many = socket(SocketType.SUB);
        many.connect(endpoint);
        for (int i = 0; i < 10_000; i++) {
            many.subscribe(String.format("topic-%05d", i));
        }
        ZmqSocket prefix = socket(SocketType.SUB);
        prefix.connect(endpoint);
        prefix.subscribe("topic-0001");
        syncSubscriptions(pub, many, prefix);

        String[] topics = {"topic-00042", "topic-0004", "topic-09999-extra", "topic-10000", "topic", "other",
            "topic-00017", "topic-00010"};
        for (String topic : topics) {
            pub.send(ZmqMessage.of(topic, "body of " + topic));
        }
        assertThat(recvFrames(many)).containsExactly("topic-00042", "body of topic-00042");
        assertThat(recvFrames(many)).containsExactly("topic-09999-extra", "body of topic-09999-extra");
        assertThat(recvFrames(many)).containsExactly("topic-00017", "body of topic-00017");
        assertThat(recvFrames(many)).containsExactly("topic-00010", "body of topic-00010");
        assertThat(recvFrames(prefix)).containsExactly("topic-00017", "body of topic-00017");
        assertThat(recvFrames(prefix)).containsExactly("topic-00010", "body of topic-00010");
        assertNothingReceived(many);
        assertThat(prefix.tryReceive()).isNull();

        // Drop the even topics; the odd ones still match.
        for (int i = 0; i < 10_000; i += 2) {
            many.unsubscribe(String.format("topic-%05d", i));
        }
        syncSubscriptions(pub, many);
        for (int i = 0; i < 20; i++) {
            pub.send(ZmqMessage.of(String.format("topic-%05d", i * 499), Integer.toString(i)));
        }
        for (int i = 0; i < 20; i++) {
            if ((i * 499) % 2 == 1) {
                assertThat(recvFrames(many)).containsExactly(String.format("topic-%05d", i * 499), Integer.toString(i));
            }
        }
        assertNothingReceived(many);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "IPC"})
    void aSubscriberResubscribesWhenThePublisherComesBackOnTheSameEndpoint(Transport t) {
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = bind(pub, t);
        ZmqSocket sub = socket(SocketType.SUB);
        Events events = monitor(sub);
        sub.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(20));
        sub.connect(endpoint);
        sub.subscribe("A");
        sub.subscribe("B");
        awaitDelivery(pub, "B", sub);
        pub.send(ZmqMessage.of("A", "first life"));
        assertThat(recvFrames(sub)).containsExactly("A", "first life");

        pub.close();
        events.awaitCount(MonitorEventType.DISCONNECTED, 1);
        ZmqSocket reborn = socket(SocketType.PUB);
        reborn.bind(endpoint);

        // No new subscribe call: the SUB re-sends what it had on the new connection.
        awaitDelivery(reborn, "B", sub);
        reborn.send(ZmqMessage.of("C", "not subscribed"));
        reborn.send(ZmqMessage.of("A", "second life"));
        assertThat(recvFrames(sub)).containsExactly("A", "second life");
        assertNothingReceived(sub);
    }

    private static byte[] subscription(int kind, String topic) {
        byte[] t = bytes(topic);
        byte[] b = new byte[t.length + 1];
        b[0] = (byte) kind;
        System.arraycopy(t, 0, b, 1, t.length);
        return b;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
