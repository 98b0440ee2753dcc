package io.monocoque.zmq.pipe;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A queue of at most one element, the newest: offering replaces what the consumer has not
 * taken yet. The queue behind {@code conflate}, where only the last value of a feed matters; its
 * memory stays one element however far the consumer falls behind.
 *
 * @param <E> the element type
 */
final class ConflatingQueue<E> implements PipeQueue<E> {

    private final AtomicReference<E> latest = new AtomicReference<>();

    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e, "e");
        return latest.getAndSet(e) == null;
    }

    @Override
    public E poll() {
        return latest.get() == null ? null : latest.getAndSet(null);
    }

    @Override
    public E peek() {
        return latest.get();
    }

    @Override
    public boolean isEmpty() {
        return latest.get() == null;
    }
}
