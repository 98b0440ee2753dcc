package io.monocoque.zmq;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ZmqSocket#receiveBatch} and {@link ZmqSocket#tryReceiveBatch}: many messages under one lock hold. */
class ReceiveBatchTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger INPROC = new AtomicInteger();

    private static String inproc() {
        return "inproc://batch-" + INPROC.incrementAndGet();
    }

    private static List<String> firstFrames(List<ZmqMessage> batch) {
        List<String> out = new ArrayList<>();
        for (ZmqMessage m : batch) {
            out.add(m.frameString(0));
        }
        return out;
    }

    @Test
    void aBatchTakesWhatIsQueuedInOrderUpToItsLimit() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind(inproc());
            push.connect(pull.lastEndpoint());
            for (int i = 0; i < 10; i++) {
                push.send("m" + i); // over inproc a send lands in the receiver's pipe before it returns
            }
            assertThat(firstFrames(pull.tryReceiveBatch(4))).containsExactly("m0", "m1", "m2", "m3");
            assertThat(firstFrames(pull.receiveBatch(4, WAIT))).containsExactly("m4", "m5", "m6", "m7");
            assertThat(firstFrames(pull.receiveBatch(100, WAIT))).containsExactly("m8", "m9");
            assertThat(pull.tryReceiveBatch(100)).isEmpty();
            assertThat(pull.statistics().messagesReceived()).isEqualTo(10);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "inproc"})
    void batchesDeliverEveryMessageOnceAndInOrder(String transport) {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind(transport.equals("tcp") ? "tcp://127.0.0.1:*" : inproc());
            push.connect(pull.lastEndpoint());
            int total = 20_000;
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < total; i++) {
                    push.send(i % 7 == 0 ? ZmqMessage.of("n" + i, "second", "third") : ZmqMessage.of("n" + i));
                }
            });
            int next = 0;
            int largest = 0;
            while (next < total) {
                List<ZmqMessage> batch = pull.receiveBatch(256, WAIT);
                assertThat(batch).as("a batch after message %d", next).isNotEmpty().hasSizeLessThanOrEqualTo(256);
                largest = Math.max(largest, batch.size());
                for (ZmqMessage m : batch) {
                    assertThat(m.frameString(0)).isEqualTo("n" + next);
                    assertThat(m.size()).isEqualTo(next % 7 == 0 ? 3 : 1);
                    next++;
                }
            }
            sender.join();
            assertThat(pull.tryReceiveBatch(10)).isEmpty();
            assertThat(pull.statistics().messagesReceived()).isEqualTo(total);
        }
    }

    @Test
    void aBatchStartsWithTheFramesOfAMessagePartlyReceivedAsBytes() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind(inproc());
            push.connect(pull.lastEndpoint());
            push.send(ZmqMessage.of("a", "b", "c"));
            push.send("d");
            assertThat(pull.receiveBytes(WAIT)).asString().isEqualTo("a");
            List<ZmqMessage> batch = pull.receiveBatch(10, WAIT);
            assertThat(batch).hasSize(2);
            assertThat(batch.get(0).size()).isEqualTo(2);
            assertThat(batch.get(0).frameString(0)).isEqualTo("b");
            assertThat(batch.get(0).frameString(1)).isEqualTo("c");
            assertThat(batch.get(1).frameString(0)).isEqualTo("d");
            assertThat(pull.hasReceiveMore()).isFalse();
        }
    }

    @Test
    void aRepHandsOutOneRequestPerBatch() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket rep = ctx.createSocket(SocketType.REP);
             ZmqSocket first = ctx.createSocket(SocketType.REQ);
             ZmqSocket second = ctx.createSocket(SocketType.REQ)) {
            rep.bind(inproc());
            first.connect(rep.lastEndpoint());
            second.connect(rep.lastEndpoint());
            first.send("one");
            second.send("two");
            List<ZmqMessage> batch = rep.receiveBatch(10, WAIT);
            assertThat(batch).hasSize(1);
            String got = batch.get(0).frameString(0);
            rep.send("re " + got);
            List<ZmqMessage> again = rep.receiveBatch(10, WAIT);
            assertThat(again).hasSize(1);
            assertThat(again.get(0).frameString(0)).isNotEqualTo(got).isIn("one", "two");
            rep.send("re " + again.get(0).frameString(0));
            assertThat(first.receive(WAIT).frameString(0)).isEqualTo("re one");
            assertThat(second.receive(WAIT).frameString(0)).isEqualTo("re two");
        }
    }

    @Test
    void aBatchWaitsForItsFirstMessage() throws Exception {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind("tcp://127.0.0.1:*");
            push.connect(pull.lastEndpoint());
            CompletableFuture<List<ZmqMessage>> waiting = CompletableFuture.supplyAsync(() -> pull.receiveBatch(10, WAIT));
            assertThat(waiting).isNotDone();
            push.send("late");
            assertThat(firstFrames(waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS))).containsExactly("late");
        }
    }

    @Test
    void aBatchThatTimesOutIsEmpty() {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            pull.bind(inproc());
            long start = System.nanoTime();
            assertThat(pull.receiveBatch(10, Duration.ofMillis(50))).isEmpty();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
        }
    }

    @Test
    void aBatchLimitBelowOneIsRefused() {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            assertThatThrownBy(() -> pull.tryReceiveBatch(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least one message");
        }
    }

    @Test
    void aBatchOnAClosedSocketFailsWithEterm() {
        try (ZmqContext ctx = ZmqContext.create()) {
            ZmqSocket pull = ctx.createSocket(SocketType.PULL);
            pull.close();
            assertThatThrownBy(() -> pull.receiveBatch(10, WAIT)).isInstanceOf(ZmqException.class)
                    .satisfies(e -> assertThat(((ZmqException) e).error()).isEqualTo(ZmqError.ETERM));
        }
    }

    @Test
    void aBatchOfLargeFramesComesAsMessagesAndLeaksNothing() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind("tcp://127.0.0.1:*");
            push.connect(pull.lastEndpoint());
            byte[] big = new byte[100_000];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) i;
            }
            for (int i = 0; i < 5; i++) {
                push.send(big); // 100 KB single frames arrive in pooled buffers
            }
            int got = 0;
            while (got < 5) {
                for (ZmqMessage m : pull.receiveBatch(5, WAIT)) {
                    assertThat(m.frame(0)).isEqualTo(big);
                    got++;
                }
            }
        }
    }
}
