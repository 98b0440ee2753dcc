package io.monocoque.zmq.security.interop;

import io.monocoque.zmq.ZmqMessage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The messages of the security interop tests, built exactly as {@code security/secure_peer.py} builds them. */
final class SecureMessages {

    static final String[] TOPICS = {"alpha", "beta", "gamma", "alphabet"};
    static final String[] SUBSCRIBED = {"alpha", "gamma"};
    static final ZmqMessage WARMUP = ZmqMessage.of("gamma", "warmup");
    static final ZmqMessage SENTINEL = ZmqMessage.of("gamma", "end");

    private SecureMessages() {
    }

    static int size(int i, int count) {
        return i == count / 2 ? 20000 : (i * 37) % 700;
    }

    static byte[][] frames(int i, int count) {
        byte[] body = new byte[size(i, count)];
        for (int j = 0; j < body.length; j++) {
            body[j] = (byte) (i * 31 + j);
        }
        return new byte[][] {ascii("m-" + i), body, i % 5 == 0 ? new byte[0] : ascii("end-" + i)};
    }

    static ZmqMessage message(int i, int count) {
        return ZmqMessage.of(frames(i, count));
    }

    /** A message with its frames in reverse order: what the REP side answers. */
    static ZmqMessage reversed(ZmqMessage m) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = m.size() - 1; i >= 0; i--) {
            frames.add(m.frame(i));
        }
        return ZmqMessage.of(frames);
    }

    static ZmqMessage published(int i, int count) {
        byte[][] f = frames(i, count);
        return ZmqMessage.of(ascii(TOPICS[i % 4]), f[0], f[1], f[2]);
    }

    static boolean subscribed(int i) {
        String t = TOPICS[i % 4];
        for (String s : SUBSCRIBED) {
            if (t.startsWith(s)) {
                return true;
            }
        }
        return false;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
