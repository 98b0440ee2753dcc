package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;

/**
 * Splits the ZMTP 3.x byte stream that follows the greeting into frames, sans-I/O: it consumes
 * every complete frame of the input, hands each to a {@link FrameHandler}, and leaves any
 * incomplete trailing frame (header included) in the buffer for the next call.
 *
 * <p>The decoder keeps no state between calls, so one instance can be shared by the connections
 * that use the same limit. Announced sizes are checked against the limit as soon as the header is
 * complete, before any of the body is buffered.
 */
public final class ZmtpFrameDecoder {

    /**
     * The largest frame body ever accepted, whatever the limit: frames end up in a {@code byte[]},
     * and JVMs refuse arrays this close to {@link Integer#MAX_VALUE}.
     */
    public static final long MAX_FRAME_SIZE_CEILING = Integer.MAX_VALUE - 8;

    static final int FLAG_MORE = 0x01;
    static final int FLAG_LONG = 0x02;
    static final int FLAG_COMMAND = 0x04;

    static final int SHORT_HEADER_SIZE = 2;
    static final int LONG_HEADER_SIZE = 9;

    private final FrameSizeLimit limit;

    /**
     * @param maxFrameSize the largest frame body accepted, in bytes, or -1 for no limit other than
     *     {@link #MAX_FRAME_SIZE_CEILING}
     * @throws IllegalArgumentException for a value below -1
     */
    public ZmtpFrameDecoder(long maxFrameSize) {
        this(maxFrameSize, "max-message-size");
    }

    /**
     * @param maxFrameSize as for {@link #ZmtpFrameDecoder(long)}
     * @param limitName what the limit is called in the error a larger frame gets, e.g.
     *     {@code "max-message-size"} or {@code "the handshake command limit"}
     */
    public ZmtpFrameDecoder(long maxFrameSize, String limitName) {
        this.limit = new FrameSizeLimit(maxFrameSize, limitName);
    }

    /** The configured limit, -1 when unlimited. */
    public long maxFrameSize() {
        return limit.maxFrameSize();
    }

    /**
     * The body length of the frame at the front of {@code in} when it is a message frame (not a
     * command) whose header is complete but whose body is not, or -1 otherwise. It lets a
     * connection copy a large body into its final array as the bytes arrive rather than buffer it
     * whole first; {@link #frameHeaderSize} and {@link #frameHasMore} describe the same frame.
     * Nothing is consumed.
     *
     * @throws ZmtpProtocolException for a size above the limit, exactly as {@link #decode} would
     */
    public long incompleteMessageFrameSize(ByteBuf in) {
        int start = in.readerIndex();
        int available = in.writerIndex() - start;
        if (available < SHORT_HEADER_SIZE) {
            return -1;
        }
        int flags = in.getUnsignedByte(start);
        if ((flags & FLAG_COMMAND) != 0) {
            return -1;
        }
        long size;
        int headerSize;
        if ((flags & FLAG_LONG) != 0) {
            if (available < LONG_HEADER_SIZE) {
                return -1;
            }
            headerSize = LONG_HEADER_SIZE;
            size = in.getLong(start + 1);
        } else {
            headerSize = SHORT_HEADER_SIZE;
            size = in.getUnsignedByte(start + 1);
        }
        if (size < 0 || limit.exceededBy(size)) {
            // Let decode report it, with its own words.
            decode(in, (more, command, content) -> false);
        }
        return (long) available - headerSize < size ? size : -1;
    }

    /** The header size of the frame at the front of {@code in} (its first octet must be there). */
    public static int frameHeaderSize(ByteBuf in) {
        return (in.getUnsignedByte(in.readerIndex()) & FLAG_LONG) != 0 ? LONG_HEADER_SIZE : SHORT_HEADER_SIZE;
    }

    /** Whether the frame at the front of {@code in} has the MORE flag. */
    public static boolean frameHasMore(ByteBuf in) {
        return (in.getUnsignedByte(in.readerIndex()) & FLAG_MORE) != 0;
    }

    /**
     * Decodes and consumes every complete frame in {@code in}, stopping early when the handler
     * returns {@code false}.
     *
     * @throws ZmtpProtocolException for a command frame with MORE set, or (with
     *     {@link io.monocoque.zmq.ZmqError#EMSGSIZE}) a frame larger than the limit; the offending
     *     frame is not consumed
     */
    public void decode(ByteBuf in, FrameHandler handler) {
        while (true) {
            int start = in.readerIndex();
            int available = in.writerIndex() - start;
            if (available < SHORT_HEADER_SIZE) {
                return;
            }
            int flags = in.getUnsignedByte(start);
            boolean more = (flags & FLAG_MORE) != 0;
            boolean command = (flags & FLAG_COMMAND) != 0;
            // Bits 3-7 are reserved; ignoring them (rather than failing) matches libzmq and leaves
            // room for future extensions.
            int headerSize;
            long size;
            if ((flags & FLAG_LONG) != 0) {
                if (available < LONG_HEADER_SIZE) {
                    return;
                }
                headerSize = LONG_HEADER_SIZE;
                size = in.getLong(start + 1);
                if (size < 0) {
                    throw ZmtpProtocolException.oversize(String.format(
                            "frame announces size 0x%016X, which has the top bit set (ZMTP allows at most 2^63-1)", size));
                }
            } else {
                headerSize = SHORT_HEADER_SIZE;
                size = in.getUnsignedByte(start + 1);
            }
            if (command && more) {
                throw new ZmtpProtocolException(
                        "command frame has the MORE flag set; ZMTP commands are always single frames");
            }
            limit.check(size);
            if ((long) available - headerSize < size) {
                return;
            }
            int bodyStart = start + headerSize;
            int bodyEnd = bodyStart + (int) size;
            boolean keepGoing;
            int writerIndex = in.writerIndex();
            // Narrowing the input's own indices to the body, instead of slicing, keeps decoding free
            // of per-frame allocation; the finally block restores the stream position whatever the
            // handler did to the view.
            in.setIndex(bodyStart, bodyEnd);
            try {
                keepGoing = handler.frame(more, command, in);
            } finally {
                in.setIndex(bodyEnd, writerIndex);
            }
            if (!keepGoing) {
                return;
            }
        }
    }
}
