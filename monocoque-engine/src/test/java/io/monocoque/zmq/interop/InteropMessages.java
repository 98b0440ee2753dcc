package io.monocoque.zmq.interop;

import io.monocoque.zmq.ZmqMessage;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The messages every interop test sends, built the same way on each side so that each receiver
 * can check content and order on its own. The python peer ({@code interop/zmq_peer.py})
 * builds the very same messages; keep the two in step.
 *
 * <p>Message {@code i} of {@code count} with a given salt has three frames:
 * <ol>
 *   <li>{@code "<salt>-<i>"}: the sequence number;</li>
 *   <li>{@link #sizeOf(int, int) sizeOf(i, count)} bytes, byte {@code j} being
 *       {@code (i * 31 + j) mod 256}: empty for every 7th message, a long frame (256 bytes or
 *       more) for every 13th, about 100 KB for the one in the middle, else under 200 bytes;</li>
 *   <li>{@code "end-<i>"}, or an empty frame for every 5th message.</li>
 * </ol>
 * Published messages put a topic in front ({@link #TOPICS}{@code [i % 5]}); subscribers take
 * {@link #SUBSCRIBED}, so that prefixes ({@code alphabet}) match and a topic shorter than a
 * subscription ({@code alp}) does not.
 */
final class InteropMessages {

    /** The topics published, in turn. */
    static final List<String> TOPICS = List.of("alpha", "beta", "gamma", "alphabet", "alp");
    /** The prefixes subscribers subscribe to, in this order. */
    static final List<String> SUBSCRIBED = List.of("alpha", "gamma");
    /** Published until the subscriber confirms it receives: its topic is the last one subscribed. */
    static final ZmqMessage WARMUP = ZmqMessage.of("gamma", "warmup");
    /** Published after the real messages, so that the subscriber knows nothing else is coming. */
    static final ZmqMessage SENTINEL = ZmqMessage.of("gamma", "end");
    /** The frame the dealer with the explicit routing id puts in front of its messages. */
    static final String EXPLICIT_NAME = "explicit";
    /** The frame the dealer without a routing id puts in front of its messages. */
    static final String ANONYMOUS_NAME = "anonymous";
    /** The routing id of the explicit dealer. */
    static final String EXPLICIT_ROUTING_ID = "explicit-dealer";
    /** The requests a dealer keeps in flight. */
    static final int WINDOW = 100;

    private InteropMessages() {
    }

    /** The length of the second frame of message {@code i} of {@code count}. */
    static int sizeOf(int i, int count) {
        if (i == count / 2) {
            return 100_000;
        }
        if (i % 7 == 0) {
            return 0;
        }
        if (i % 13 == 0) {
            return 256 + (i * 37) % 1000;
        }
        return i % 200;
    }

    /** The frames of message {@code i} of {@code count}. */
    static byte[][] frames(int i, int count, String salt) {
        byte[] payload = new byte[sizeOf(i, count)];
        for (int j = 0; j < payload.length; j++) {
            payload[j] = (byte) (i * 31 + j);
        }
        return new byte[][] {
            ascii(salt + "-" + i),
            payload,
            i % 5 == 0 ? new byte[0] : ascii("end-" + i),
        };
    }

    /** Message {@code i} of {@code count}. */
    static ZmqMessage message(int i, int count, String salt) {
        return ZmqMessage.wrap(frames(i, count, salt));
    }

    /** Message {@code i} of {@code count} behind an extra first frame. */
    static ZmqMessage message(String first, int i, int count, String salt) {
        return message(i, count, salt).prepend(ascii(first));
    }

    /** The topic of published message {@code i}. */
    static String topicOf(int i) {
        return TOPICS.get(i % TOPICS.size());
    }

    /** Published message {@code i} of {@code count}: its topic, then message {@code i}. */
    static ZmqMessage published(int i, int count) {
        return message(topicOf(i), i, count, "pub");
    }

    /** Whether a subscriber of {@link #SUBSCRIBED} gets messages on {@code topic}. */
    static boolean isSubscribed(String topic) {
        return SUBSCRIBED.stream().anyMatch(topic::startsWith);
    }

    /** How many of {@code count} published messages a subscriber of {@link #SUBSCRIBED} gets. */
    static int subscribedCount(int count) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (isSubscribed(topicOf(i))) {
                n++;
            }
        }
        return n;
    }

    /** A subscription ({@code kind} 1) or unsubscription ({@code kind} 0) message for {@code topic}. */
    static ZmqMessage subscription(int kind, String topic) {
        byte[] t = ascii(topic);
        byte[] body = new byte[t.length + 1];
        body[0] = (byte) kind;
        System.arraycopy(t, 0, body, 1, t.length);
        return ZmqMessage.wrap(body);
    }

    /** Fails unless {@code actual} arrived (is not null) and equals {@code expected}, frame by frame. */
    static void expect(String what, ZmqMessage actual, ZmqMessage expected) {
        if (actual == null) {
            fail("timed out waiting for " + what + " (expected " + expected + ")");
        }
        assertThat(actual).as(what).isEqualTo(expected);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
