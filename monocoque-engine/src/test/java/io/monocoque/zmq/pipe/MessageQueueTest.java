package io.monocoque.zmq.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.zmq.ZmqMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MessageQueueTest {

    private static final int CHUNK = MessageQueue.CHUNK_SIZE;

    @Test
    void newQueueIsEmpty() {
        MessageQueue queue = new MessageQueue();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.hasNext()).isFalse();
        Msg m = new Msg();
        assertThat(PipeQueue.poll(queue, m)).isFalse();
        assertThat(m.isEmpty()).as("untouched").isTrue();
    }

    @Test
    void pollReturnsElementsInOfferOrderAcrossChunkBoundaries() {
        MessageQueue queue = new MessageQueue();
        int count = 3 * CHUNK + 7;
        for (int i = 0; i < count; i++) {
            offer(queue, i);
        }
        for (int i = 0; i < count; i++) {
            assertThat(poll(queue)).isEqualTo(i);
        }
        assertThat(poll(queue)).isNull();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void elementsAreVisibleAsSoonAsOfferReturnsAtEveryPosition() {
        MessageQueue queue = new MessageQueue();
        for (int i = 0; i < 3 * CHUNK; i++) {
            offer(queue, i);
            assertThat(queue.isEmpty()).isFalse();
            assertThat(queue.hasNext()).isTrue();
            assertThat(poll(queue)).isEqualTo(i);
            assertThat(poll(queue)).isNull();
        }
    }

    @Test
    void hasNextSaysWhetherAnElementWaitsWithoutTakingIt() {
        MessageQueue queue = new MessageQueue();
        offer(queue, 1);
        offer(queue, 2);
        assertThat(queue.hasNext()).isTrue();
        assertThat(poll(queue)).isEqualTo(1);
        assertThat(queue.hasNext()).isTrue();
        assertThat(poll(queue)).isEqualTo(2);
        assertThat(queue.hasNext()).isFalse();
    }

    @Test
    void hasNextAtTheEndOfAChunkSeesTheFirstElementOfTheNext() {
        MessageQueue queue = new MessageQueue();
        for (int i = 0; i < CHUNK; i++) {
            offer(queue, i);
        }
        for (int i = 0; i < CHUNK; i++) {
            poll(queue);
        }
        assertThat(queue.hasNext()).isFalse(); // chunk used up, nothing linked yet
        offer(queue, CHUNK);
        assertThat(queue.hasNext()).isTrue();
        assertThat(poll(queue)).isEqualTo(CHUNK);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void offerRejectsNull() {
        MessageQueue queue = new MessageQueue();
        assertThatThrownBy(() -> queue.offerArray(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> queue.offerPooled(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> queue.offerMessage(null)).isInstanceOf(NullPointerException.class);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void eachElementComesOutInTheFormItWentInAcrossChunksAndRecycledChunks() {
        MessageQueue queue = new MessageQueue();
        Msg m = new Msg();
        for (int round = 0; round < 4; round++) {
            int count = 2 * CHUNK + 5;
            List<ByteBuf> pooled = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                switch (i % 3) {
                    case 0 -> queue.offerArray(bytes(i));
                    case 1 -> {
                        ByteBuf b = Unpooled.buffer(4).writeInt(i);
                        pooled.add(b);
                        queue.offerPooled(b);
                    }
                    default -> queue.offerMessage(ZmqMessage.wrap(bytes(i), bytes(-i)));
                }
            }
            for (int i = 0; i < count; i++) {
                assertThat(PipeQueue.poll(queue, m)).isTrue();
                switch (i % 3) {
                    case 0 -> assertThat(m.form()).isEqualTo(Msg.ARRAY);
                    case 1 -> {
                        assertThat(m.form()).isEqualTo(Msg.POOLED);
                        assertThat(m.pooled()).isSameAs(pooled.get(i / 3));
                    }
                    default -> {
                        assertThat(m.form()).isEqualTo(Msg.MESSAGE);
                        assertThat(m.message().size()).isEqualTo(2);
                    }
                }
                assertThat(value(m)).isEqualTo(i);
                m.release();
            }
            assertThat(PipeQueue.poll(queue, m)).isFalse();
            assertThat(pooled).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        }
    }

    @Test
    void clearDropsEverythingReleasingPooledFramesAndReportsHowMany() {
        MessageQueue queue = new MessageQueue();
        for (int i = 0; i < CHUNK + 10; i++) {
            offer(queue, i);
        }
        poll(queue);
        assertThat(queue.clear()).isEqualTo(CHUNK + 9);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.clear()).isZero();
        offer(queue, 99);
        assertThat(poll(queue)).isEqualTo(99);
        ByteBuf b = Unpooled.buffer(1).writeByte(1);
        queue.offerPooled(b);
        assertThat(queue.clear()).isEqualTo(1);
        assertThat(b.refCnt()).isZero();
    }

    @Test
    void aQueueThatCarriedLittleHoldsOnlyItsSmallFirstChunk() {
        MessageQueue queue = new MessageQueue();
        int carried = 0;
        while (carried < MessageQueue.FIRST_CHUNK_SIZE) {
            offer(queue, carried++);
            offer(queue, carried++);
            assertThat(poll(queue)).isEqualTo(carried - 2);
            assertThat(poll(queue)).isEqualTo(carried - 1);
        }
        assertThat(queue.chunkAllocations).as("after %d messages", carried).isEqualTo(1);
        offer(queue, carried);
        assertThat(queue.chunkAllocations).as("one message past the first chunk").isEqualTo(2);
        assertThat(poll(queue)).isEqualTo(carried);
    }

    @Test
    void steadyStateTrafficRecyclesChunksInsteadOfAllocating() {
        MessageQueue queue = new MessageQueue();
        // Bursts smaller than a chunk, at an odd size so they straddle chunk boundaries often.
        int burst = CHUNK / 2 + 3;
        for (int round = 0; round < 1_000; round++) {
            for (int i = 0; i < burst; i++) {
                offer(queue, i);
            }
            for (int i = 0; i < burst; i++) {
                assertThat(poll(queue)).isEqualTo(i);
            }
        }
        // The small first chunk, then two full ones: from then on the two take turns via the spares.
        assertThat(queue.chunkAllocations).isEqualTo(3);
    }

    @Test
    void aBacklogOfAFullPipeRecyclesItsChunksToo() {
        MessageQueue queue = new MessageQueue();
        // About what a pipe at the default high-water mark (1,000) holds: several chunks at once.
        int burst = 1_000;
        for (int round = 0; round < 1_000; round++) {
            for (int i = 0; i < burst; i++) {
                offer(queue, i);
            }
            for (int i = 0; i < burst; i++) {
                assertThat(poll(queue)).isEqualTo(i);
            }
        }
        // The chunks of the first round, and from then on the same ones again.
        assertThat(queue.chunkAllocations).isLessThanOrEqualTo(MessageQueue.SPARES + 3);
    }

    @Test
    void aLongBacklogLetsGoOfTheChunksBeyondTheSpares() {
        MessageQueue queue = new MessageQueue();
        int burst = 20 * CHUNK;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < burst; i++) {
                offer(queue, i);
            }
            for (int i = 0; i < burst; i++) {
                assertThat(poll(queue)).isEqualTo(i);
            }
        }
        // Each round needs 20 chunks, and only SPARES of them wait for reuse in between: the later
        // rounds allocate most of theirs again (about 15 each) instead of holding 20 chunks for ever.
        assertThat(queue.chunkAllocations).isGreaterThan(20 + 2 * 10);
    }

    @Test
    void theProducerRoleCanMoveBetweenThreads() throws InterruptedException {
        MessageQueue queue = new MessageQueue();
        for (int t = 0; t < 4; t++) {
            int base = t * 1_000;
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 1_000; i++) {
                    offer(queue, base + i);
                }
            });
            producer.start();
            producer.join(); // the hand-off the contract asks for
        }
        for (int i = 0; i < 4_000; i++) {
            assertThat(poll(queue)).isEqualTo(i);
        }
        assertThat(poll(queue)).isNull();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentProducerAndConsumerDeliverMillionsInOrderWithoutLoss() throws Exception {
        int total = 5_000_000;
        MessageQueue queue = new MessageQueue();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                // Every form, so that the lazily made slots of each are published across threads too.
                if (i % 7 == 3) {
                    queue.offerMessage(ZmqMessage.wrap(bytes(i)));
                } else if (i % 11 == 5) {
                    queue.offerPooled(Unpooled.buffer(4).writeInt(i));
                } else {
                    offer(queue, i);
                }
            }
        }, "mq-producer");
        int[] next = {0};
        Thread consumer = new Thread(() -> {
            try {
                Msg m = new Msg();
                while (next[0] < total) {
                    // Alternate the two consumer calls so both are exercised under contention.
                    if ((next[0] & 1) == 1 && !queue.hasNext()) {
                        Thread.onSpinWait();
                        continue;
                    }
                    if (!PipeQueue.poll(queue, m)) {
                        Thread.onSpinWait();
                        continue;
                    }
                    int e = value(m);
                    if (e != next[0]) {
                        throw new AssertionError("expected " + next[0] + " but got " + e);
                    }
                    m.release();
                    next[0]++;
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "mq-consumer");
        consumer.start();
        producer.start();
        producer.join();
        consumer.join();
        assertThat(failure.get()).isNull();
        assertThat(next[0]).isEqualTo(total);
        assertThat(poll(queue)).isNull();
    }

    private static byte[] bytes(int i) {
        return new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
    }

    private static void offer(MessageQueue queue, int i) {
        queue.offerArray(bytes(i));
    }

    /** The int the next element carries, or null when there is none. */
    private static Integer poll(MessageQueue queue) {
        Msg m = new Msg();
        if (!PipeQueue.poll(queue, m)) {
            return null;
        }
        int v = value(m);
        m.release();
        return v;
    }

    private static int value(Msg m) {
        switch (m.form()) {
            case Msg.ARRAY:
                return ByteBuffer.wrap(m.array()).getInt();
            case Msg.POOLED:
                return m.pooled().getInt(m.pooled().readerIndex());
            default:
                return ByteBuffer.wrap(m.message().frame(0)).getInt();
        }
    }
}
