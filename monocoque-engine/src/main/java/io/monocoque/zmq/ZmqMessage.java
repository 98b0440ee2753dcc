package io.monocoque.zmq;

import io.monocoque.zmq.internal.MessageAccess;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * An immutable ZeroMQ message: one or more frames, sent and received as a unit.
 *
 * <p>{@link #of(byte[]...)} copies its arguments; {@link #wrap(byte[]...)} takes the arrays over
 * without a copy, for callers that will not touch them again. Frames are read back as copies
 * ({@link #frame(int)}), as read-only views ({@link #frameBuffer(int)}) or as text
 * ({@link #frameString(int)}). No Netty buffer ever reaches user code, so nothing needs
 * releasing.
 */
public final class ZmqMessage implements Iterable<ByteBuffer> {

    private static final byte[] EMPTY = new byte[0];

    static {
        MessageAccess.install(new MessageAccess.Accessor() {
            @Override
            public byte[] frame(ZmqMessage message, int index) {
                return message.frames[index];
            }

            @Override
            public ZmqMessage wrap(byte[][] frames, PeerInfo peer) {
                return new ZmqMessage(frames, peer);
            }
        });
    }

    private final byte[][] frames;
    private final PeerInfo peer;

    private ZmqMessage(byte[][] frames, PeerInfo peer) {
        if (frames.length == 0) {
            throw new IllegalArgumentException("a ZeroMQ message has at least one frame");
        }
        this.frames = frames;
        this.peer = peer;
    }

    /** A message whose frames are copies of {@code frames}. */
    public static ZmqMessage of(byte[]... frames) {
        byte[][] copy = new byte[frames.length][];
        for (int i = 0; i < frames.length; i++) {
            copy[i] = frames[i].clone();
        }
        return new ZmqMessage(copy, null);
    }

    /** A message of UTF-8 encoded text frames. */
    public static ZmqMessage of(String... frames) {
        byte[][] bytes = new byte[frames.length][];
        for (int i = 0; i < frames.length; i++) {
            bytes[i] = frames[i].getBytes(StandardCharsets.UTF_8);
        }
        return new ZmqMessage(bytes, null);
    }

    /** A message whose frames are copies of {@code frames}. */
    public static ZmqMessage of(List<byte[]> frames) {
        return of(frames.toArray(new byte[0][]));
    }

    /**
     * A message that uses {@code frames} without copying them. The caller must not modify the
     * arrays afterwards: the message may still be queued or being written when
     * {@code send} returns.
     */
    public static ZmqMessage wrap(byte[]... frames) {
        return new ZmqMessage(frames.clone(), null);
    }

    /** The number of frames (at least one). */
    public int size() {
        return frames.length;
    }

    /** The length in bytes of frame {@code index}. */
    public int frameLength(int index) {
        return frames[index].length;
    }

    /** A copy of frame {@code index}. */
    public byte[] frame(int index) {
        return frames[index].clone();
    }

    /** A read-only view of frame {@code index}, without a copy. */
    public ByteBuffer frameBuffer(int index) {
        return ByteBuffer.wrap(frames[index]).asReadOnlyBuffer();
    }

    /** Frame {@code index} decoded as UTF-8. */
    public String frameString(int index) {
        return new String(frames[index], StandardCharsets.UTF_8);
    }

    /** The first frame as UTF-8 text: the topic of a PUB/SUB message. */
    public String firstString() {
        return frameString(0);
    }

    /** The last frame as UTF-8 text: the body of a single- or multi-part message. */
    public String lastString() {
        return frameString(frames.length - 1);
    }

    /** Copies of every frame, in order. */
    public List<byte[]> frames() {
        List<byte[]> list = new ArrayList<>(frames.length);
        for (byte[] f : frames) {
            list.add(f.clone());
        }
        return list;
    }

    /** The sum of the frames' lengths. */
    public long byteSize() {
        long total = 0;
        for (byte[] f : frames) {
            total += f.length;
        }
        return total;
    }

    /**
     * What is known of the peer this message came from (its ZMTP metadata), or an empty
     * {@link PeerInfo} for a message built locally.
     */
    public PeerInfo peer() {
        return peer == null ? PeerInfo.NONE : peer;
    }

    /** This message with {@code prefix} frames put in front (frames are shared, not copied). */
    public ZmqMessage prepend(byte[]... prefix) {
        byte[][] all = new byte[prefix.length + frames.length][];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(frames, 0, all, prefix.length, frames.length);
        return new ZmqMessage(all, peer);
    }

    /** This message without its first {@code count} frames (frames are shared, not copied). */
    public ZmqMessage dropFirst(int count) {
        if (count >= frames.length) {
            throw new IllegalArgumentException("cannot drop " + count + " of " + frames.length + " frames");
        }
        return new ZmqMessage(Arrays.copyOfRange(frames, count, frames.length), peer);
    }

    /** Read-only views of the frames, in order. */
    @Override
    public Iterator<ByteBuffer> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < frames.length;
            }

            @Override
            public ByteBuffer next() {
                if (next >= frames.length) {
                    throw new NoSuchElementException();
                }
                return frameBuffer(next++);
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ZmqMessage)) {
            return false;
        }
        return Arrays.deepEquals(frames, ((ZmqMessage) o).frames);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(frames);
    }

    /** Frames as text where they are printable, else as hex; long frames are abbreviated. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ZmqMessage[");
        for (int i = 0; i < frames.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            appendFrame(sb, frames[i]);
        }
        return sb.append(']').toString();
    }

    private static void appendFrame(StringBuilder sb, byte[] f) {
        int shown = Math.min(f.length, 64);
        boolean text = true;
        for (int i = 0; i < shown; i++) {
            if (f[i] < 0x20 || f[i] > 0x7e) {
                text = false;
                break;
            }
        }
        if (text) {
            sb.append('"').append(new String(f, 0, shown, StandardCharsets.US_ASCII)).append('"');
        } else {
            sb.append("0x");
            for (int i = 0; i < shown; i++) {
                sb.append(Character.forDigit((f[i] >> 4) & 0xf, 16)).append(Character.forDigit(f[i] & 0xf, 16));
            }
        }
        if (shown < f.length) {
            sb.append("...(").append(f.length).append(" bytes)");
        }
    }

    static byte[] empty() {
        return EMPTY;
    }
}
