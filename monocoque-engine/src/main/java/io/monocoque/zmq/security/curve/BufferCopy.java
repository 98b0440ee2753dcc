package io.monocoque.zmq.security.curve;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * Copies between a {@link ByteBuf} without a backing array (a direct buffer) and a scratch array
 * without allocating.
 *
 * <p>Why not {@link ByteBuf#getBytes(int, byte[], int, int)}: where Netty cannot use
 * {@code sun.misc.Unsafe} (its default from JDK 24 on), a direct buffer's {@code getBytes} and
 * {@code setBytes} go through a fresh {@link ByteBuffer#duplicate()} per call, and whether the
 * JIT's escape analysis removes that object differs from one run to the next (measured on
 * Temurin 25: 448 B per 6 KB CURVE round trip in most runs, 0 in some; never on JDK 17, where
 * Netty uses Unsafe). {@link ByteBuf#internalNioBuffer(int, int)} hands out the buffer's own
 * cached NIO view instead, and the absolute bulk {@code get}/{@code put} of {@link ByteBuffer}
 * leave its position alone. That view is not thread-safe, which is fine here: a cipher and the
 * buffers it works on belong to one connection's event loop.
 */
final class BufferCopy {

    private BufferCopy() {
    }

    /** {@code dst[dstIndex..dstIndex+len] = src[index..index+len]}; src's indices are left alone. */
    static void get(ByteBuf src, int index, byte[] dst, int dstIndex, int len) {
        if (src.nioBufferCount() == 1) {
            ByteBuffer view = src.internalNioBuffer(index, len);
            view.get(view.position(), dst, dstIndex, len);
        } else {
            src.getBytes(index, dst, dstIndex, len);
        }
    }

    /** {@code dst[index..index+len] = src[srcIndex..srcIndex+len]}; dst's indices are left alone. */
    static void set(ByteBuf dst, int index, byte[] src, int srcIndex, int len) {
        if (dst.nioBufferCount() == 1) {
            ByteBuffer view = dst.internalNioBuffer(index, len);
            view.put(view.position(), src, srcIndex, len);
        } else {
            dst.setBytes(index, src, srcIndex, len);
        }
    }
}
