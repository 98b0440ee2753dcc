package io.monocoque.zmq.pipe;

import io.monocoque.zmq.ZmqMessage;
import io.netty.buffer.ByteBuf;

/**
 * What a pipe end reads from: one producer (the other end's writer) and one consumer (this
 * end's reader) at a time, without locks, carrying {@link Msg}s by value. {@link MessageQueue}
 * keeps every message; {@link ConflatingQueue} only the newest.
 */
interface PipeQueue {

    /**
     * Appends a single frame's bare array, which passes to the consumer; producer side.
     *
     * @return whether the queue holds one more element than before (false when it replaced one
     *     the consumer had not taken)
     */
    boolean offerArray(byte[] frame);

    /** Appends a pooled single frame, which passes to the consumer; producer side. As {@link #offerArray}. */
    boolean offerPooled(ByteBuf frame);

    /** Appends a message object; producer side. As {@link #offerArray}. */
    boolean offerMessage(ZmqMessage message);

    /** Moves the oldest element into {@code into}; false (and {@code into} untouched) when there is none. Consumer side. */
    boolean poll(Msg into);

    /** Whether an element is waiting; consumer side. */
    boolean hasNext();

    /** Whether there is nothing to poll right now; consumer side. */
    boolean isEmpty();
}
