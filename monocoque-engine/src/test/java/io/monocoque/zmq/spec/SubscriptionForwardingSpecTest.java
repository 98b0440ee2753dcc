package io.monocoque.zmq.spec;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscriptions as libzmq's test_sub_forward and test_xpub_topic use them: an XPUB/XSUB pair in
 * the middle passes a subscriber's subscription up to the publisher and the publisher's message
 * down to the subscriber, by hand (no proxy), and a long topic reaches an XPUB whole, in its
 * subscription and its cancellation.
 */
class SubscriptionForwardingSpecTest extends SpecTestBase {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSubscriptionTravelsUpAndTheMessageDownThroughAnXpubXsubPair(Transport t) {
        ZmqSocket xpub = socket(SocketType.XPUB);
        String downstream = bind(xpub, t);
        ZmqSocket xsub = socket(SocketType.XSUB);
        String upstream = bind(xsub, t);
        ZmqSocket pub = socket(SocketType.PUB);
        pub.connect(upstream);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.connect(downstream);
        sub.subscribe("");

        // The subscription arrives at the XPUB as a message; the device passes it upstream.
        ZmqMessage subscription = recv(xpub);
        assertThat(subscription.frame(0)).containsExactly(1);
        send(xsub, subscription);

        // Until the subscription has reached the PUB, what it publishes goes nowhere: probe.
        ZmqMessage down = null;
        for (int i = 0; down == null && i < 400; i++) {
            assertThat(pub.trySend(ZmqMessage.of(new byte[0]))).isTrue();
            down = xsub.receive(QUIET.dividedBy(5));
        }
        assertThat(down).as("the PUB's message reached the XSUB").isNotNull();
        assertThat(down.frameLength(0)).isZero();
        send(xpub, down);
        assertThat(recv(sub).frameLength(0)).isZero();
    }

    private static void send(ZmqSocket s, ZmqMessage m) {
        assertThat(s.send(m, TIMEOUT)).isTrue();
    }

    @Test
    void aLongTopicReachesAnXpubWholeInItsSubscriptionAndItsCancellation() {
        ZmqSocket xpub = socket(SocketType.XPUB);
        String endpoint = bind(xpub, Transport.TCP);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.connect(endpoint);
        // libzmq's sizes: a SUBSCRIBE command of 255 octets and one of 256, past the short frame form.
        for (int length : new int[] {245, 246, 2000}) {
            byte[] topic = new byte[length];
            Arrays.fill(topic, (byte) 'A');
            sub.subscribe(topic);
            byte[] expected = new byte[length + 1];
            expected[0] = 1;
            System.arraycopy(topic, 0, expected, 1, length);
            assertThat(recv(xpub).frame(0)).as("subscription to %d bytes", length).isEqualTo(expected);
            sub.unsubscribe(topic);
            expected[0] = 0;
            assertThat(recv(xpub).frame(0)).as("cancellation of %d bytes", length).isEqualTo(expected);
        }
    }
}
