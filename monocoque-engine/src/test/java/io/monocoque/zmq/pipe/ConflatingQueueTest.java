package io.monocoque.zmq.pipe;

import io.monocoque.zmq.ZmqMessage;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ConflatingQueueTest {

    @Test
    void offeringReplacesWhatWasNotTakenAndSaysSo() {
        ConflatingQueue<String> q = new ConflatingQueue<>();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.offer("a")).isTrue();
        assertThat(q.offer("b")).as("replaced a").isFalse();
        assertThat(q.peek()).isEqualTo("b");
        assertThat(q.poll()).isEqualTo("b");
        assertThat(q.poll()).isNull();
        assertThat(q.offer("c")).isTrue();
    }

    @Test
    void aConsumerRacingAProducerSeesRisingValuesAndEndsWithTheLast() throws Exception {
        ConflatingQueue<Integer> q = new ConflatingQueue<>();
        int count = 1_000_000;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                q.offer(i);
            }
        });
        producer.start();
        int last = -1;
        while (last != count - 1) {
            Integer v = q.poll();
            if (v != null) {
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
