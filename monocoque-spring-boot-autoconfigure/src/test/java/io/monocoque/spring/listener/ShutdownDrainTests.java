package io.monocoque.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.spring.pyzmq.PyzmqPeer;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * An application closing while a libzmq PUSH peer (pyzmq) has queued messages in its PULL
 * listener's socket: the listener goes on with them until the shutdown timeout, and what it has to
 * leave is counted and logged; nothing goes missing without a trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownDrainTests {

    private static final int MESSAGES = 40;

    /** Connects a PUSH socket to argv[1], sends argv[2] messages, and ends once they have left it. */
    private static final String PUSHER = """
            import sys, zmq
            ctx = zmq.Context()
            s = ctx.socket(zmq.PUSH)
            s.linger = -1
            s.connect(sys.argv[1])
            for i in range(int(sys.argv[2])):
                s.send_string("m%d" % i)
            s.close()
            ctx.term()
            print("sent", flush=True)
            """;

    @Test
    void messagesQueuedWhenTheApplicationClosesAreHandledWithinTheShutdownTimeout(CapturedOutput output) throws Exception {
        Outcome outcome = closeWhileQueued("10s");
        assertThat(outcome.processed()).isEqualTo(MESSAGES);
        assertThat(outcome.discarded()).isZero();
        assertThat(output.getOut()).doesNotContain("queued message(s)");
    }

    @Test
    void whatTheShutdownTimeoutLeavesIsDiscardedCountedAndLoggedOnce(CapturedOutput output) throws Exception {
        Outcome outcome = closeWhileQueued("600ms");
        assertThat(outcome.discarded()).isPositive();
        assertThat(outcome.processed()).isPositive();
        assertThat(outcome.processed() + outcome.discarded()).isEqualTo(MESSAGES);
        String line = "discarded " + outcome.discarded() + " queued message(s)";
        assertThat(output.getOut()).contains(line).contains("600 ms shutdown timeout");
        assertThat(output.getOut().split(java.util.regex.Pattern.quote("queued message(s)"), -1)).hasSize(2); // one line
    }

    @Test
    void bootsTimeoutPerShutdownPhaseCapsTheListenerShutdownTimeout() {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(Intake.class).web(WebApplicationType.NONE)
                .properties("monocoque.sockets.intake.type=pull", "monocoque.sockets.intake.bind=tcp://127.0.0.1:*",
                        "monocoque.listener.shutdown-timeout=30s", "spring.lifecycle.timeout-per-shutdown-phase=2s",
                        "spring.main.banner-mode=off")
                .run();
        try {
            assertThat(app.getBean(DefaultZmqListenerContainerFactory.class).getShutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
        } finally {
            app.close();
        }
    }

    record Outcome(int processed, long discarded) {
    }

    private Outcome closeWhileQueued(String shutdownTimeout) throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(Intake.class).web(WebApplicationType.NONE)
                .properties("monocoque.sockets.intake.type=pull", "monocoque.sockets.intake.bind=tcp://127.0.0.1:*",
                        "monocoque.listener.shutdown-timeout=" + shutdownTimeout, "spring.main.banner-mode=off")
                .run();
        Intake intake = app.getBean(Intake.class);
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        String endpoint = app.getBean("intake", ZmqSocket.class).lastEndpoint();
        try (PyzmqPeer pusher = PyzmqPeer.start(PUSHER, endpoint, Integer.toString(MESSAGES))) {
            assertThat(pusher.nextLine()).isEqualTo("sent");
            assertThat(intake.started.await(10, TimeUnit.SECONDS)).isTrue();
            app.close();
        }
        // A call still running when the timeout ran out finishes on its own.
        await().atMost(Duration.ofSeconds(10)).until(() -> intake.inProgress.get() == 0);
        double discarded = meters.find("zmq.messages.discarded").tag("socket", "intake").tag("reason", "shutdown-timeout")
                .functionCounter().count();
        return new Outcome(intake.processed.get(), (long) discarded);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Intake {

        final CountDownLatch started = new CountDownLatch(1);
        final AtomicInteger processed = new AtomicInteger();
        final AtomicInteger inProgress = new AtomicInteger();

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @ZmqListener(socket = "intake", concurrency = "4")
        void handle(String body) throws InterruptedException {
            inProgress.incrementAndGet();
            started.countDown();
            try {
                Thread.sleep(100); // a slow handler: 4 threads take about 1 s for all 40
                processed.incrementAndGet();
            } finally {
                inProgress.decrementAndGet();
            }
        }
    }
}
