package io.monocoque.zmq;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;

/**
 * One message frame in memory the engine manages (pooled, direct for large frames), for moving
 * large payloads without a heap copy: {@link ZmqSocket#receiveBuffer()} hands one out,
 * {@link ZmqSocket#allocateBuffer(int)} makes one to fill and {@link ZmqSocket#sendBuffer}
 * sends it. Unlike a {@code byte[]}, it must be given back: {@link #close()} releases its memory
 * to the pool, so use it in a try-with-resources block.
 *
 * <pre>{@code
 * try (ZmqBuffer frame = pull.receiveBuffer()) {
 *     channel.write(frame.byteBuffer());   // e.g. straight to a file, no byte[] in between
 * }
 * }</pre>
 *
 * <p>{@link #close()} is idempotent. Any other method on a closed buffer, or on one that was
 * sent (sending passes it to the socket, which closes it for the caller), fails with an
 * {@link IllegalStateException}. A {@link ByteBuffer} obtained from {@link #byteBuffer()} is a
 * view of the same memory: do not use it after the buffer is closed or sent, as that memory
 * then holds other messages.
 *
 * <p>Not thread-safe: one thread uses a buffer at a time (handing it to another thread through
 * a queue or a lock is fine).
 */
public final class ZmqBuffer implements AutoCloseable {

    private ByteBuf buf;
    private final boolean writable;
    /** Why {@link #buf} is gone: {@code "closed"} or {@code "sent"}; null while it is there. */
    private String gone;

    ZmqBuffer(ByteBuf buf, boolean writable) {
        this.buf = buf;
        this.writable = writable;
    }

    /** A received frame: read-only. */
    static ZmqBuffer received(ByteBuf frame) {
        return new ZmqBuffer(frame, false);
    }

    /** The frame's size in bytes. */
    public int size() {
        return open().readableBytes();
    }

    /**
     * The frame's bytes as a {@link ByteBuffer} view of this buffer's memory, position 0 and limit
     * {@link #size()}, a new view per call. Read-only for a received frame; writable for one from
     * {@link ZmqSocket#allocateBuffer(int)}, whose bytes are whatever the memory held before
     * (they are not cleared, as libzmq's {@code zmq_msg_init_size} does not clear them): write
     * all of them before sending.
     */
    public ByteBuffer byteBuffer() {
        ByteBuf b = open();
        ByteBuffer view = b.nioBuffer(b.readerIndex(), b.readableBytes());
        return writable ? view : view.asReadOnlyBuffer();
    }

    /** A copy of the frame's bytes. */
    public byte[] toByteArray() {
        ByteBuf b = open();
        byte[] bytes = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), bytes);
        return bytes;
    }

    /** Whether the buffer can still be used: neither closed nor sent. */
    public boolean isOpen() {
        return buf != null;
    }

    /** Gives the memory back to the pool; does nothing when the buffer is closed or sent already. */
    @Override
    public void close() {
        ByteBuf b = buf;
        if (b != null) {
            buf = null;
            gone = "closed";
            b.release();
        }
    }

    /** For sending: takes the memory out of this buffer, which then counts as sent. */
    ByteBuf handOver() {
        ByteBuf b = open();
        buf = null;
        gone = "sent";
        return b;
    }

    /** A send that did not happen (timeout, error) gives the memory back to its owner. */
    void takeBack(ByteBuf b) {
        buf = b;
        gone = null;
    }

    private ByteBuf open() {
        ByteBuf b = buf;
        if (b == null) {
            throw new IllegalStateException("this ZmqBuffer was " + gone + " and cannot be used any more");
        }
        return b;
    }

    @Override
    public String toString() {
        ByteBuf b = buf;
        return b == null ? "ZmqBuffer[" + gone + "]" : "ZmqBuffer[" + b.readableBytes() + " bytes]";
    }
}
