package io.monocoque.zmq.pipe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * The third kind of pipe element, beside {@link io.monocoque.zmq.ZmqMessage} and a bare
 * {@code byte[]}: a single-frame message held in a pooled (reference-counted) {@link ByteBuf},
 * a large frame received off the wire or sent with {@code ZmqSocket.sendBuffer}. Whoever takes
 * one out of a pipe owns it and must release it exactly once: hand it on, turn it into an array
 * with {@link #toArray}, or {@link #release} it.
 */
public final class PooledFrames {

    private PooledFrames() {
    }

    /** The frame's bytes as a new array; the frame is released. */
    public static byte[] toArray(ByteBuf frame) {
        try {
            return ByteBufUtil.getBytes(frame, frame.readerIndex(), frame.readableBytes(), false);
        } finally {
            frame.release();
        }
    }

    /**
     * A pipe element as the array-based paths take it: a pooled frame becomes its bytes (copied,
     * released), anything else is returned as it is.
     */
    public static Object unpooled(Object element) {
        return element instanceof ByteBuf ? toArray((ByteBuf) element) : element;
    }

    /** Releases {@code element} if it is a pooled frame (a message being dropped). */
    public static void release(Object element) {
        if (element instanceof ByteBuf) {
            ((ByteBuf) element).release();
        }
    }
}
