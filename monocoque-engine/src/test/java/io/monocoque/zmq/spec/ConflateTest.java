package io.monocoque.zmq.spec;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code conflate}: a pipe keeps only the newest message on the direction that carries data
 * (libzmq's last-value semantics), never loses a subscription, and of a multipart message keeps
 * the last frame, as libzmq does. Over inproc the socket writes straight into its peer's queue,
 * so what is kept can be checked exactly.
 */
class ConflateTest extends SpecTestBase {

    /**
     * Waits until single-frame messages on {@code topic} from {@code pub} reach {@code sub}, and
     * takes every probe still in flight: probes until one arrives, then an end marker, which is
     * the newest message and so is never conflated away.
     */
    private static void awaitConflatedDelivery(ZmqSocket pub, String topic, ZmqSocket sub) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (sub.receive(Duration.ofMillis(10)) == null) {
            assertThat(System.nanoTime()).as("probes on '%s' never arrived", topic).isLessThan(deadline);
            assertThat(pub.trySend(ZmqMessage.of(topic + "~probe"))).isTrue();
        }
        String end = topic + "~end";
        send(pub, end);
        while (!recvFrames(sub).get(0).equals(end)) {
            // a probe sent before the end marker
        }
    }

    @Test
    void aConflatingSubscriberHoldsOnlyTheNewestMessage() {
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = bind(pub, Transport.INPROC);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.setOption(SocketOption.CONFLATE, true);
        sub.subscribe("");
        sub.connect(endpoint);
        awaitConflatedDelivery(pub, "", sub);

        for (int i = 0; i < 5_000; i++) {
            send(pub, "v" + i);
        }
        assertThat(recvFrames(sub)).containsExactly("v4999");
        assertNothingReceived(sub);
        assertThat(pub.droppedMessages()).as("the high-water mark does not apply").isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "IPC"})
    void aConflatingSubscriberOnTheWireEndsWithTheNewestAndSkipsWhatItFellBehindOn(Transport t) {
        ZmqSocket pub = socket(SocketType.PUB);
        pub.setOption(SocketOption.SEND_HIGH_WATER_MARK, 0);
        String endpoint = bind(pub, t);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.setOption(SocketOption.CONFLATE, true);
        sub.subscribe("");
        sub.connect(endpoint);
        awaitConflatedDelivery(pub, "", sub);

        int count = 20_000;
        for (int i = 0; i < count; i++) {
            send(pub, "v" + i);
        }
        List<Integer> seen = new ArrayList<>();
        int last;
        do {
            String v = recvFrames(sub).get(0);
            last = v.startsWith("v") ? Integer.parseInt(v.substring(1)) : -1;
            if (last >= 0) {
                seen.add(last);
            }
        } while (last != count - 1);
        assertThat(seen).isSorted();
        assertThat(seen.size()).as("a subscriber that kept everything would see all %d", count).isLessThan(count);
        assertThat(pub.droppedMessages()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aConflatingPublisherNeverDropsAndItsSubscriberEndsWithTheNewest(Transport t) {
        ZmqSocket pub = socket(SocketType.PUB);
        pub.setOption(SocketOption.CONFLATE, true);
        pub.setOption(SocketOption.SEND_HIGH_WATER_MARK, 1);
        String endpoint = bind(pub, t);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.subscribe("");
        sub.connect(endpoint);
        awaitConflatedDelivery(pub, "", sub);

        int count = 5_000;
        for (int i = 0; i < count; i++) {
            assertThat(pub.trySend(ZmqMessage.of("v" + i))).isTrue();
        }
        assertThat(pub.droppedMessages()).as("a pipe at its high-water mark of 1 would drop").isZero();
        List<Integer> seen = new ArrayList<>();
        int last;
        do {
            last = Integer.parseInt(recvFrames(sub).get(0).substring(1));
            seen.add(last);
        } while (last != count - 1);
        assertThat(seen).isSorted();
        if (!t.isNetworked()) {
            assertThat(seen).containsExactly(count - 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aConflatingSubscriberKeepsEveryOneOfItsSubscriptions(Transport t) {
        ZmqSocket pub = socket(SocketType.PUB);
        pub.setOption(SocketOption.CONFLATE, true);
        String endpoint = bind(pub, t);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.setOption(SocketOption.CONFLATE, true);
        for (String topic : new String[] {"A", "B", "C"}) {
            sub.subscribe(topic);
        }
        sub.connect(endpoint);
        // libzmq 4.3 conflates subscriptions as well, so only C would reach the publisher.
        for (String topic : new String[] {"A", "B", "C"}) {
            awaitConflatedDelivery(pub, topic, sub);
        }
    }

    @Test
    void ofAMultipartMessageOnlyTheLastFrameIsKept() {
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = bind(pub, Transport.INPROC);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.setOption(SocketOption.CONFLATE, true);
        sub.subscribe("");
        sub.connect(endpoint);
        awaitConflatedDelivery(pub, "", sub);

        send(pub, "a1", "a2");
        send(pub, "a3", "b4", "c5");
        assertThat(recvFrames(sub)).as("libzmq's conflated pipe holds a single frame").containsExactly("c5");
        assertNothingReceived(sub);
    }

    @Test
    void theSubscriberFiltersTheFrameThatIsKept() {
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = bind(pub, Transport.INPROC);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.setOption(SocketOption.CONFLATE, true);
        sub.subscribe("A");
        sub.connect(endpoint);
        awaitConflatedDelivery(pub, "A", sub);

        send(pub, "A", "Apayload");
        assertThat(recvFrames(sub)).containsExactly("Apayload");
        send(pub, "A", "payload");
        assertNothingReceived(sub);
    }

    @Test
    void aConflatingPushNeverBlocksAndItsPullGetsTheNewest() {
        ZmqSocket push = socket(SocketType.PUSH);
        push.setOption(SocketOption.CONFLATE, true);
        push.setOption(SocketOption.SEND_HIGH_WATER_MARK, 1);
        String endpoint = bind(push, Transport.INPROC);
        ZmqSocket pull = socket(SocketType.PULL);
        pull.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 1);
        pull.connect(endpoint);
        for (int i = 0; i < 100; i++) {
            assertThat(push.trySend(ZmqMessage.of("v" + i))).as("send %d", i).isTrue();
        }
        assertThat(recvFrames(pull)).containsExactly("v99");
        assertNothingReceived(pull);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aConflatingPullGetsTheNewestOfWhatWasPushed(Transport t) {
        ZmqSocket pull = socket(SocketType.PULL);
        pull.setOption(SocketOption.CONFLATE, true);
        String endpoint = bind(pull, t);
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(endpoint);
        send(push, "first");
        assertThat(recvFrames(pull)).containsExactly("first");
        for (int i = 0; i < 2_000; i++) {
            send(push, "v" + i);
        }
        List<Integer> seen = new ArrayList<>();
        int last;
        do {
            last = Integer.parseInt(recvFrames(pull).get(0).substring(1));
            seen.add(last);
        } while (last != 1_999);
        assertThat(seen).isSorted();
        if (!t.isNetworked()) {
            assertThat(seen).containsExactly(1_999);
        }
    }

    @Test
    void aConflatingDealerConflatesBothWays() {
        ZmqSocket conflating = socket(SocketType.DEALER);
        conflating.setOption(SocketOption.CONFLATE, true);
        String endpoint = bind(conflating, Transport.INPROC);
        ZmqSocket other = socket(SocketType.DEALER);
        other.connect(endpoint);
        for (int i = 0; i < 10; i++) {
            send(conflating, "out" + i);
            send(other, "in" + i);
        }
        assertThat(recvFrames(other)).containsExactly("out9");
        assertThat(recvFrames(conflating)).containsExactly("in9");
        assertNothingReceived(other);
        assertNothingReceived(conflating);
    }
}
