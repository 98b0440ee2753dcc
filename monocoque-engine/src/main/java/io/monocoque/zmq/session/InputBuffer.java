package io.monocoque.zmq.session;

import io.monocoque.zmq.wire.TrackedBuffers;
import io.monocoque.zmq.wire.ZmtpProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * What a peer has sent that is not decoded yet: an incomplete frame, or frames held back while
 * the socket is full. It grows only by what arrives, doubling (in {@code long} arithmetic, capped
 * at the largest buffer Netty can make) so that a frame of n bytes costs O(n) copying in all
 * however it trickles in, and never by a length the peer announced.
 */
final class InputBuffer {

    /** The largest buffer ever made: Netty's (and the JVM's) ceiling for one array. */
    static final long CEILING = Integer.MAX_VALUE - 8;

    private final SessionIo io;
    /** The buffer held: retained, released and replaced as this one. */
    private ByteBuf buf;
    /** What decoding reads: {@link #buf}, or the buffer it forwards to ({@link TrackedBuffers#inner}). */
    private ByteBuf view;

    /** @param io whose allocator makes the bigger buffers (asked each time: it may not be ready yet) */
    InputBuffer(SessionIo io) {
        this.io = io;
    }

    /**
     * Appends what a read brought, taking ownership of {@code in}.
     *
     * @throws ZmtpProtocolException when more than {@link #CEILING} bytes would be held undecoded
     */
    void append(ByteBuf in) {
        if (buf == null) {
            hold(in);
            return;
        }
        try {
            int needed = in.readableBytes();
            if (view.writableBytes() < needed || buf.refCnt() > 1 || buf.isReadOnly()) {
                grow(needed);
            }
            view.writeBytes(in);
        } finally {
            in.release();
        }
    }

    private void grow(int needed) {
        long want = (long) view.readableBytes() + needed;
        if (want > CEILING) {
            throw ZmtpProtocolException.oversize("peer sent more than " + CEILING + " bytes that do not complete a frame");
        }
        long capacity = Math.max(want, Math.min(2L * view.capacity(), CEILING));
        ByteBuf bigger = io.alloc().buffer((int) capacity);
        bigger.writeBytes(view);
        buf.release();
        hold(bigger);
    }

    private void hold(ByteBuf b) {
        buf = b;
        view = TrackedBuffers.inner(b);
    }

    /**
     * The undecoded bytes (readable), or {@code null} when there are none: possibly the buffer a
     * leak tracker forwards to, so read it but never retain it or a slice of it
     * ({@link TrackedBuffers}).
     */
    ByteBuf bytes() {
        return view;
    }

    /** The memory held, in bytes. */
    long capacity() {
        return buf == null ? 0 : buf.capacity();
    }

    boolean isReadable() {
        return view != null && view.isReadable();
    }

    /** After decoding: gives back what was consumed, the whole buffer when nothing is left. */
    void compact() {
        if (buf == null) {
            return;
        }
        if (!view.isReadable()) {
            release();
        } else {
            view.discardSomeReadBytes();
        }
    }

    void release() {
        if (buf != null) {
            buf.release();
            buf = null;
            view = null;
        }
    }
}
