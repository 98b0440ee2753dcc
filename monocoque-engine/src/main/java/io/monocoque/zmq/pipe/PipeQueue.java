package io.monocoque.zmq.pipe;

/**
 * What a pipe end reads from: one producer (the other end's writer) and one consumer (this
 * end's reader) at a time, without locks. {@link MessageQueue} keeps every message;
 * {@link ConflatingQueue} only the newest.
 *
 * @param <E> the element type
 */
interface PipeQueue<E> {

    /**
     * Appends {@code e}; producer side.
     *
     * @return whether the queue holds one more element than before (false when {@code e}
     *     replaced one the consumer had not taken)
     */
    boolean offer(E e);

    /** Removes and returns the oldest element, or null; consumer side. */
    E poll();

    /** The oldest element without removing it, or null; consumer side. */
    E peek();

    /** Whether there is nothing to poll right now; consumer side. */
    boolean isEmpty();
}
