package io.monocoque.zmq.session;

import io.monocoque.zmq.wire.ZmtpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * Puts message frames together into messages and checks their size against max-message-size, in
 * one place for every frame however it arrived: whole in one read, or (a large frame) streamed
 * straight into its array read by read.
 *
 * <p>A streamed frame's array starts at {@link #FIRST_STEP} bytes and doubles as bytes arrive,
 * up to the declared size: a header declaring 2 GiB costs one step until the peer really sends
 * more, and the last step makes the array exactly the frame's size, so it is delivered without a
 * further copy.
 *
 * <p>A single-frame message of {@link #POOLED_FRAME_THRESHOLD} bytes or more is put together in
 * a pooled direct buffer from the connection's allocator instead, delivered with
 * {@link MessageSink#deliverPooled}: no array to zero, no garbage, and a receiver that takes it
 * as a buffer reads it without a heap copy. It too starts at {@link #FIRST_STEP} bytes at most
 * and grows only as bytes arrive. Frames of a multi-frame message stay arrays.
 */
final class MessageAssembler {

    /** The first array a streamed frame gets, whatever size it declares. */
    static final int FIRST_STEP = 64 * 1024;

    /**
     * A single-frame message at least this large is assembled in a pooled buffer: from here on
     * what an array costs (zeroing, garbage, the copy to the user) outweighs the pooled buffer's
     * bookkeeping (an allocation on the I/O thread, a release on the receiving thread). Measured
     * with local_thr/remote_thr on 2026-12-02: at 8 and 16 KB pooled frames were 8-15% slower
     * than arrays, at 32 and 64 KB faster.
     */
    static final int POOLED_FRAME_THRESHOLD = 32 * 1024;

    private final long maxMessageSize;
    private final MessageSink sink;
    private final SessionIo io;
    private final ArrayList<byte[]> parts = new ArrayList<>();
    private long partsSize;

    private byte[] streamed;
    /** A streamed single-frame message, put together in a pooled buffer instead of {@link #streamed}. */
    private ByteBuf pooled;
    private long streamedSize;
    private int streamedFilled;
    private boolean streamedMore;

    /**
     * @param maxMessageSize the largest message accepted (all its frames), -1 for no limit
     * @param io whose allocator makes the pooled buffers (asked each time: it may not be ready yet)
     */
    MessageAssembler(long maxMessageSize, MessageSink sink, SessionIo io) {
        this.maxMessageSize = maxMessageSize;
        this.sink = sink;
        this.io = io;
    }

    /** Whether a frame of {@code size} bytes that ends a message begun with it goes into a pooled buffer. */
    private boolean pools(boolean more, long size) {
        return !more && parts.isEmpty() && size >= POOLED_FRAME_THRESHOLD && size <= InputBuffer.CEILING;
    }

    /**
     * A whole frame from the decoder ({@code content}'s readable bytes, copied).
     *
     * @return false when the sink is full
     * @throws ZmtpProtocolException (oversize) when the message grows past max-message-size
     */
    boolean frame(boolean more, ByteBuf content) {
        int len = content.readableBytes();
        checkSize(len);
        if (pools(more, len)) {
            ByteBuf frame = alloc().directBuffer(len, len);
            frame.writeBytes(content, content.readerIndex(), len);
            return sink.deliverPooled(frame);
        }
        byte[] frame = new byte[len];
        content.getBytes(content.readerIndex(), frame);
        return add(more, frame);
    }

    /**
     * Whether a frame of {@code size} bytes becomes an array whatever its MORE flag, so that a
     * codec that must open the frame before its flag is known can open it straight into that
     * array ({@link #frame(boolean, byte[])}): it would not be pooled even as a message's last
     * frame (a frame with MORE never is).
     */
    boolean takesArray(int size) {
        return !pools(false, size);
    }

    /**
     * A whole frame in an array made for it, kept as it is.
     *
     * @return false when the sink is full
     * @throws ZmtpProtocolException (oversize) when the message grows past max-message-size
     */
    boolean frame(boolean more, byte[] frame) {
        checkSize(frame.length);
        return add(more, frame);
    }

    /** The header of a large frame of {@code size} bytes has been consumed; its body follows. */
    void startStreamed(long size, boolean more) {
        checkSize(size);
        streamedSize = size;
        streamedMore = more;
        streamedFilled = 0;
        if (pools(more, size)) {
            // Its capacity grows (Netty doubles it, then steps by 4 MiB) only as bytes arrive.
            pooled = alloc().directBuffer((int) Math.min(size, FIRST_STEP), (int) size);
            return;
        }
        streamed = new byte[(int) Math.min(size, FIRST_STEP)];
    }

    private ByteBufAllocator alloc() {
        return io.alloc();
    }

    /** Whether a streamed frame is waiting for more of its body. */
    boolean streaming() {
        return streamed != null || pooled != null;
    }

    /**
     * Takes what {@code in} holds of the streamed frame's body.
     *
     * @return false when the frame is still incomplete ({@code in} is exhausted) or the sink
     *     became full on its delivery; {@link #streaming()} tells the two apart
     */
    boolean fill(ByteBuf in) {
        if (pooled != null) {
            return fillPooled(in);
        }
        int n = (int) Math.min(in.readableBytes(), streamedSize - streamedFilled);
        long need = (long) streamedFilled + n;
        if (need > streamed.length) {
            streamed = Arrays.copyOf(streamed, (int) Math.min(streamedSize, Math.max(need, 2L * streamed.length)));
        }
        in.readBytes(streamed, streamedFilled, n);
        streamedFilled += n;
        if (streamedFilled < streamedSize) {
            return false;
        }
        byte[] frame = streamed;
        streamed = null;
        return add(streamedMore, frame);
    }

    private boolean fillPooled(ByteBuf in) {
        ByteBuf frame = pooled;
        int n = (int) Math.min(in.readableBytes(), streamedSize - frame.writerIndex());
        frame.writeBytes(in, n);
        if (frame.writerIndex() < streamedSize) {
            return false;
        }
        pooled = null;
        return sink.deliverPooled(frame);
    }

    private void checkSize(long frameSize) {
        if (maxMessageSize >= 0 && partsSize + frameSize > maxMessageSize) {
            throw ZmtpProtocolException.oversize("message of " + (partsSize + frameSize)
                    + " bytes exceeds max-message-size of " + maxMessageSize + " bytes");
        }
    }

    private boolean add(boolean more, byte[] frame) {
        return !more && parts.isEmpty() ? sink.deliver(frame) : addPart(more, frame);
    }

    /** A frame of a multi-frame message: kept until its last frame, which delivers them all. */
    private boolean addPart(boolean more, byte[] frame) {
        parts.add(frame);
        partsSize += frame.length;
        if (more) {
            return true;
        }
        byte[][] frames = parts.toArray(new byte[0][]);
        parts.clear();
        partsSize = 0;
        return sink.deliver(frames);
    }

    /** The memory held for the message being put together, in bytes. */
    long retainedBytes() {
        return partsSize + (streamed == null ? 0 : streamed.length) + (pooled == null ? 0 : pooled.capacity());
    }

    /** Drops whatever was being put together (the connection ended). */
    void clear() {
        parts.clear();
        partsSize = 0;
        streamed = null;
        if (pooled != null) {
            pooled.release();
            pooled = null;
        }
    }
}
