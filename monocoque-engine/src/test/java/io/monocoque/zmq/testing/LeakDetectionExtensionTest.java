package io.monocoque.zmq.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeakDetectionExtensionTest {

    @Test
    void anUnreleasedBufferIsReportedAsALeak() throws Exception {
        LeakDetectionExtension.collectLeaks();
        leak();
        assertThat(LeakDetectionExtension.collectLeaks()).anySatisfy(l -> assertThat(l).contains("LEAK"));
    }

    @Test
    void aReleasedBufferIsNotReported() throws Exception {
        LeakDetectionExtension.collectLeaks();
        ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(64);
        b.writeInt(42);
        b.release();
        assertThat(LeakDetectionExtension.collectLeaks()).isEmpty();
    }

    private static void leak() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(64);
        b.writeInt(42);
    }
}
