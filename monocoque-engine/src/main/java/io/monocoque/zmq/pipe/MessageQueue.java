package io.monocoque.zmq.pipe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An unbounded, lock-free single-producer/single-consumer queue that carries messages through a
 * pipe between the socket thread and an I/O thread.
 *
 * <p>At most one thread offers at a time and at most one thread polls at a time; either role may
 * move to another thread as long as something (a lock, a volatile hand-off, {@code Thread.join})
 * orders the old thread's last operation before the new thread's first. The producer and the
 * consumer run concurrently without locks. The queue itself must be safely published to both.
 *
 * <p>Elements live in a linked list of fixed-size array chunks, so offering does not allocate a
 * node per element. The consumer hands each chunk it has finished back to the producer as a
 * spare, through a small ring of up to {@value #SPARES} chunks, so a queue whose backlog stays
 * below that many chunks (1,024 elements: a pipe at the default high-water mark of 1,000) stops
 * allocating altogether; chunks beyond that are dropped, so a longer backlog shrinking back frees
 * its memory.
 *
 * <p>A new queue starts with a small chunk of {@value #FIRST_CHUNK_SIZE} slots, and only a queue
 * that gets further than that moves on to full chunks: most of a server's peers are idle most of
 * the time, and each has two queues.
 *
 * @param <E> the element type
 */
public final class MessageQueue<E> implements PipeQueue<E> {

    static final int CHUNK_SIZE = 256;
    /** The slots of a new queue's first chunk, which is never recycled. */
    static final int FIRST_CHUNK_SIZE = 16;
    /** How many drained chunks wait for reuse at most. */
    static final int SPARES = 4;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle NEXT;
    private static final VarHandle SPARE_SLOT = MethodHandles.arrayElementVarHandle(Chunk[].class);
    private static final VarHandle SPARES_PUT;
    private static final VarHandle SPARES_TAKEN;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEXT = lookup.findVarHandle(Chunk.class, "next", Chunk.class);
            SPARES_PUT = lookup.findVarHandle(MessageQueue.class, "sparesPut", long.class);
            SPARES_TAKEN = lookup.findVarHandle(MessageQueue.class, "sparesTaken", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Chunk {
        final Object[] slots;
        /** Written once by the producer with release semantics; cleared by the consumer on recycling. */
        Chunk next;

        Chunk(int size) {
            slots = new Object[size];
        }
    }

    // Producer-owned: only the producer reads or writes these, so plain access suffices.
    private Chunk tail;
    private int tailIndex;
    /** Chunks allocated so far (producer-owned); lets tests check that chunks are recycled. */
    int chunkAllocations = 1;

    // Consumer-owned.
    private Chunk head;
    private int headIndex;

    /**
     * Drained chunks on their way back from the consumer to the producer: a single-producer
     * single-consumer ring in which the consumer puts and the producer takes. Made by the consumer
     * when it first puts a chunk (a queue that never gets past its first chunk has none); the
     * producer reads it only after seeing {@link #sparesPut} move, which publishes it.
     */
    private Chunk[] spares;
    /** Chunks the consumer has put into {@link #spares} (written by the consumer only, with release). */
    @SuppressWarnings("unused")
    private volatile long sparesPut;
    /** Chunks the producer has taken out of {@link #spares} (written by the producer only, with release). */
    @SuppressWarnings("unused")
    private volatile long sparesTaken;

    public MessageQueue() {
        Chunk first = new Chunk(FIRST_CHUNK_SIZE);
        tail = first;
        head = first;
    }

    /** Appends {@code e}; producer side. The consumer can take it as soon as this returns. Always true. */
    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e, "e");
        Chunk t = tail;
        int i = tailIndex;
        if (i < t.slots.length) {
            // Release: whatever the producer did to build e happens-before the consumer's read of it.
            SLOT.setRelease(t.slots, i, e);
            tailIndex = i + 1;
            return true;
        }
        offerInNewChunk(t, e);
        return true;
    }

    /** {@link #offer} when the tail chunk {@code t} is full: {@code e} goes first into a spare or new chunk linked after it. */
    private void offerInNewChunk(Chunk t, E e) {
        Chunk n = takeSpare();
        if (n == null) {
            n = new Chunk(CHUNK_SIZE);
            chunkAllocations++;
        }
        SLOT.setRelease(n.slots, 0, e);
        NEXT.setRelease(t, n);
        tail = n;
        tailIndex = 1;
    }

    /** Removes and returns the oldest element, or null if there is none; consumer side. */
    @Override
    public E poll() {
        Chunk h = current();
        if (h == null) {
            return null;
        }
        int i = headIndex;
        @SuppressWarnings("unchecked")
        E e = (E) SLOT.getAcquire(h.slots, i);
        if (e == null) {
            return null;
        }
        // Plain store: the producer does not touch this slot again until the chunk comes back to it
        // through the spares ring, whose release/acquire pairs order this write first.
        h.slots[i] = null;
        headIndex = i + 1;
        return e;
    }

    /** Returns the oldest element without removing it, or null if there is none; consumer side. */
    @Override
    @SuppressWarnings("unchecked")
    public E peek() {
        Chunk h = current();
        return h == null ? null : (E) SLOT.getAcquire(h.slots, headIndex);
    }

    /** Whether there is nothing to poll right now; consumer side. */
    @Override
    public boolean isEmpty() {
        return peek() == null;
    }

    /**
     * Polls up to {@code max} elements into {@code sink}, oldest first; consumer side. An element is
     * removed before it is passed on, so one the sink throws on is not delivered again.
     *
     * @return how many elements were passed to the sink
     */
    public int drainTo(Consumer<? super E> sink, int max) {
        Objects.requireNonNull(sink, "sink");
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative: " + max);
        }
        int drained = 0;
        while (drained < max) {
            E e = poll();
            if (e == null) {
                break;
            }
            drained++;
            sink.accept(e);
        }
        return drained;
    }

    /**
     * Drops every element available now; consumer side. Elements offered concurrently may remain.
     *
     * @return how many elements were dropped
     */
    public int clear() {
        int dropped = 0;
        while (poll() != null) {
            dropped++;
        }
        return dropped;
    }

    /**
     * The chunk holding the consumer's next slot, moving on to the following chunk once the current
     * one is used up; null if the current one is used up and the producer has not linked another.
     */
    private Chunk current() {
        Chunk h = head;
        return headIndex < h.slots.length ? h : nextChunk(h);
    }

    /** {@link #current()} once {@code h} is used up: the chunk linked after it, which becomes the head, or null. */
    private Chunk nextChunk(Chunk h) {
        Chunk n = (Chunk) NEXT.getAcquire(h);
        if (n == null) {
            return null;
        }
        head = n;
        headIndex = 0;
        // The producer left h when it linked n, and every slot of h has been polled (so is null):
        // h can go back to the producer, unless it is the small first chunk or enough spares are
        // waiting already.
        if (h.slots.length == CHUNK_SIZE) {
            h.next = null;
            putSpare(h);
        }
        return n;
    }

    /** Consumer side: offers a drained chunk for reuse, or drops it when the ring is full. */
    private void putSpare(Chunk c) {
        long put = (long) SPARES_PUT.getOpaque(this);
        if (put - (long) SPARES_TAKEN.getAcquire(this) >= SPARES) {
            return;
        }
        Chunk[] ring = spares;
        if (ring == null) {
            spares = ring = new Chunk[SPARES];
        }
        SPARE_SLOT.set(ring, (int) (put % SPARES), c);
        SPARES_PUT.setRelease(this, put + 1);
    }

    /** Producer side: a drained chunk to reuse, or null when none is waiting. */
    private Chunk takeSpare() {
        long taken = (long) SPARES_TAKEN.getOpaque(this);
        if (taken == (long) SPARES_PUT.getAcquire(this)) {
            return null;
        }
        int slot = (int) (taken % SPARES);
        Chunk c = (Chunk) SPARE_SLOT.get(spares, slot);
        SPARE_SLOT.set(spares, slot, (Chunk) null);
        SPARES_TAKEN.setRelease(this, taken + 1);
        return c;
    }
}
