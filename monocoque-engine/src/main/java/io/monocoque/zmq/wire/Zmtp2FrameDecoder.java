package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;

/**
 * Splits the byte stream of a ZMTP 2.0 peer (spec 15, libzmq 3.x), after its 12-octet greeting,
 * into frames, sans-I/O, with the contract of {@link ZmtpFrameDecoder}: every complete frame is
 * consumed and handed to a {@link FrameHandler}, an incomplete trailing frame stays in the buffer,
 * no state is kept between calls, and an announced size is checked against the limit as soon as the
 * header is complete, before any of the body is buffered.
 *
 * <p>A 2.0 frame is {@code flags size body}: bit 0 of the flags is MORE, bit 1 is LONG (an
 * eight-octet size instead of one octet), and the size does not count the header. ZMTP 2.0 has no
 * commands, so bit 2, which ZMTP 3.x made the COMMAND flag, is refused: taking it as a command
 * would let a peer without any handshake inject what the session would treat as SUBSCRIBE or
 * PING, and taking it as a message would deliver a frame the peer did not mean as one. Bits 3 to
 * 7 are ignored, as libzmq does.
 *
 * <p>The first frame of a 2.0 connection is the peer's identity: read it with
 * {@link LegacyIdentity#readZmtp2(ByteBuf)}.
 */
public final class Zmtp2FrameDecoder {

    private final FrameSizeLimit limit;

    /**
     * @param maxFrameSize the largest frame body accepted, in bytes, or -1 for no limit other than
     *     {@link ZmtpFrameDecoder#MAX_FRAME_SIZE_CEILING}
     * @throws IllegalArgumentException for a value below -1
     */
    public Zmtp2FrameDecoder(long maxFrameSize) {
        this.limit = new FrameSizeLimit(maxFrameSize, "max-message-size");
    }

    /** The configured limit, -1 when unlimited. */
    public long maxFrameSize() {
        return limit.maxFrameSize();
    }

    /**
     * The body length of the frame at the front of {@code in} when its header is complete but its
     * body is not, or -1 otherwise; the same service as
     * {@link ZmtpFrameDecoder#incompleteMessageFrameSize}. Nothing is consumed.
     *
     * @throws ZmtpProtocolException for a COMMAND bit or a size above the limit, as {@link #decode} would
     */
    public long incompleteMessageFrameSize(ByteBuf in) {
        long size = declaredBodySize(in);
        if (size < 0) {
            return -1;
        }
        checkLimit(size);
        return (long) in.readableBytes() - frameHeaderSize(in) < size ? size : -1;
    }

    /** The header size (2 or 9) of the frame at the front of {@code in}; its first octet must be there. */
    public static int frameHeaderSize(ByteBuf in) {
        return ZmtpFrameDecoder.frameHeaderSize(in);
    }

    /** Whether the frame at the front of {@code in} has the MORE flag; its first octet must be there. */
    public static boolean frameHasMore(ByteBuf in) {
        return ZmtpFrameDecoder.frameHasMore(in);
    }

    /**
     * Decodes and consumes every complete frame in {@code in}, stopping early when the handler
     * returns {@code false}. The handler's {@code command} argument is always {@code false}.
     *
     * @throws ZmtpProtocolException for a frame with the COMMAND bit, or (with
     *     {@link io.monocoque.zmq.ZmqError#EMSGSIZE}) one larger than the limit; the offending frame
     *     is not consumed
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
            if ((long) in.readableBytes() - headerSize < size) {
                return;
            }
            boolean more = frameHasMore(in);
            int bodyStart = start + headerSize;
            int bodyEnd = bodyStart + (int) size;
            int writerIndex = in.writerIndex();
            boolean keepGoing;
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
     * The body size of the frame at the front of {@code in}, or -1 while its header is incomplete.
     * Shared with {@link LegacyIdentity}.
     *
     * @throws ZmtpProtocolException for the COMMAND bit, or an eight-octet size with its top bit set
     */
    static long declaredBodySize(ByteBuf in) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        if (available < 1) {
            return -1;
        }
        int flags = in.getUnsignedByte(start);
        if ((flags & ZmtpFrameDecoder.FLAG_COMMAND) != 0) {
            throw new ZmtpProtocolException(String.format(
                    "ZMTP 2.0 frame has flags 0x%02X with bit 2 set; ZMTP 2.0 has no command frames", flags));
        }
        if ((flags & ZmtpFrameDecoder.FLAG_LONG) != 0) {
            if (available < ZmtpFrameDecoder.LONG_HEADER_SIZE) {
                return -1;
            }
            long size = in.getLong(start + 1);
            if (size < 0) {
                throw ZmtpProtocolException.oversize(String.format(
                        "frame announces size 0x%016X, which has the top bit set (ZMTP allows at most 2^63-1)", size));
            }
            return size;
        }
        if (available < ZmtpFrameDecoder.SHORT_HEADER_SIZE) {
            return -1;
        }
        return in.getUnsignedByte(start + 1);
    }

    private void checkLimit(long size) {
        limit.check(size);
    }
}
