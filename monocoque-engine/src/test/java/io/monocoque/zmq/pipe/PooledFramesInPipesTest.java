package io.monocoque.zmq.pipe;

import io.monocoque.zmq.ZmqMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A pooled frame in a pipe is released exactly once, whichever way it leaves the pipe. */
class PooledFramesInPipesTest {

    private final List<ByteBuf> made = new ArrayList<>();

    private ByteBuf frame(int size, int fill) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(size, size);
        for (int i = 0; i < size; i++) {
            b.writeByte(fill + i);
        }
        made.add(b);
        return b;
    }

    private void assertAllReleased() {
        assertThat(made).allSatisfy(b -> assertThat(b.refCnt()).as("reference count").isZero());
    }

    @Test
    void aPooledFrameIsReadRawAsItselfAndReadAsAMessageOfItsBytesReleased() {
        Pipe[] pair = Pipe.pair(10, 10);
        ByteBuf first = frame(16, 1);
        ByteBuf second = frame(16, 2);
        pair[0].write(first);
        pair[0].write(second);

        Msg raw = Pipes.read(pair[1]);
        assertThat(raw.form()).isEqualTo(Msg.POOLED);
        assertThat(raw.pooled()).isSameAs(first);
        assertThat(first.refCnt()).as("the reader owns it now").isEqualTo(1);
        ZmqMessage m = pair[1].read();
        assertThat(m.size()).isEqualTo(1);
        assertThat(m.frame(0)).hasSize(16).startsWith((byte) 2, (byte) 3);
        assertThat(second.refCnt()).isZero();
        first.release();
        assertAllReleased();
    }

    @Test
    void pooledFramesCountTowardsTheHighWaterMarkLikeAnyMessage() {
        Pipe[] pair = Pipe.pair(2, 2);
        pair[0].write(frame(8, 0));
        pair[0].write(frame(8, 0));
        assertThat(pair[0].checkWrite()).isFalse();
        assertThat(pair[1].discardUnread()).isEqualTo(2);
        assertAllReleased();
    }

    @Test
    void discardingUnreadMessagesReleasesPooledFrames() {
        Pipe[] pair = Pipe.pair(0, 0);
        pair[0].write(frame(32, 0));
        pair[0].write(new byte[] {1});
        pair[0].write(frame(32, 0));
        assertThat(pair[1].discardUnread()).isEqualTo(3);
        assertAllReleased();
    }

    @Test
    void theSecondEndToTerminateReleasesWhatIsLeftUnreadInEitherDirection() {
        Pipe[] pair = Pipe.pair(0, 0);
        pair[0].write(frame(64, 0)); // for pair[1]
        pair[1].write(frame(64, 0)); // for pair[0]
        pair[1].write(ZmqMessage.of("a", "b"));

        pair[0].terminate();
        assertThat(made).as("the other end may still read what was written to it")
                .allSatisfy(b -> assertThat(b.refCnt()).isEqualTo(1));
        pair[1].terminate();
        assertAllReleased();
    }

    @Test
    void aTerminatedEndsPeerStillReadsItsPooledFramesFirst() {
        Pipe[] pair = Pipe.pair(0, 0);
        ByteBuf f = frame(64, 0);
        pair[0].write(f);
        pair[0].terminate();
        Msg m = Pipes.read(pair[1]);
        assertThat(m.pooled()).isSameAs(f);
        m.release();
        pair[1].terminate();
        assertAllReleased();
    }

    @Test
    void aConflatingPipeTakesAPooledFrameAsItsBytesSoThatAReplacedOneNeedsNoRelease() {
        Pipe[] pair = Pipe.pair(0, 0, new Conflation(false, true));
        Pipe socketEnd = pair[0];
        Pipe connectionEnd = pair[1];
        connectionEnd.write(frame(16, 1));
        connectionEnd.write(frame(16, 7));
        assertAllReleased();
        Msg m = Pipes.read(socketEnd);
        assertThat(m.form()).isEqualTo(Msg.ARRAY);
        assertThat(m.array()).hasSize(16).startsWith((byte) 7);
        assertThat(Pipes.read(socketEnd)).isNull();
    }

    @Test
    void releasingAMsgReleasesItsPooledFrameOnceAndEmptiesIt() {
        ByteBuf f = frame(4, 0);
        Msg m = new Msg().setPooled(f);
        m.release();
        assertThat(m.isEmpty()).isTrue();
        m.release();
        assertAllReleased();
    }
}
