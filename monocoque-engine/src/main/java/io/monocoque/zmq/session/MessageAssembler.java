package io.monocoque.zmq.session;

import io.monocoque.zmq.wire.ZmtpProtocolException;
import io.netty.buffer.ByteBuf;
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
 */
final class MessageAssembler {

    /** The first array a streamed frame gets, whatever size it declares. */
    static final int FIRST_STEP = 64 * 1024;

    private final long maxMessageSize;
    private final MessageSink sink;
    private final ArrayList<byte[]> parts = new ArrayList<>();
    private long partsSize;

    private byte[] streamed;
    private long streamedSize;
    private int streamedFilled;
    private boolean streamedMore;

    /** @param maxMessageSize the largest message accepted (all its frames), -1 for no limit */
    MessageAssembler(long maxMessageSize, MessageSink sink) {
        this.maxMessageSize = maxMessageSize;
        this.sink = sink;
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
        byte[] frame = new byte[len];
        content.getBytes(content.readerIndex(), frame);
        return add(more, frame);
    }

    /** The header of a large frame of {@code size} bytes has been consumed; its body follows. */
    void startStreamed(long size, boolean more) {
        checkSize(size);
        streamedSize = size;
        streamedMore = more;
        streamed = new byte[(int) Math.min(size, FIRST_STEP)];
        streamedFilled = 0;
    }

    /** Whether a streamed frame is waiting for more of its body. */
    boolean streaming() {
        return streamed != null;
    }

    /**
     * Takes what {@code in} holds of the streamed frame's body.
     *
     * @return false when the frame is still incomplete ({@code in} is exhausted) or the sink
     *     became full on its delivery; {@link #streaming()} tells the two apart
     */
    boolean fill(ByteBuf in) {
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

    private void checkSize(long frameSize) {
        if (maxMessageSize >= 0 && partsSize + frameSize > maxMessageSize) {
            throw ZmtpProtocolException.oversize("message of " + (partsSize + frameSize)
                    + " bytes exceeds max-message-size of " + maxMessageSize + " bytes");
        }
    }

    private boolean add(boolean more, byte[] frame) {
        if (!more && parts.isEmpty()) {
            return sink.deliver(frame);
        }
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
        return partsSize + (streamed == null ? 0 : streamed.length);
    }

    /** Drops whatever was being put together (the connection ended). */
    void clear() {
        parts.clear();
        partsSize = 0;
        streamed = null;
    }
}
