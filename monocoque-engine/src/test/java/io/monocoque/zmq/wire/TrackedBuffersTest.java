package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TrackedBuffers#inner}: the buffer a leak tracker forwards to, and nothing else unwrapped. */
class TrackedBuffersTest {

    @Test
    void aTrackedBufferGivesTheBufferItForwardsToWithTheSameIndices() {
        assertThat(ResourceLeakDetector.getLevel()).as("the test JVMs run the detector at PARANOID")
                .isEqualTo(ResourceLeakDetector.Level.PARANOID);
        ByteBuf tracked = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        try {
            ByteBuf inner = TrackedBuffers.inner(tracked);
            assertThat(inner).as("a Netty that renamed its tracker classes needs TrackedBuffers updated")
                    .isNotSameAs(tracked);
            assertThat(inner.getClass().getSimpleName()).doesNotContain("LeakAware");
            inner.writeInt(42);
            tracked.writeByte(7);
            assertThat(tracked.writerIndex()).isEqualTo(5);
            assertThat(inner.writerIndex()).isEqualTo(5);
            assertThat(tracked.readInt()).isEqualTo(42);
            assertThat(inner.readerIndex()).isEqualTo(4);
            assertThat(inner.refCnt()).isEqualTo(tracked.refCnt());
        } finally {
            assertThat(tracked.release()).as("released through the tracker, which sees the last reference go").isTrue();
        }
    }

    @Test
    void anUntrackedBufferIsItsOwnInner() {
        ByteBuf plain = Unpooled.wrappedBuffer(new byte[16]); // a wrapped array is never tracked
        assertThat(TrackedBuffers.inner(plain)).isSameAs(plain);
    }

    @Test
    void aSliceIsNotUnwrappedToItsParentWhoseIndicesDiffer() {
        ByteBuf parent = PooledByteBufAllocator.DEFAULT.directBuffer(64).writeZero(64);
        try {
            ByteBuf slice = TrackedBuffers.inner(parent).slice(8, 16);
            assertThat(TrackedBuffers.inner(slice)).isSameAs(slice);
            ByteBuf trackedSlice = parent.retainedSlice(8, 16);
            try {
                ByteBuf inner = TrackedBuffers.inner(trackedSlice);
                assertThat(inner.readableBytes()).isEqualTo(16);
                assertThat(inner.capacity()).isEqualTo(16);
            } finally {
                trackedSlice.release();
            }
        } finally {
            parent.release();
        }
    }
}
