package io.monocoque.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.spring.pyzmq.PyzmqPeer;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * Pausing a listener by id: it stops reading, the socket fills to its high-water mark and a
 * libzmq PUSH peer (pyzmq) is held back; resumed, everything the peer sent arrives.
 */
class PauseResumeTests {

    /**
     * Sends argv[2] messages of 64 KB without blocking until ZeroMQ holds it back, says how many
     * went, then sends the rest blocking and says so.
     */
    private static final String PUSHER = """
            import sys, zmq
            ctx = zmq.Context()
            s = ctx.socket(zmq.PUSH)
            s.sndhwm = 10
            s.linger = 5000
            s.connect(sys.argv[1])
            total = int(sys.argv[2])
            payload = b"x" * 65536
            sent = 0
            import time
            deadline = time.time() + 20
            while sent < total:
                try:
                    s.send(payload, zmq.NOBLOCK)
                    sent += 1
                except zmq.Again:
                    if sent > 0:
                        break
                    time.sleep(0.01)  # not connected yet
                    if time.time() > deadline:
                        break
            print("held-back-after", sent, flush=True)
            while sent < total:
                s.send(payload)
                sent += 1
            s.close()
            ctx.term()
            print("sent", sent, flush=True)
            """;

    private static final int TOTAL = 2000;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class))
            .withUserConfiguration(Intake.class)
            .withPropertyValues("monocoque.sockets.intake.type=pull", "monocoque.sockets.intake.bind=tcp://127.0.0.1:*",
                    "monocoque.sockets.intake.receive-high-water-mark=10");

    @Test
    void aPausedListenerHoldsTheSenderBackAtTheHighWaterMarkAndResumingLetsEverythingThrough() {
        runner.run(context -> {
            ZmqListenerEndpointRegistry registry = context.getBean(ZmqListenerEndpointRegistry.class);
            Intake intake = context.getBean(Intake.class);
            registry.pause("intake");
            assertThat(registry.getListenerContainer("intake").isPaused()).isTrue();
            assertThat(registry.getListenerContainer("intake").isRunning()).isTrue();
            String endpoint = context.getBean("intake", ZmqSocket.class).lastEndpoint();
            try (PyzmqPeer pusher = PyzmqPeer.start(PUSHER, endpoint, Integer.toString(TOTAL))) {
                int beforeHeldBack = Integer.parseInt(pusher.nextLine("held-back-after"));
                assertThat(beforeHeldBack).as("the sender is held back well before it sent everything").isLessThan(TOTAL);
                assertThat(intake.received.get()).isZero();

                registry.resume("intake");
                assertThat(registry.getListenerContainer("intake").isPaused()).isFalse();
                assertThat(pusher.nextLine("sent")).isEqualTo(Integer.toString(TOTAL));
                await().atMost(Duration.ofSeconds(20)).until(() -> intake.received.get() == TOTAL);
            }
        });
    }

    @Test
    void pausingAListenerThatIsNotThereSaysWhichOnesAre() {
        runner.run(context -> assertThatThrownBy(() -> context.getBean(ZmqListenerEndpointRegistry.class).pause("nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intake"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Intake {

        final AtomicInteger received = new AtomicInteger();

        @ZmqListener(id = "intake", socket = "intake")
        void take(byte[] body) {
            received.incrementAndGet();
        }
    }
}
