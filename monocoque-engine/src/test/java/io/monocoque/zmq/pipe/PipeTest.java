package io.monocoque.zmq.pipe;

import io.monocoque.zmq.PeerInfo;
import io.monocoque.zmq.ZmqMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PipeTest {

    private static final PeerInfo PEER = new PeerInfo(Map.of("Socket-Type", "PUSH".getBytes()), "tcp://127.0.0.1:4242", null);

    @Test
    void aBareFrameIsReadBackAsTheSameArrayOrAsAMessageFromThePeer() {
        Pipe[] pair = Pipe.pair(10, 10);
        Pipe writer = pair[0];
        Pipe reader = pair[1];
        reader.setPeerInfo(PEER);
        byte[] first = {1, 2, 3};
        byte[] second = {4};
        writer.write(first);
        writer.write(second);

        assertThat(Pipes.read(reader).array()).isSameAs(first);
        ZmqMessage m = reader.read();
        assertThat(m.size()).isEqualTo(1);
        assertThat(m.frame(0)).isEqualTo(second);
        assertThat(m.peer()).isSameAs(PEER);
        assertThat(reader.read(new Msg())).isFalse();
    }

    @Test
    void aBareFrameWithoutAKnownPeerBecomesALocalMessage() {
        Pipe[] pair = Pipe.pair(10, 10);
        pair[0].write(new byte[] {7});
        ZmqMessage m = pair[1].read();
        assertThat(m.peer()).isSameAs(PeerInfo.NONE);
        assertThat(m.frame(0)).containsExactly(7);
    }

    @Test
    void messagesKeepTheirOrderWhateverFormTheyWereWrittenIn() {
        Pipe[] pair = Pipe.pair(0, 0);
        pair[0].write(new byte[] {1});
        pair[0].write(ZmqMessage.of(new byte[] {2}, new byte[] {3}));
        pair[0].write(new byte[] {4});
        assertThat(pair[1].read().frame(0)).containsExactly(1);
        assertThat(Pipes.read(pair[1]).form()).isEqualTo(Msg.MESSAGE);
        assertThat(Pipes.read(pair[1]).array()).containsExactly(4);
    }

    @Test
    void bareFramesCountTowardsTheHighWaterMarkAndReadingThemFreesRoom() {
        Pipe[] pair = Pipe.pair(2, 2);
        Pipe writer = pair[0];
        Pipe reader = pair[1];
        assertThat(writer.checkWrite()).isTrue();
        writer.write(new byte[1]);
        assertThat(writer.checkWrite()).isTrue();
        writer.write(new byte[1]);
        assertThat(writer.checkWrite()).isFalse();
        assertThat(writer.pendingOut()).isEqualTo(2);

        assertThat(reader.read(new Msg())).isTrue();
        assertThat(reader.read(new Msg())).isTrue();
        assertThat(reader.readBatchDone()).as("the blocked writer is owed a wake-up").isTrue();
        assertThat(writer.checkWrite()).isTrue();
        assertThat(reader.discardUnread()).isZero();
    }

    @Test
    void aReaderKnowsItsWriterWasHeldBackByTheHighWaterMarkUntilAMarksWorthHasBeenReadSince() {
        Pipe[] pair = Pipe.pair(4, 4);
        Pipe writer = pair[0];
        Pipe reader = pair[1];
        for (int i = 0; i < 3; i++) {
            assertThat(writer.checkWrite()).isTrue();
            writer.write(new byte[] {(byte) i});
            assertThat(reader.read(new Msg())).isTrue();
        }
        assertThat(reader.writerHeldBackLately()).as("messages that never fill the pipe").isFalse();
        while (writer.checkWrite()) {
            writer.write(new byte[1]);
        }
        assertThat(reader.writerHeldBackLately()).as("the writer is held back right now").isTrue();
        while (reader.read(new Msg())) {
            assertThat(reader.writerHeldBackLately()).as("what the stream left in the pipe").isTrue();
        }
        reader.readBatchDone();
        for (int i = 0; i < 4; i++) {
            assertThat(reader.writerHeldBackLately()).as("%d messages sent since", i).isTrue();
            assertThat(writer.checkWrite()).isTrue();
            writer.write(new byte[1]);
            assertThat(reader.read(new Msg())).isTrue();
        }
        // A high-water mark's worth of messages sent since, none of which filled the pipe.
        assertThat(reader.writerHeldBackLately()).isFalse();
        assertThat(Pipe.pair(0, 0)[1].writerHeldBackLately()).as("no high-water mark").isFalse();
    }

    @Test
    void eachMessageIsTakenByValueInTheFormItWasWrittenAndPeekingTakesNothing() {
        Pipe[] pair = Pipe.pair(0, 0);
        Pipe writer = pair[0];
        Pipe reader = pair[1];
        byte[] array = {1};
        ByteBuf pooled = Unpooled.buffer(2).writeByte(2).writeByte(3);
        ZmqMessage message = ZmqMessage.of("a", "b");
        writer.write(array);
        writer.write(pooled);
        writer.write(message);

        assertThat(reader.nextForm()).isEqualTo(Msg.ARRAY);
        assertThat(reader.nextForm()).as("asking again takes nothing").isEqualTo(Msg.ARRAY);
        assertThat(writer.pendingOut()).isEqualTo(3);
        assertThat(reader.readArray()).isSameAs(array);
        assertThat(writer.pendingOut()).isEqualTo(2);
        assertThat(reader.nextForm()).isEqualTo(Msg.POOLED);
        assertThat(reader.readPooled()).isSameAs(pooled);
        pooled.release();
        assertThat(reader.nextForm()).isEqualTo(Msg.MESSAGE);
        assertThat(reader.peekMessage()).isSameAs(message);
        assertThat(reader.readMessage()).isSameAs(message);
        assertThat(writer.pendingOut()).isZero();

        assertThat(reader.nextForm()).isEqualTo(Msg.NONE);
        writer.write(new byte[] {4});
        assertThat(writer.flush()).as("a reader that found nothing sleeps until the next write wakes it").isTrue();
    }
}
