package io.monocoque.zmq.proxy;

import io.monocoque.zmq.ProxyStatistics;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqProxy;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A PULL/PUSH streamer: pause and resume, the control socket's commands, close and failures. */
@Timeout(30)
class StreamerProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(300);

    /** A producer -> PULL | proxy | PUSH -> consumer pipeline, over tcp and inproc. */
    private static final class Pipeline {
        final ZmqSocket frontend;
        final ZmqSocket backend;
        final ZmqSocket producer;
        final ZmqSocket consumer;

        Pipeline(ZmqContext ctx) {
            frontend = ctx.createSocket(SocketType.PULL);
            frontend.bind("tcp://127.0.0.1:*");
            backend = ctx.createSocket(SocketType.PUSH);
            String name = "inproc://proxy-stream-" + UUID.randomUUID();
            backend.bind(name);
            producer = ctx.createSocket(SocketType.PUSH);
            producer.connect(frontend.lastEndpoint());
            consumer = ctx.createSocket(SocketType.PULL);
            consumer.connect(name);
        }

        void produce(int from, int to) {
            for (int i = from; i < to; i++) {
                producer.send(ZmqMessage.of("job", Integer.toString(i)));
            }
        }

        void consume(int from, int to) {
            for (int i = from; i < to; i++) {
                ZmqMessage m = consumer.receive(WAIT);
                assertThat(m).as("message " + i).isNotNull();
                assertThat(m).isEqualTo(ZmqMessage.of("job", Integer.toString(i)));
            }
        }

        void assertNothingArrives() {
            assertThat(consumer.receive(QUIET)).isNull();
        }
    }

    /** Bytes of messages {@code from} to {@code to} as {@link Pipeline#produce} makes them. */
    private static long bytes(int from, int to) {
        long total = 0;
        for (int i = from; i < to; i++) {
            total += 3 + Integer.toString(i).length();
        }
        return total;
    }

    @Test
    void pauseStopsDeliveryAndResumeLosesNothing() {
        try (ZmqContext ctx = ZmqContext.create()) {
            Pipeline p = new Pipeline(ctx);
            try (ZmqProxy proxy = ZmqProxy.start(p.frontend, p.backend, null)) {
                p.produce(0, 100);
                p.consume(0, 100);

                proxy.pause();
                assertThat(proxy.isPaused()).isTrue();
                p.produce(100, 300);
                p.assertNothingArrives();
                assertThat(proxy.statistics().backendMessagesOut()).isEqualTo(100);

                proxy.resume();
                assertThat(proxy.isPaused()).isFalse();
                p.consume(100, 300);
                p.assertNothingArrives();

                ProxyStatistics stats = proxy.statistics();
                assertThat(stats).isEqualTo(new ProxyStatistics(300, bytes(0, 300), 0, 0, 0, 0, 300, bytes(0, 300)));
                assertThat(proxy.isRunning()).isTrue();
            }
        }
    }

    @Test
    void closeReturnsAndLeavesTheSocketsToTheCaller() {
        try (ZmqContext ctx = ZmqContext.create()) {
            Pipeline p = new Pipeline(ctx);
            ZmqProxy proxy = ZmqProxy.start(p.frontend, p.backend, null);
            p.produce(0, 10);
            p.consume(0, 10);

            long before = System.nanoTime();
            proxy.close();
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
            assertThat(proxy.isRunning()).isFalse();
            assertThat(proxy.awaitTermination(Duration.ZERO)).isTrue();
            assertThat(proxy.failure()).isNull();
            proxy.close(); // idempotent

            // The sockets are still open and usable without the proxy.
            assertThat(p.frontend.isClosed()).isFalse();
            assertThat(p.backend.isClosed()).isFalse();
            p.produce(10, 11);
            assertThat(p.frontend.receive(WAIT)).isEqualTo(ZmqMessage.of("job", "10"));
            p.backend.send(ZmqMessage.of("job", "11"));
            assertThat(p.consumer.receive(WAIT)).isEqualTo(ZmqMessage.of("job", "11"));

            p.frontend.close();
            p.backend.close();
            p.producer.close();
            p.consumer.close();
        }
    }

    @Test
    void controlSocketPausesResumesReportsAndTerminates() {
        try (ZmqContext ctx = ZmqContext.create()) {
            Pipeline p = new Pipeline(ctx);
            String controlName = "inproc://proxy-control-" + UUID.randomUUID();
            ZmqSocket control = ctx.createSocket(SocketType.REP);
            control.bind(controlName);
            ZmqSocket commander = ctx.createSocket(SocketType.REQ);
            commander.connect(controlName);

            ZmqProxy proxy = ZmqProxy.start(p.frontend, p.backend, null, control);
            p.produce(0, 50);
            p.consume(0, 50);

            assertThat(command(commander, "PAUSE")).isEqualTo(ZmqMessage.of(new byte[0]));
            assertThat(proxy.isPaused()).isTrue();
            p.produce(50, 150);
            p.assertNothingArrives();

            assertThat(command(commander, "RESUME")).isEqualTo(ZmqMessage.of(new byte[0]));
            assertThat(proxy.isPaused()).isFalse();
            p.consume(50, 150);

            ZmqMessage stats = command(commander, "STATISTICS");
            assertThat(stats.size()).isEqualTo(8);
            long[] values = new long[8];
            for (int i = 0; i < 8; i++) {
                assertThat(stats.frameLength(i)).isEqualTo(8);
                values[i] = stats.frameBuffer(i).order(ByteOrder.LITTLE_ENDIAN).getLong();
            }
            long b = bytes(0, 150);
            assertThat(values).containsExactly(150, b, 0, 0, 0, 0, 150, b);
            assertThat(proxy.statistics().toArray()).containsExactly(values);

            // An unknown command is answered (a REP must answer) and changes nothing.
            assertThat(command(commander, "FROBNICATE")).isEqualTo(ZmqMessage.of(new byte[0]));
            assertThat(proxy.isRunning()).isTrue();

            assertThat(command(commander, "TERMINATE")).isEqualTo(ZmqMessage.of(new byte[0]));
            assertThat(proxy.awaitTermination(WAIT)).isTrue();
            assertThat(proxy.isRunning()).isFalse();
            assertThat(proxy.failure()).isNull();
            proxy.close();

            // No longer forwarding; the sockets are still ours.
            p.produce(150, 151);
            p.assertNothingArrives();
            assertThat(p.frontend.receive(WAIT)).isEqualTo(ZmqMessage.of("job", "150"));
            control.close();
            commander.close();
        }
    }

    @Test
    void pairControlSocketAnswersOnlyStatistics() {
        try (ZmqContext ctx = ZmqContext.create()) {
            Pipeline p = new Pipeline(ctx);
            String controlName = "inproc://proxy-pair-control-" + UUID.randomUUID();
            ZmqSocket control = ctx.createSocket(SocketType.PAIR);
            control.bind(controlName);
            ZmqSocket commander = ctx.createSocket(SocketType.PAIR);
            commander.connect(controlName);

            try (ZmqProxy proxy = ZmqProxy.start(p.frontend, p.backend, null, control)) {
                commander.send("PAUSE");
                await().atMost(WAIT).until(proxy::isPaused);
                assertThat(commander.receive(QUIET)).as("no answer to PAUSE on a PAIR").isNull();
                p.produce(0, 20);
                p.assertNothingArrives();
                commander.send("RESUME");
                p.consume(0, 20);

                commander.send("STATISTICS");
                ZmqMessage stats = commander.receive(WAIT);
                assertThat(stats.size()).isEqualTo(8);
                assertThat(stats.frameBuffer(0).order(ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(20);
                assertThat(stats.frameBuffer(6).order(ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(20);

                commander.send("TERMINATE");
                assertThat(proxy.awaitTermination(WAIT)).isTrue();
            }
        }
    }

    @Test
    void aSocketClosedUnderTheProxyEndsItCleanly() {
        try (ZmqContext ctx = ZmqContext.create()) {
            Pipeline p = new Pipeline(ctx);
            try (ZmqProxy proxy = ZmqProxy.start(p.frontend, p.backend, null)) {
                p.produce(0, 5);
                p.consume(0, 5);
                p.frontend.close();
                assertThat(proxy.awaitTermination(WAIT)).isTrue();
                assertThat(proxy.isRunning()).isFalse();
                assertThat(proxy.failure()).isInstanceOfSatisfying(ZmqException.class,
                        e -> assertThat(e.error()).isEqualTo(ZmqError.ETERM));
            }
        }
    }

    @Test
    void aFullSinkHoldsTheProxyBackWithoutLoss() throws InterruptedException {
        try (ZmqContext ctx = ZmqContext.create()) {
            Pipeline p = new Pipeline(ctx);
            p.backend.setOption(SocketOption.SEND_HIGH_WATER_MARK, 10);
            p.consumer.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 10);
            try (ZmqProxy proxy = ZmqProxy.start(p.frontend, p.backend, null)) {
                // Far more than every queue on the way can hold, while the consumer does not read.
                Thread producer = new Thread(() -> p.produce(0, 3000), "proxy-test-producer");
                producer.start();
                await().atMost(WAIT).until(() -> proxy.statistics().backendMessagesOut() >= 10);
                // With nobody reading, the proxy stalls once the queues to the consumer are full.
                Thread.sleep(QUIET.toMillis());
                long stuck = proxy.statistics().backendMessagesOut();
                Thread.sleep(QUIET.toMillis());
                assertThat(proxy.statistics().backendMessagesOut()).isEqualTo(stuck).isLessThan(3000);
                p.consume(0, 3000);
                producer.join(WAIT.toMillis());
                // The proxy counts a message once its send has returned: the consumer may hold the
                // last one a moment before the count does.
                await().atMost(WAIT).untilAsserted(() -> assertThat(proxy.statistics().backendMessagesOut()).isEqualTo(3000));
                assertThat(p.backend.droppedMessages()).isZero();
            }
        }
    }

    @Test
    void socketTypesThatCannotWorkAreRefused() {
        try (ZmqContext ctx = ZmqContext.create()) {
            ZmqSocket rep = ctx.createSocket(SocketType.REP);
            ZmqSocket dealer = ctx.createSocket(SocketType.DEALER);
            ZmqSocket pub = ctx.createSocket(SocketType.PUB);
            ZmqSocket pub2 = ctx.createSocket(SocketType.PUB);
            ZmqSocket pull = ctx.createSocket(SocketType.PULL);
            assertThatThrownBy(() -> ZmqProxy.start(rep, dealer, null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ZmqProxy.start(pub, pub2, null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ZmqProxy.start(dealer, pub, pull)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ZmqProxy.start(dealer, pub, null, pub2)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static ZmqMessage command(ZmqSocket commander, String command) {
        commander.send(command);
        ZmqMessage reply = commander.receive(WAIT);
        assertThat(reply).as("reply to " + command).isNotNull();
        return reply;
    }
}
