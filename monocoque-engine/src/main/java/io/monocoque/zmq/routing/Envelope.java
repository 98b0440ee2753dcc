package io.monocoque.zmq.routing;

import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.internal.MessageAccess;

import java.util.Arrays;

/**
 * The routing envelope in front of a request or reply: the frames a reply must carry back so
 * that it finds its way to the requester (routing ids added by ROUTERs on the way, then the
 * empty delimiter frame). REQ puts a delimiter in front of each request, REP splits a request
 * at its delimiter and sends the reply back inside the same envelope, and brokers and ZAP keep
 * what came before the payload.
 *
 * <p>Frames are shared, not copied: an envelope holds the arrays of the message it came from,
 * which no one writes to once a message exists.
 */
public final class Envelope {

    /** The empty frame that ends an envelope. */
    public static final byte[] DELIMITER = new byte[0];

    private static final Envelope DELIMITER_ONLY = new Envelope(new byte[][] {DELIMITER});

    private final byte[][] frames;

    private Envelope(byte[][] frames) {
        this.frames = frames;
    }

    /** The envelope a REQ puts in front of its requests: just the delimiter. */
    public static Envelope delimiter() {
        return DELIMITER_ONLY;
    }

    /** An envelope of these frames, as given (not copied). */
    public static Envelope of(byte[]... frames) {
        return new Envelope(frames);
    }

    /**
     * The envelope of a request: every frame up to and including the first empty one, or
     * {@code null} when the message has no delimiter or nothing after it (it is no request).
     */
    public static Envelope ofRequest(ZmqMessage message) {
        int n = message.size();
        for (int i = 0; i < n; i++) {
            if (message.frameLength(i) == 0) {
                return i == n - 1 ? null : prefix(message, i + 1);
            }
        }
        return null;
    }

    /** The first {@code count} frames of {@code message}. */
    public static Envelope prefix(ZmqMessage message, int count) {
        byte[][] prefix = new byte[count][];
        for (int i = 0; i < count; i++) {
            prefix[i] = MessageAccess.frame(message, i);
        }
        return new Envelope(prefix);
    }

    /** The number of frames in the envelope. */
    public int size() {
        return frames.length;
    }

    /** {@code body} inside this envelope: the envelope's frames, then the body's. */
    public ZmqMessage wrap(ZmqMessage body) {
        return frames.length == 0 ? body : body.prepend(frames);
    }

    /**
     * Whether {@code message} starts with exactly this envelope and has a body after it: a reply
     * that comes back in the envelope its request went out in.
     */
    public boolean encloses(ZmqMessage message) {
        if (message.size() <= frames.length) {
            return false;
        }
        for (int i = 0; i < frames.length; i++) {
            if (message.frameLength(i) != frames[i].length || !Arrays.equals(MessageAccess.frame(message, i), frames[i])) {
                return false;
            }
        }
        return true;
    }

    /** The body of {@code message}: what follows this envelope's frames. */
    public ZmqMessage unwrap(ZmqMessage message) {
        return message.dropFirst(frames.length);
    }
}
