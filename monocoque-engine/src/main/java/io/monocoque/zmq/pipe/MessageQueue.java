package io.monocoque.zmq.pipe;

import io.monocoque.zmq.ZmqMessage;
import io.netty.buffer.ByteBuf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * An unbounded, lock-free single-producer/single-consumer queue that carries messages through a
 * pipe between the socket thread and an I/O thread, by value: each slot holds a message's
 * {@link Msg} form and its frame or message object, put in by {@link #offerArray}/
 * {@link #offerPooled}/{@link #offerMessage} and taken out by {@link #peekForm()} and the
 * matching {@code poll} method, so that a message crossing makes no object and no holder is
 * written per message on either side.
 *
 * <p>At most one thread offers at a time and at most one thread polls at a time; either role may
 * move to another thread as long as something (a lock, a volatile hand-off, {@code Thread.join})
 * orders the old thread's last operation before the new thread's first. The producer and the
 * consumer run concurrently without locks. The queue itself must be safely published to both.
 * A slot's form is its publication: the producer writes the frame first and the form last, with
 * release; the consumer reads the form with acquire and, when it is not {@link Msg#NONE}, the
 * frame.
 *
 * <p>Slots live in a linked list of fixed-size chunks, so offering does not allocate a node per
 * element. A chunk holds its slots' forms from the start, and makes the slots of a form (arrays,
 * pooled buffers, message objects) when its first element of that form comes. The consumer
 * hands each chunk it has finished back to the producer as a spare, through a small ring of up to
 * {@value #SPARES} chunks, so a queue whose backlog stays below that many chunks (1,024 elements:
 * a pipe at the default high-water mark of 1,000) stops allocating altogether; chunks beyond
 * that are dropped, so a longer backlog shrinking back frees its memory.
 *
 * <p>A new queue starts with a small chunk of {@value #FIRST_CHUNK_SIZE} slots, and only a queue
 * that gets further than that moves on to full chunks: most of a server's peers are idle most of
 * the time, and each has two queues.
 */
public final class MessageQueue implements PipeQueue {

    static final int CHUNK_SIZE = 256;
    /** The slots of a new queue's first chunk, which is never recycled. */
    static final int FIRST_CHUNK_SIZE = 8;
    /** How many drained chunks wait for reuse at most. */
    static final int SPARES = 4;

    private static final VarHandle FORM = MethodHandles.arrayElementVarHandle(byte[].class);
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
        /** Each slot's {@link Msg} form; {@link Msg#NONE} while it is empty. Published with release. */
        final byte[] forms;
        /**
         * The frames of each form's slots, made by the producer before the chunk's first element
         * of that form and kept when the chunk is recycled: a queue that only ever carries one
         * form (most do) holds one array of slots.
         */
        byte[][] arrays;
        ByteBuf[] pooled;
        ZmqMessage[] messages;
        /** Written once by the producer with release semantics; cleared by the consumer on recycling. */
        Chunk next;

        Chunk(int size) {
            forms = new byte[size];
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

    /** Appends a single frame's bare array ({@link Msg#ARRAY}); producer side. Always true. */
    @Override
    public boolean offerArray(byte[] frame) {
        Objects.requireNonNull(frame, "frame");
        Chunk t = tailWithRoom();
        int i = tailIndex;
        byte[][] slots = t.arrays;
        if (slots == null) {
            t.arrays = slots = new byte[t.forms.length][];
        }
        slots[i] = frame;
        publish(t, i, Msg.ARRAY);
        return true;
    }

    /** Appends a pooled single frame ({@link Msg#POOLED}, ownership passes); producer side. Always true. */
    @Override
    public boolean offerPooled(ByteBuf frame) {
        Objects.requireNonNull(frame, "frame");
        Chunk t = tailWithRoom();
        int i = tailIndex;
        ByteBuf[] slots = t.pooled;
        if (slots == null) {
            t.pooled = slots = new ByteBuf[t.forms.length];
        }
        slots[i] = frame;
        publish(t, i, Msg.POOLED);
        return true;
    }

    /** Appends a message object ({@link Msg#MESSAGE}); producer side. Always true. */
    @Override
    public boolean offerMessage(ZmqMessage message) {
        Objects.requireNonNull(message, "message");
        Chunk t = tailWithRoom();
        int i = tailIndex;
        ZmqMessage[] slots = t.messages;
        if (slots == null) {
            t.messages = slots = new ZmqMessage[t.forms.length];
        }
        slots[i] = message;
        publish(t, i, Msg.MESSAGE);
        return true;
    }

    /** The chunk the next element goes into: the tail, or a spare or new chunk linked after it when it is full. */
    private Chunk tailWithRoom() {
        Chunk t = tail;
        return tailIndex < t.forms.length ? t : linkNewTail(t);
    }

    /**
     * Links a spare or new chunk after the full tail {@code t}. The consumer may move on to it at
     * once and find its first slot empty, which is then what it is.
     */
    private Chunk linkNewTail(Chunk t) {
        Chunk n = takeSpare();
        if (n == null) {
            n = new Chunk(CHUNK_SIZE);
            chunkAllocations++;
        }
        NEXT.setRelease(t, n);
        tail = n;
        tailIndex = 0;
        return n;
    }

    /** Makes slot {@code i} of {@code t}, its frame written, visible to the consumer. */
    private void publish(Chunk t, int i, int form) {
        // Release: whatever the producer did to build the element happens-before the consumer's read of it.
        FORM.setRelease(t.forms, i, (byte) form);
        tailIndex = i + 1;
    }

    /**
     * The form of the oldest element ({@link Msg#ARRAY}, {@link Msg#POOLED} or
     * {@link Msg#MESSAGE}), which the matching {@code poll} method then takes, or
     * {@link Msg#NONE} when there is none; consumer side.
     */
    @Override
    public int peekForm() {
        Chunk h = current();
        return h == null ? Msg.NONE : (byte) FORM.getAcquire(h.forms, headIndex);
    }

    /** Removes and returns the oldest element, which {@link #peekForm()} has just said is an {@link Msg#ARRAY}; consumer side. */
    @Override
    public byte[] pollArray() {
        Chunk h = head;
        int i = headIndex;
        byte[] frame = h.arrays[i];
        h.arrays[i] = null;
        emptied(h, i);
        return frame;
    }

    /** As {@link #pollArray()}, for a {@link Msg#POOLED} element. */
    @Override
    public ByteBuf pollPooled() {
        Chunk h = head;
        int i = headIndex;
        ByteBuf frame = h.pooled[i];
        h.pooled[i] = null;
        emptied(h, i);
        return frame;
    }

    /** As {@link #pollArray()}, for a {@link Msg#MESSAGE} element. */
    @Override
    public ZmqMessage pollMessage() {
        Chunk h = head;
        int i = headIndex;
        ZmqMessage message = h.messages[i];
        h.messages[i] = null;
        emptied(h, i);
        return message;
    }

    /** The oldest element, which {@link #peekForm()} has just said is a {@link Msg#MESSAGE}, left in place; consumer side. */
    @Override
    public ZmqMessage peekMessage() {
        return head.messages[headIndex];
    }

    /**
     * Slot {@code i} of {@code h} has been taken. Plain stores: the producer does not touch this
     * slot again until the chunk comes back to it through the spares ring, whose release/acquire
     * pairs order these writes first.
     */
    private void emptied(Chunk h, int i) {
        h.forms[i] = Msg.NONE;
        headIndex = i + 1;
    }

    /** Whether an element is waiting; consumer side. */
    @Override
    public boolean hasNext() {
        return peekForm() != Msg.NONE;
    }

    /** Whether there is nothing to poll right now; consumer side. */
    @Override
    public boolean isEmpty() {
        return !hasNext();
    }

    /**
     * Drops every element available now, releasing pooled frames; consumer side. Elements offered concurrently may remain.
     *
     * @return how many elements were dropped
     */
    public int clear() {
        int dropped = 0;
        Msg m = new Msg();
        while (PipeQueue.poll(this, m)) {
            m.release();
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
        return headIndex < h.forms.length ? h : nextChunk(h);
    }

    /** {@link #current()} once {@code h} is used up: the chunk linked after it, which becomes the head, or null. */
    private Chunk nextChunk(Chunk h) {
        Chunk n = (Chunk) NEXT.getAcquire(h);
        if (n == null) {
            return null;
        }
        head = n;
        headIndex = 0;
        // The producer left h when it linked n, and every slot of h has been polled (so is empty):
        // h can go back to the producer, unless it is the small first chunk or enough spares are
        // waiting already.
        if (h.forms.length == CHUNK_SIZE) {
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
