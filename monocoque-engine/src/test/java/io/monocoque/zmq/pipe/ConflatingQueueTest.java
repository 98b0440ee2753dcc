package io.monocoque.zmq.pipe;

import io.monocoque.zmq.ZmqMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ConflatingQueueTest {

    @Test
    void offeringReplacesWhatWasNotTakenAndSaysSo() {
        ConflatingQueue q = new ConflatingQueue();
        assertThat(q.isEmpty()).isTrue();
        byte[] b = {2};
        assertThat(q.offerArray(new byte[] {1})).isTrue();
        assertThat(q.offerArray(b)).as("replaced the first").isFalse();
        assertThat(q.hasNext()).isTrue();
        Msg m = new Msg();
        assertThat(PipeQueue.poll(q, m)).isTrue();
        assertThat(m.array()).isSameAs(b);
        assertThat(PipeQueue.poll(q, m)).isFalse();
        assertThat(q.offerMessage(ZmqMessage.of("c"))).isTrue();
    }

    @Test
    void anElementPeekedAtIsTheOneTakenEvenIfTheProducerReplacesItMeanwhile() {
        ConflatingQueue q = new ConflatingQueue();
        byte[] first = {1};
        q.offerArray(first);
        assertThat(q.peekForm()).isEqualTo(Msg.ARRAY);
        ZmqMessage newer = ZmqMessage.of("newer");
        assertThat(q.offerMessage(newer)).as("the peeked one is the consumer's already").isTrue();
        assertThat(q.hasNext()).isTrue();
        assertThat(q.pollArray()).isSameAs(first);
        assertThat(q.peekForm()).isEqualTo(Msg.MESSAGE);
        assertThat(q.peekMessage()).isSameAs(newer);
        assertThat(q.pollMessage()).isSameAs(newer);
        assertThat(q.peekForm()).isEqualTo(Msg.NONE);
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void aReplacedPooledFrameIsReleased() {
        ConflatingQueue q = new ConflatingQueue();
        ByteBuf first = Unpooled.buffer(1).writeByte(1);
        q.offerPooled(first);
        q.offerArray(new byte[] {2});
        assertThat(first.refCnt()).isZero();
    }

    @Test
    void aConsumerRacingAProducerSeesRisingValuesAndEndsWithTheLast() throws Exception {
        ConflatingQueue q = new ConflatingQueue();
        int count = 1_000_000;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                q.offerArray(ByteBuffer.allocate(4).putInt(i).array());
            }
        });
        producer.start();
        int last = -1;
        Msg m = new Msg();
        while (last != count - 1) {
            if (PipeQueue.poll(q, m)) {
                int v = ByteBuffer.wrap(m.array()).getInt();
                if (v <= last) {
                    failure.set(new AssertionError(v + " after " + last));
                    break;
                }
                last = v;
            } else if (!producer.isAlive() && q.isEmpty()) {
                break;
            }
        }
        producer.join();
        assertThat(failure.get()).isNull();
        assertThat(last).isEqualTo(count - 1);
    }

    @Test
    void aConflatedPipeKeepsTheLastFrameOfTheNewestMessageAndCountsOneQueued() {
        Pipe[] pair = Pipe.pair(1, 1, new Conflation(true, false));
        Pipe socketEnd = pair[0];
        for (int i = 0; i < 10; i++) {
            assertThat(socketEnd.checkWrite()).as("no high-water mark").isTrue();
            socketEnd.write(ZmqMessage.of("topic", "v" + i));
        }
        assertThat(socketEnd.pendingOut()).isEqualTo(1);
        ZmqMessage m = pair[1].read();
        assertThat(m.size()).isEqualTo(1);
        assertThat(m.frameString(0)).isEqualTo("v9");
        assertThat(pair[1].read()).isNull();
        assertThat(socketEnd.pendingOut()).isZero();

        // The other direction is not conflated and keeps its high-water mark.
        pair[1].write(ZmqMessage.of("s1"));
        assertThat(pair[1].checkWrite()).isFalse();
        pair[1].write(ZmqMessage.of("s2"));
        assertThat(socketEnd.read().frameString(0)).isEqualTo("s1");
        assertThat(socketEnd.read().frameString(0)).isEqualTo("s2");
    }
}
