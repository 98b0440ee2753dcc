package io.monocoque.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.spring.metrics.MonocoqueMetricsAutoConfiguration;
import io.monocoque.spring.pyzmq.PyzmqPeer;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

/**
 * Retry with back-off, error replies and dead letters, with libzmq (pyzmq) peers on both sides:
 * a PUSH that sends orders, a PULL that reads the dead-letter socket, a REQ that asks a REP
 * listener.
 */
class RetryAndDeadLetterTests {

    private static final String PUSHER = """
            import sys, zmq
            ctx = zmq.Context()
            s = ctx.socket(zmq.PUSH)
            s.linger = 5000
            s.connect(sys.argv[1])
            for message in sys.argv[2:]:
                s.send_multipart([f.encode() for f in message.split("|")])
            s.close()
            ctx.term()
            print("sent", flush=True)
            """;

    private static final String DEAD_LETTER_READER = """
            import sys, json, zmq
            ctx = zmq.Context()
            s = ctx.socket(zmq.PULL)
            s.linger = 0
            s.connect(sys.argv[1])
            print("ready", flush=True)
            while True:
                frames = s.recv_multipart()
                print("dead", json.dumps([f.decode() for f in frames]), flush=True)
            """;

    private static final String REQUESTER = """
            import sys, zmq
            ctx = zmq.Context()
            s = ctx.socket(zmq.REQ)
            s.linger = 0
            s.rcvtimeo = 10000
            s.connect(sys.argv[1])
            s.send_string(sys.argv[2])
            print("reply", s.recv_string(), flush=True)
            """;

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class, MonocoqueMetricsAutoConfiguration.class))
            .withUserConfiguration(Listeners.class)
            .withPropertyValues("monocoque.sockets.orders.type=pull", "monocoque.sockets.orders.bind=tcp://127.0.0.1:*",
                    "monocoque.sockets.dead-letters.type=push", "monocoque.sockets.dead-letters.bind=tcp://127.0.0.1:*",
                    "monocoque.listener.retry.max-attempts=3", "monocoque.listener.retry.delay=100ms",
                    "monocoque.listener.retry.multiplier=2", "monocoque.listener.dead-letter.socket=dead-letters");

    @Test
    void aFailingMessageIsRetriedWithBackOffThenItsOriginalFramesGoToTheDeadLetterSocket() throws Exception {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            Listeners listeners = context.getBean(Listeners.class);
            String orders = context.getBean("orders", ZmqSocket.class).lastEndpoint();
            String deadLetters = context.getBean("dead-letters", ZmqSocket.class).lastEndpoint();
            try (PyzmqPeer reader = PyzmqPeer.start(DEAD_LETTER_READER, deadLetters)) {
                assertThat(reader.nextLine()).isEqualTo("ready");
                try (PyzmqPeer pusher = PyzmqPeer.start(PUSHER, orders, "ok", "flaky", "first frame|bad")) {
                    assertThat(pusher.nextLine()).isEqualTo("sent");
                }
                await().atMost(WAIT).until(() -> listeners.attempts.getOrDefault("bad", List.of()).size() == 3);
                @SuppressWarnings("unchecked")
                List<Object> dead = JsonMapper.builder().build().readValue(reader.nextLine("dead"), List.class);
                assertThat(dead).hasSize(3).startsWith("first frame", "bad"); // the original frames (the payload is the last), then the error frame
                @SuppressWarnings("unchecked")
                Map<String, Object> error = JsonMapper.builder().build().readValue((String) dead.get(2), Map.class);
                assertThat(error).containsEntry("socket", "orders").containsEntry("listener", "orders-listener")
                        .containsEntry("attempts", 3).containsEntry("exception", IllegalStateException.class.getName())
                        .containsEntry("message", "cannot take bad");

                List<Long> badAttempts = listeners.attempts.get("bad");
                assertThat(badAttempts).hasSize(3);
                // back-off: 100 ms, then 200 ms (multiplier 2)
                assertThat(badAttempts.get(1) - badAttempts.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(90).toNanos());
                assertThat(badAttempts.get(2) - badAttempts.get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(190).toNanos());
                await().atMost(WAIT).until(() -> listeners.handled.containsAll(List.of("ok", "flaky")));
                assertThat(listeners.attempts.get("flaky")).hasSize(2); // succeeded at the second attempt

                MeterRegistry meters = context.getBean(MeterRegistry.class);
                await().atMost(WAIT).until(() -> outcome(meters, "orders-listener", "succeeded") == 2.0);
                // Counted once the recoverer has returned, so after the dead letter went out.
                await().atMost(WAIT).until(() -> outcome(meters, "orders-listener", "dead-lettered") == 1.0);
                assertThat(outcome(meters, "orders-listener", "retried")).isEqualTo(3.0); // flaky once, bad twice
                assertThat(meters.find("zmq.listener.messages").tag("outcome", "failed").functionCounter()).isNull();
            }
        });
    }

    @Test
    void aRepListenerAnswersWithItsErrorHandlersReplyAfterTheLastAttempt() {
        runner.run(context -> {
            Listeners listeners = context.getBean(Listeners.class);
            String quotes = context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer("quotes").getSocket().lastEndpoint();
            try (PyzmqPeer requester = PyzmqPeer.start(REQUESTER, quotes, "boom")) {
                assertThat(requester.nextLine("reply")).isEqualTo("ERROR cannot quote boom");
            }
            assertThat(listeners.attempts.get("boom")).hasSize(3);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            // Counted once the error handler has returned, so after its reply went out: the
            // requester may have the reply before the count is made.
            await().atMost(WAIT).until(() -> outcome(meters, "quotes", "error-handled") == 1.0);
            assertThat(meters.find("zmq.listener.messages").tag("listener", "quotes").tag("outcome", "dead-lettered").functionCounter())
                    .isNull();
        });
    }

    @Test
    void aDeadLetterSocketThatCannotSendStopsStartUp() {
        runner.withPropertyValues("monocoque.sockets.dead-letters.type=pull").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("dead-letters");
        });
    }

    @Test
    void aSingleFrameDeadLetterSocketIsRefusedWhileTheErrorFrameIsOnAndTakenWithoutIt() {
        runner.withPropertyValues("monocoque.sockets.dead-letters.type=scatter").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("dead-letters").hasMessageContaining("single-frame");
        });
        runner.withPropertyValues("monocoque.sockets.dead-letters.type=scatter", "monocoque.listener.dead-letter.error-frame=false")
                .run(context -> assertThat(context).hasNotFailed());
    }

    private static double outcome(MeterRegistry meters, String listener, String outcome) {
        var counter = meters.find("zmq.listener.messages").tag("listener", listener).tag("outcome", outcome).functionCounter();
        return counter == null ? 0 : counter.count();
    }

    @Configuration(proxyBeanMethods = false)
    static class Listeners {

        final Map<String, List<Long>> attempts = new ConcurrentHashMap<>();
        final List<String> handled = new CopyOnWriteArrayList<>();

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        ZmqListenerErrorHandler quoteErrors() {
            return (message, exception) -> "ERROR " + exception.getCause().getMessage();
        }

        @ZmqListener(id = "orders-listener", socket = "orders")
        void order(String body) {
            List<Long> times = attempts.computeIfAbsent(body, b -> new CopyOnWriteArrayList<>());
            times.add(System.nanoTime());
            if (body.equals("bad") || (body.equals("flaky") && times.size() == 1)) {
                throw new IllegalStateException("cannot take " + body);
            }
            handled.add(body);
        }

        @ZmqListener(id = "quotes", type = SocketType.REP, bind = "tcp://127.0.0.1:*", errorHandler = "quoteErrors")
        String quote(String body) {
            attempts.computeIfAbsent(body, b -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
            throw new IllegalArgumentException("cannot quote " + body);
        }
    }
}
