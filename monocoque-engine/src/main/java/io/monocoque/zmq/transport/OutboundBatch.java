package io.monocoque.zmq.transport;

import io.monocoque.zmq.wire.TrackedBuffers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The buffer an I/O thread encodes outgoing frames into, shared by every connection on that
 * thread. A connection appends its frames and hands them to its channel as a slice
 * ({@link #emit}); once every slice of a buffer has been written (only this arena's reference is
 * left), the buffer is reused from the start. So a steady stream allocates no buffers, and the
 * memory held does not grow with the number of connections: two buffers per I/O thread, plus
 * whatever is still being written.
 *
 * <p>Used only on its own I/O thread, and only within one connection's drain at a time: a
 * connection emits what it appended before its drain returns.
 */
final class OutboundBatch {

    /** The size of each buffer; a frame larger than this gets a buffer of its own, used once. */
    static final int BUFFER_SIZE = 256 * 1024;

    private static final FastThreadLocal<OutboundBatch> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected OutboundBatch initialValue() {
            return new OutboundBatch();
        }

        @Override
        protected void onRemoval(OutboundBatch batch) {
            batch.release();
        }
    };

    /** The buffer being filled: retained, sliced and released as the allocator made it. */
    private ByteBuf current;
    /**
     * What frames are written into: {@link #current}, or the buffer it forwards to when Netty's
     * leak detector sampled it ({@link TrackedBuffers}), so that the encoders' call sites see one
     * buffer class.
     */
    private ByteBuf currentInner;
    /** The previous buffer, reused when the current one fills up and this one has been written. */
    private ByteBuf spare;
    /** Where the part of {@link #current} not yet handed to a channel starts. */
    private int start;

    private OutboundBatch() {
    }

    /** The calling I/O thread's arena. */
    static OutboundBatch get() {
        return PER_THREAD.get();
    }

    /**
     * Starts a connection's drain: bytes a previous drain appended but never emitted (it ended in
     * an exception) are dropped, so they cannot reach another connection's channel.
     */
    OutboundBatch begin() {
        ByteBuf b = currentInner;
        if (b != null && b.writerIndex() != start) {
            b.writerIndex(start);
        }
        return this;
    }

    /**
     * A buffer with at least {@code bytes} writable at its writer index, switching buffers when
     * the current one is full (what {@code ctx}'s channel has not been handed yet is emitted to it
     * first).
     */
    ByteBuf room(ChannelHandlerContext ctx, int bytes) {
        ByteBuf b = currentInner;
        if (b != null) {
            if (b.writableBytes() >= bytes) {
                return b;
            }
            emit(ctx);
            if (b.refCnt() == 1 && b.capacity() >= bytes) {
                // Everything handed over from it has been written: start again at the front.
                b.clear();
                start = 0;
                return b;
            }
            ByteBuf s = spare;
            if (b.capacity() == BUFFER_SIZE) {
                spare = current;
            } else {
                spare = null;
                current.release(); // a one-off buffer for a large frame: freed once written
            }
            if (s != null) {
                if (s.refCnt() == 1 && s.capacity() >= bytes) {
                    s.clear();
                    return use(s);
                }
                s.release(); // still being written, or too small: its channel frees it when done
            }
        }
        return use(allocator(ctx).directBuffer(Math.max(BUFFER_SIZE, bytes)));
    }

    /** Makes {@code b} (empty) the buffer being filled; returns what to write into. */
    private ByteBuf use(ByteBuf b) {
        current = b;
        currentInner = TrackedBuffers.inner(b);
        start = 0;
        return currentInner;
    }

    /** Hands what was appended since the last hand-over to {@code ctx}'s channel, as a slice. */
    void emit(ChannelHandlerContext ctx) {
        ByteBuf b = currentInner;
        if (b != null && b.writerIndex() > start) {
            // The slice is taken from the allocator's buffer, so a leak tracker sees its release.
            ctx.write(current.retainedSlice(start, b.writerIndex() - start), ctx.voidPromise());
            start = b.writerIndex();
        }
    }

    /** Lets go of both buffers (the I/O thread is ending); slices being written keep theirs. */
    private void release() {
        if (current != null) {
            current.release();
            current = null;
            currentInner = null;
        }
        if (spare != null) {
            spare.release();
            spare = null;
        }
        start = 0;
    }

    private static ByteBufAllocator allocator(ChannelHandlerContext ctx) {
        return ctx.alloc();
    }
}
