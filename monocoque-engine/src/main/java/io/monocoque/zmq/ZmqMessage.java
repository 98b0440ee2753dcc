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
 *
 * <p>The draft socket types address single-frame messages outside the frames: a SERVER or PEER
 * message carries the {@linkplain #routingId() routing id} of the connection it came from or goes
 * to, and a RADIO/DISH message its {@linkplain #group() group}. The classic types never set
 * either, and a message without them is no larger for their existence.
 */
public final class ZmqMessage implements Iterable<ByteBuffer> {

    /** The longest group name, in UTF-8 bytes (RFC 48's JOIN carries it behind a one-byte length). */
    public static final int MAX_GROUP_LENGTH = 255;

    private static final byte[] EMPTY = new byte[0];

    static {
        MessageAccess.install(new MessageAccess.Accessor() {
            @Override
            public byte[] frame(ZmqMessage message, int index) {
                return message.at(index);
            }

            @Override
            public ZmqMessage wrap(byte[][] frames, PeerInfo peer) {
                return new ZmqMessage(frames, peer);
            }

            @Override
            public ZmqMessage wrap(byte[] frame, PeerInfo peer) {
                return new ZmqMessage(frame, peer);
            }

            @Override
            public ZmqMessage receivedFrom(ZmqMessage message, PeerInfo peer) {
                if (message.origin != null) {
                    return message;
                }
                return message.withOrigin(peer);
            }

            @Override
            public ZmqMessage addressed(ZmqMessage message, PeerInfo peer, int routingId, String group) {
                return message.withOrigin(Addressing.of(peer, routingId, group));
            }
        });
    }

    /** The only frame of a single-frame message (then {@link #frames} is null), else null. */
    private final byte[] single;
    /** Every frame of a multi-frame message, or null for a single-frame one. */
    private final byte[][] frames;
    /**
     * Where the message came from and goes to: null (built locally, classic), the sender's
     * {@link PeerInfo} (received by a classic type; one instance per connection), or an
     * {@link Addressing} (a routing id or group is set: the draft types). One field for all three
     * keeps a classic message as small as it was before the draft types.
     */
    private final Object origin;

    private ZmqMessage(byte[][] frames, Object origin) {
        if (frames.length == 0) {
            throw new IllegalArgumentException("a ZeroMQ message has at least one frame");
        }
        if (frames.length == 1) {
            // Most messages have one frame: keep it without an array around it.
            this.single = frames[0];
            this.frames = null;
        } else {
            this.single = null;
            this.frames = frames;
        }
        this.origin = origin;
    }

    private ZmqMessage(byte[] single, Object origin) {
        this.single = single;
        this.frames = null;
        this.origin = origin;
    }

    /** The same frames (shared, not copied) with another origin. */
    private ZmqMessage withOrigin(Object newOrigin) {
        return frames == null ? new ZmqMessage(single, newOrigin) : new ZmqMessage(frames, newOrigin);
    }

    /** Frame {@code index}'s own array. */
    private byte[] at(int index) {
        if (frames == null) {
            if (index != 0) {
                throw new ArrayIndexOutOfBoundsException("Index " + index + " out of bounds for length 1");
            }
            return single;
        }
        return frames[index];
    }

    /** A message whose frames are copies of {@code frames}. */
    public static ZmqMessage of(byte[]... frames) {
        if (frames.length == 1) {
            return new ZmqMessage(frames[0].clone(), null);
        }
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
        if (frames.length == 1) {
            return new ZmqMessage(frames[0], null);
        }
        return new ZmqMessage(frames.clone(), null);
    }

    /**
     * A single-frame message that uses {@code frame} without copying it, as {@link #wrap(byte[]...)}
     * does (the caller must not modify it afterwards), without a varargs array per call.
     */
    public static ZmqMessage wrap(byte[] frame) {
        return new ZmqMessage(frame, null);
    }

    /** A single-frame message whose frame is a copy of {@code frame}. */
    public static ZmqMessage of(byte[] frame) {
        return new ZmqMessage(frame.clone(), null);
    }

    /** The number of frames (at least one). */
    public int size() {
        return frames == null ? 1 : frames.length;
    }

    /** The length in bytes of frame {@code index}. */
    public int frameLength(int index) {
        return at(index).length;
    }

    /** A copy of frame {@code index}. */
    public byte[] frame(int index) {
        return at(index).clone();
    }

    /** A read-only view of frame {@code index}, without a copy. */
    public ByteBuffer frameBuffer(int index) {
        return ByteBuffer.wrap(at(index)).asReadOnlyBuffer();
    }

    /** Frame {@code index} decoded as UTF-8. */
    public String frameString(int index) {
        return new String(at(index), StandardCharsets.UTF_8);
    }

    /** The first frame as UTF-8 text: the topic of a PUB/SUB message. */
    public String firstString() {
        return frameString(0);
    }

    /** The last frame as UTF-8 text: the body of a single- or multi-part message. */
    public String lastString() {
        return frameString(size() - 1);
    }

    /** Copies of every frame, in order. */
    public List<byte[]> frames() {
        int n = size();
        List<byte[]> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(at(i).clone());
        }
        return list;
    }

    /** The sum of the frames' lengths. */
    public long byteSize() {
        if (frames == null) {
            return single.length;
        }
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
        if (origin == null) {
            return PeerInfo.NONE;
        }
        if (origin instanceof Addressing) {
            return ((Addressing) origin).peer;
        }
        return (PeerInfo) origin;
    }

    /**
     * The routing id of a message a SERVER or PEER socket received (the connection it came from),
     * or that one is to send (the connection it goes to): an unsigned 32-bit number, never 0 when
     * set; 0 when the message has none (libzmq's {@code zmq_msg_routing_id}).
     */
    public int routingId() {
        return origin instanceof Addressing ? ((Addressing) origin).routingId : 0;
    }

    /**
     * This message, frames shared, addressed to the connection with {@code routingId} (as a SERVER
     * or PEER socket reported it in {@link #routingId()}); 0 removes the routing id.
     */
    public ZmqMessage withRoutingId(int routingId) {
        return withOrigin(Addressing.of(peer(), routingId, group()));
    }

    /**
     * The group of a message a DISH socket received or a RADIO socket is to send, or {@code null}
     * when the message has none (libzmq's {@code zmq_msg_group}).
     */
    public String group() {
        return origin instanceof Addressing ? ((Addressing) origin).group : null;
    }

    /**
     * This message, frames shared, in {@code group} (for a RADIO socket); {@code null} removes it.
     *
     * @throws IllegalArgumentException when the group is longer than
     *     {@value #MAX_GROUP_LENGTH} bytes in UTF-8, the limit of RFC 48's JOIN command and of
     *     libzmq's {@code ZMQ_GROUP_MAX_LENGTH}
     */
    public ZmqMessage withGroup(String group) {
        if (group != null && group.getBytes(StandardCharsets.UTF_8).length > MAX_GROUP_LENGTH) {
            throw new IllegalArgumentException("a group is at most " + MAX_GROUP_LENGTH + " bytes in UTF-8, not "
                    + group.getBytes(StandardCharsets.UTF_8).length);
        }
        return withOrigin(Addressing.of(peer(), routingId(), group));
    }


    /** This message with {@code prefix} frames put in front (frames are shared, not copied). */
    public ZmqMessage prepend(byte[]... prefix) {
        byte[][] own = allFrames();
        byte[][] all = new byte[prefix.length + own.length][];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(own, 0, all, prefix.length, own.length);
        return new ZmqMessage(all, origin);
    }

    /** This message without its first {@code count} frames (frames are shared, not copied). */
    public ZmqMessage dropFirst(int count) {
        int n = size();
        if (count >= n) {
            throw new IllegalArgumentException("cannot drop " + count + " of " + n + " frames");
        }
        return new ZmqMessage(Arrays.copyOfRange(allFrames(), count, n), origin);
    }

    /** The frames as an array (the message's own for a multi-frame message: do not modify). */
    private byte[][] allFrames() {
        return frames == null ? new byte[][] {single} : frames;
    }

    /** Read-only views of the frames, in order. */
    @Override
    public Iterator<ByteBuffer> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size();
            }

            @Override
            public ByteBuffer next() {
                if (next >= size()) {
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
        ZmqMessage other = (ZmqMessage) o;
        return routingId() == other.routingId() && java.util.Objects.equals(group(), other.group())
                && Arrays.deepEquals(allFrames(), other.allFrames());
    }

    /** Frames, routing id and group; where it came from ({@link #peer()}) is not part of a message's value. */
    @Override
    public int hashCode() {
        return (Arrays.deepHashCode(allFrames()) * 31 + routingId()) * 31 + java.util.Objects.hashCode(group());
    }

    /** Frames as text where they are printable, else as hex; long frames are abbreviated. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ZmqMessage[");
        for (int i = 0; i < size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            appendFrame(sb, at(i));
        }
        if (routingId() != 0) {
            sb.append(", routingId=").append(Integer.toUnsignedString(routingId()));
        }
        if (group() != null) {
            sb.append(", group=\"").append(group()).append('"');
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

    /** A routing id, a group, or both, with the peer the message came from. */
    private static final class Addressing {
        final PeerInfo peer;
        final int routingId;
        final String group;

        private Addressing(PeerInfo peer, int routingId, String group) {
            this.peer = peer;
            this.routingId = routingId;
            this.group = group;
        }

        /** The origin for these values: the bare peer (or null) when neither is set. */
        static Object of(PeerInfo peer, int routingId, String group) {
            PeerInfo p = peer == PeerInfo.NONE ? null : peer;
            if (routingId == 0 && group == null) {
                return p;
            }
            return new Addressing(p == null ? PeerInfo.NONE : p, routingId, group);
        }
    }

    static byte[] empty() {
        return EMPTY;
    }
}
