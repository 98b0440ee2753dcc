package io.monocoque.zmq.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        MessageQueue<String> queue = new MessageQueue<>();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.poll()).isNull();
        assertThat(queue.peek()).isNull();
    }

    @Test
    void pollReturnsElementsInOfferOrderAcrossChunkBoundaries() {
        MessageQueue<Integer> queue = new MessageQueue<>();
        int count = 3 * CHUNK + 7;
        for (int i = 0; i < count; i++) {
            queue.offer(i);
        }
        for (int i = 0; i < count; i++) {
            assertThat(queue.poll()).isEqualTo(i);
        }
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void elementsAreVisibleAsSoonAsOfferReturnsAtEveryPosition() {
        MessageQueue<Integer> queue = new MessageQueue<>();
        for (int i = 0; i < 3 * CHUNK; i++) {
            queue.offer(i);
            assertThat(queue.isEmpty()).isFalse();
            assertThat(queue.peek()).isEqualTo(i);
            assertThat(queue.poll()).isEqualTo(i);
            assertThat(queue.poll()).isNull();
        }
    }

    @Test
    void peekReturnsTheHeadWithoutRemovingIt() {
        MessageQueue<String> queue = new MessageQueue<>();
        queue.offer("a");
        queue.offer("b");
        assertThat(queue.peek()).isEqualTo("a");
        assertThat(queue.peek()).isEqualTo("a");
        assertThat(queue.poll()).isEqualTo("a");
        assertThat(queue.peek()).isEqualTo("b");
    }

    @Test
    void peekAtTheEndOfAChunkSeesTheFirstElementOfTheNext() {
        MessageQueue<Integer> queue = new MessageQueue<>();
        for (int i = 0; i < CHUNK; i++) {
            queue.offer(i);
        }
        for (int i = 0; i < CHUNK; i++) {
            queue.poll();
        }
        assertThat(queue.peek()).isNull(); // chunk used up, nothing linked yet
        queue.offer(CHUNK);
        assertThat(queue.peek()).isEqualTo(CHUNK);
        assertThat(queue.poll()).isEqualTo(CHUNK);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void offerRejectsNull() {
        MessageQueue<String> queue = new MessageQueue<>();
        assertThatThrownBy(() -> queue.offer(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void clearDropsEverythingAndReportsHowMany() {
        MessageQueue<Integer> queue = new MessageQueue<>();
        for (int i = 0; i < CHUNK + 10; i++) {
            queue.offer(i);
        }
        queue.poll();
        assertThat(queue.clear()).isEqualTo(CHUNK + 9);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.clear()).isZero();
        queue.offer(99);
        assertThat(queue.poll()).isEqualTo(99);
    }

    @Test
    void drainToStopsAtMaxOrWhenEmpty() {
        MessageQueue<Integer> queue = new MessageQueue<>();
        for (int i = 0; i < 10; i++) {
            queue.offer(i);
        }
        List<Integer> sink = new ArrayList<>();
        assertThat(queue.drainTo(sink::add, 4)).isEqualTo(4);
        assertThat(sink).containsExactly(0, 1, 2, 3);
        assertThat(queue.drainTo(sink::add, 100)).isEqualTo(6);
        assertThat(sink).hasSize(10);
        assertThat(queue.drainTo(sink::add, 100)).isZero();
        assertThat(queue.drainTo(sink::add, 0)).isZero();
        assertThatThrownBy(() -> queue.drainTo(sink::add, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aQueueThatCarriedLittleHoldsOnlyItsSmallFirstChunk() {
        MessageQueue<Integer> queue = new MessageQueue<>();
        int carried = 0;
        while (carried < MessageQueue.FIRST_CHUNK_SIZE) {
            queue.offer(carried++);
            queue.offer(carried++);
            assertThat(queue.poll()).isEqualTo(carried - 2);
            assertThat(queue.poll()).isEqualTo(carried - 1);
        }
        assertThat(queue.chunkAllocations).as("after %d messages", carried).isEqualTo(1);
        queue.offer(carried);
        assertThat(queue.chunkAllocations).as("one message past the first chunk").isEqualTo(2);
        assertThat(queue.poll()).isEqualTo(carried);
    }

    @Test
    void steadyStateTrafficRecyclesChunksInsteadOfAllocating() {
        MessageQueue<Integer> queue = new MessageQueue<>();
        // Bursts smaller than a chunk, at an odd size so they straddle chunk boundaries often.
        int burst = CHUNK / 2 + 3;
        for (int round = 0; round < 1_000; round++) {
            for (int i = 0; i < burst; i++) {
                queue.offer(i);
            }
            for (int i = 0; i < burst; i++) {
                assertThat(queue.poll()).isEqualTo(i);
            }
        }
        // The small first chunk, then two full ones: from then on the two take turns via the spares.
        assertThat(queue.chunkAllocations).isEqualTo(3);
    }

    @Test
    void aBacklogOfAFullPipeRecyclesItsChunksToo() {
        MessageQueue<Integer> queue = new MessageQueue<>();
        // About what a pipe at the default high-water mark (1,000) holds: several chunks at once.
        int burst = 1_000;
        for (int round = 0; round < 1_000; round++) {
            for (int i = 0; i < burst; i++) {
                queue.offer(i);
            }
            for (int i = 0; i < burst; i++) {
                assertThat(queue.poll()).isEqualTo(i);
            }
        }
        // The chunks of the first round, and from then on the same ones again.
        assertThat(queue.chunkAllocations).isLessThanOrEqualTo(MessageQueue.SPARES + 3);
    }

    @Test
    void aLongBacklogLetsGoOfTheChunksBeyondTheSpares() {
        MessageQueue<Integer> queue = new MessageQueue<>();
        int burst = 20 * CHUNK;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < burst; i++) {
                queue.offer(i);
            }
            for (int i = 0; i < burst; i++) {
                assertThat(queue.poll()).isEqualTo(i);
            }
        }
        // Each round needs 20 chunks, and only SPARES of them wait for reuse in between: the later
        // rounds allocate most of theirs again (about 15 each) instead of holding 20 chunks for ever.
        assertThat(queue.chunkAllocations).isGreaterThan(20 + 2 * 10);
    }

    @Test
    void theProducerRoleCanMoveBetweenThreads() throws InterruptedException {
        MessageQueue<Integer> queue = new MessageQueue<>();
        for (int t = 0; t < 4; t++) {
            int base = t * 1_000;
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 1_000; i++) {
                    queue.offer(base + i);
                }
            });
            producer.start();
            producer.join(); // the hand-off the contract asks for
        }
        for (int i = 0; i < 4_000; i++) {
            assertThat(queue.poll()).isEqualTo(i);
        }
        assertThat(queue.poll()).isNull();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentProducerAndConsumerDeliverMillionsInOrderWithoutLoss() throws Exception {
        int total = 5_000_000;
        MessageQueue<Integer> queue = new MessageQueue<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                queue.offer(i);
            }
        }, "mq-producer");
        int[] next = {0};
        Thread consumer = new Thread(() -> {
            try {
                while (next[0] < total) {
                    // Alternate the two consumer paths so both are exercised under contention.
                    if ((next[0] & 1) == 0) {
                        Integer e = queue.poll();
                        if (e == null) {
                            Thread.onSpinWait();
                            continue;
                        }
                        if (e != next[0]) {
                            throw new AssertionError("expected " + next[0] + " but got " + e);
                        }
                        next[0]++;
                    } else {
                        int drained = queue.drainTo(e -> {
                            if (e != next[0]) {
                                throw new AssertionError("expected " + next[0] + " but got " + e);
                            }
                            next[0]++;
                        }, 1_000);
                        if (drained == 0) {
                            Thread.onSpinWait();
                        }
                    }
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
        assertThat(queue.poll()).isNull();
    }
}
