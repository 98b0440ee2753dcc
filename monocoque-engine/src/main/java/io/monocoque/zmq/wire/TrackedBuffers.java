package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;

/**
 * Keeps the hot encode and decode call sites to one buffer class while Netty's leak detector
 * samples buffers.
 *
 * <p>The detector wraps a sample of the buffers an allocator makes (one in 128 at its default
 * level, every one when paranoid) in a tracking class that forwards to the buffer it wraps. A call
 * site that the JIT compiler has seen reach only the plain class is compiled for that class alone;
 * the first sampled buffer to reach it throws the compiled code away, and it is compiled again for
 * both, once for every such site: several recompilations of the largest hot methods while a
 * connection warms up (counted with JFR's {@code jdk.Deoptimization} events, "class_check").
 *
 * <p>{@link #inner} gives the buffer the tracker forwards to, which has the same contents and the
 * same reader and writer indices. Read and write through it; retain, release and hand on only the
 * buffer the allocator returned, so that the tracker still sees every reference and its last
 * release. A slice or duplicate of the inner buffer must not be retained: its release would
 * bypass the tracker, which would then report a leak that is not one.
 */
public final class TrackedBuffers {

    /** The detector's wrapper classes for a plain buffer (package-private in Netty, found by name). */
    private static final Class<?> SIMPLE = wrapperClass("io.netty.buffer.SimpleLeakAwareByteBuf");
    private static final Class<?> ADVANCED = wrapperClass("io.netty.buffer.AdvancedLeakAwareByteBuf");

    private TrackedBuffers() {
    }

    /** {@code buf} itself, or when it is a leak tracker's wrapper, the buffer it forwards to. */
    public static ByteBuf inner(ByteBuf buf) {
        Class<?> c = buf.getClass();
        if (c == SIMPLE || c == ADVANCED) {
            ByteBuf inner = buf.unwrap();
            if (inner != null) {
                return inner;
            }
        }
        return buf;
    }

    private static Class<?> wrapperClass(String name) {
        try {
            return Class.forName(name, false, ByteBuf.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            // A Netty without that class: nothing is wrapped in it, and the checks above never match.
            return Void.class;
        }
    }
}
