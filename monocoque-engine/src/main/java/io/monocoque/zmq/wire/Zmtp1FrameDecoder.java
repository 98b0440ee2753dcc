package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;

/**
 * Splits the byte stream of a ZMTP 1.0 peer (spec 13, libzmq 2.x) into frames, sans-I/O, with the
 * contract of {@link ZmtpFrameDecoder}: it consumes every complete frame of the input, hands each to
 * a {@link FrameHandler} (never as a command: 1.0 has none), leaves an incomplete trailing frame in
 * the buffer, keeps no state between calls, and checks an announced size against the limit as soon
 * as the length field is complete, before any of the body is buffered.
 *
 * <p>A 1.0 frame is {@code length flags body}, where the length counts the flags octet too: one
 * octet for lengths 1 to 254, or the escape {@code 0xFF} and eight octets (network order) for
 * any length. Only bit 0 of the flags (MORE) means something; the reserved bits are ignored, as
 * libzmq does. A length of 0 cannot carry the flags octet: the spec says to drop such a frame
 * silently, but then the next octet would be read as a length and the stream would lose its
 * framing, so like libzmq this decoder refuses it as a protocol error.
 *
 * <p>The first frame of a 1.0 connection is the peer's identity, whose flags the spec says not to
 * validate (libzmq 4.x sends {@code 0x7F} there, which has the MORE bit set): read it with
 * {@link LegacyIdentity#readZmtp1(ByteBuf)}, not with this decoder.
 */
public final class Zmtp1FrameDecoder {

    /** The length octet that announces an eight-octet length. */
    static final int LONG_LENGTH_ESCAPE = 0xFF;
    static final int FLAG_MORE = 0x01;
    /** Length octet plus flags octet. */
    static final int SHORT_HEADER_SIZE = 2;
    /** Escape, eight length octets, flags octet. */
    static final int LONG_HEADER_SIZE = 10;

    private final FrameSizeLimit limit;

    /**
     * @param maxFrameSize the largest frame body accepted, in bytes (the flags octet not counted),
     *     or -1 for no limit other than {@link ZmtpFrameDecoder#MAX_FRAME_SIZE_CEILING}
     * @throws IllegalArgumentException for a value below -1
     */
    public Zmtp1FrameDecoder(long maxFrameSize) {
        this.limit = new FrameSizeLimit(maxFrameSize, "max-message-size");
    }

    /** The configured limit, -1 when unlimited. */
    public long maxFrameSize() {
        return limit.maxFrameSize();
    }

    /**
     * The body length of the frame at the front of {@code in} when its header (length and flags)
     * is complete but its body is not, or -1 otherwise; the same service as
     * {@link ZmtpFrameDecoder#incompleteMessageFrameSize}, so that a large body can be copied into
     * its final array as it arrives. Nothing is consumed.
     *
     * @throws ZmtpProtocolException for a zero length or a size above the limit, as {@link #decode} would
     */
    public long incompleteMessageFrameSize(ByteBuf in) {
        long size = declaredBodySize(in);
        if (size < 0) {
            return -1;
        }
        checkLimit(size);
        int headerSize = frameHeaderSize(in);
        long available = in.readableBytes();
        if (available < headerSize) {
            return -1;
        }
        return available - headerSize < size ? size : -1;
    }

    /** The header size (2 or 10) of the frame at the front of {@code in}; its first octet must be there. */
    public static int frameHeaderSize(ByteBuf in) {
        return in.getUnsignedByte(in.readerIndex()) == LONG_LENGTH_ESCAPE ? LONG_HEADER_SIZE : SHORT_HEADER_SIZE;
    }

    /**
     * Whether the frame at the front of {@code in} has the MORE flag; unlike the 3.x framing the
     * flags come after the length, so the whole header ({@link #frameHeaderSize}) must be there.
     */
    public static boolean frameHasMore(ByteBuf in) {
        return (in.getUnsignedByte(in.readerIndex() + frameHeaderSize(in) - 1) & FLAG_MORE) != 0;
    }

    /**
     * Decodes and consumes every complete frame in {@code in}, stopping early when the handler
     * returns {@code false}. The handler's {@code command} argument is always {@code false}.
     *
     * @throws ZmtpProtocolException for a zero length, or (with {@link io.monocoque.zmq.ZmqError#EMSGSIZE})
     *     a frame larger than the limit; the offending frame is not consumed
     */
    public void decode(ByteBuf in, FrameHandler handler) {
        while (true) {
            long size = declaredBodySize(in);
            if (size < 0) {
                return;
            }
            checkLimit(size);
            int start = in.readerIndex();
            int headerSize = frameHeaderSize(in);
            long available = in.readableBytes();
            if (available < headerSize || available - headerSize < size) {
                return;
            }
            boolean more = (in.getUnsignedByte(start + headerSize - 1) & FLAG_MORE) != 0;
            int bodyStart = start + headerSize;
            int bodyEnd = bodyStart + (int) size;
            int writerIndex = in.writerIndex();
            boolean keepGoing;
            // As in ZmtpFrameDecoder: narrow the input's own indices to the body instead of slicing.
            in.setIndex(bodyStart, bodyEnd);
            try {
                keepGoing = handler.frame(more, false, in);
            } finally {
                in.setIndex(bodyEnd, writerIndex);
            }
            if (!keepGoing) {
                return;
            }
        }
    }

    /**
     * The body size (length minus the flags octet) of the frame at the front of {@code in}, or -1
     * while its length field is incomplete. Shared with {@link LegacyIdentity}.
     *
     * @throws ZmtpProtocolException for a length of 0, or an eight-octet length with its top bit set
     */
    static long declaredBodySize(ByteBuf in) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        if (available < 1) {
            return -1;
        }
        int first = in.getUnsignedByte(start);
        long length;
        if (first == LONG_LENGTH_ESCAPE) {
            if (available < 1 + Long.BYTES) {
                return -1;
            }
            length = in.getLong(start + 1);
            if (length < 0) {
                throw ZmtpProtocolException.oversize(String.format(
                        "ZMTP 1.0 frame announces length 0x%016X, which has the top bit set (at most 2^63-1 is allowed)",
                        length));
            }
        } else {
            length = first;
        }
        if (length == 0) {
            throw new ZmtpProtocolException("ZMTP 1.0 frame announces length 0; the length counts the flags octet,"
                    + " so the smallest valid length is 1");
        }
        return length - 1;
    }

    private void checkLimit(long size) {
        limit.check(size);
    }
}
