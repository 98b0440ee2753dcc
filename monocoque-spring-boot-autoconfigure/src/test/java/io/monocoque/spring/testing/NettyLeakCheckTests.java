package io.monocoque.spring.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;

import org.junit.jupiter.api.Test;

class NettyLeakCheckTests {

    @Test
    void aBufferCollectedWithoutReleaseIsReported() throws InterruptedException {
        leakOne();
        assertThat(NettyLeakCheck.drain()).anySatisfy(report -> assertThat(report).contains("leaked"));
    }

    @Test
    void releasedBuffersAreNotReported() throws InterruptedException {
        NettyLeakCheck.drain();
        ByteBuf buf = UnpooledByteBufAllocator.DEFAULT.directBuffer(16);
        buf.writeInt(42);
        buf.release();
        assertThat(NettyLeakCheck.drain()).isEmpty();
    }

    private static void leakOne() {
        ByteBuf leaked = UnpooledByteBufAllocator.DEFAULT.directBuffer(16);
        leaked.writeInt(7);
    }
}
