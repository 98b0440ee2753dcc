package io.monocoque.zmq.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/** Where a session's complete messages go: the connection's end of its pipe. */
public interface MessageSink {

    /**
     * A single-frame message, as its own array (which the receiver may keep).
     *
     * @return false when the receiving side is now full: the session stops decoding until resumed
     */
    boolean deliver(byte[] frame);

    /**
     * A large single-frame message in a pooled buffer (its readable bytes), whose ownership
     * passes; returns as {@link #deliver(byte[])} does. By default its bytes are delivered as an
     * array and the buffer is released.
     */
    default boolean deliverPooled(ByteBuf frame) {
        byte[] bytes;
        try {
            bytes = ByteBufUtil.getBytes(frame, frame.readerIndex(), frame.readableBytes(), true);
        } finally {
            frame.release();
        }
        return deliver(bytes);
    }

    /** A multi-frame message; returns as {@link #deliver(byte[])} does. */
    boolean deliver(byte[][] frames);

    /**
     * A single-frame message in a RADIO's group (what a DISH receives), the body as its own
     * array; returns as {@link #deliver(byte[])} does.
     */
    boolean deliverInGroup(String group, byte[] body);
}
