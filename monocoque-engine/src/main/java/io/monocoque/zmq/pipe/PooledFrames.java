package io.monocoque.zmq.pipe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Pooled single frames ({@link Msg#POOLED}): a single-frame message held in a pooled
 * (reference-counted) {@link ByteBuf}, a large frame received off the wire or sent with
 * {@code ZmqSocket.sendBuffer}. Whoever takes one out of a pipe owns it and must release it
 * exactly once: hand it on, turn it into an array with {@link #toArray}, or release it.
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
}
