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

    /**
     * The form of the oldest element, which the matching {@code poll} method then takes, or
     * {@link Msg#NONE} when there is none; consumer side. Until it is taken, the element stays
     * what this said, whatever the producer does meanwhile.
     */
    int peekForm();

    /** Removes and returns the oldest element, which {@link #peekForm()} has just said is an {@link Msg#ARRAY}; consumer side. */
    byte[] pollArray();

    /** As {@link #pollArray()}, for a {@link Msg#POOLED} element. */
    ByteBuf pollPooled();

    /** As {@link #pollArray()}, for a {@link Msg#MESSAGE} element. */
    ZmqMessage pollMessage();

    /** The oldest element, which {@link #peekForm()} has just said is a {@link Msg#MESSAGE}, without taking it; consumer side. */
    ZmqMessage peekMessage();

    /** Moves the oldest element of {@code queue} into {@code into}; false (and {@code into} untouched) when there is none. Consumer side. */
    static boolean poll(PipeQueue queue, Msg into) {
        switch (queue.peekForm()) {
            case Msg.ARRAY:
                into.setArray(queue.pollArray());
                return true;
            case Msg.POOLED:
                into.setPooled(queue.pollPooled());
                return true;
            case Msg.MESSAGE:
                into.setMessage(queue.pollMessage());
                return true;
            default:
                return false;
        }
    }

    /** Whether an element is waiting; consumer side. */
    boolean hasNext();

    /** Whether there is nothing to poll right now; consumer side. */
    boolean isEmpty();
}
