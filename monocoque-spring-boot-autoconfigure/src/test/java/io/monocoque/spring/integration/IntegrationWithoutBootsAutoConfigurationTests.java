package io.monocoque.spring.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.spring.integration.dsl.Zmq;
import io.monocoque.spring.pyzmq.PyzmqPeer;
import io.monocoque.zmq.ZmqSocket;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * An application with {@code spring-integration-core} alone (no Spring Boot integration
 * auto-configuration, no {@code @EnableIntegration}), as the README's first steps have it: its
 * flows on Monocoque sockets run, fed by a libzmq peer (pyzmq), and the log says what to add.
 */
@ExtendWith(OutputCaptureExtension.class)
class IntegrationWithoutBootsAutoConfigurationTests {

    private static final String PUSHER = """
            import sys, zmq
            ctx = zmq.Context()
            s = ctx.socket(zmq.PUSH)
            s.linger = 5000
            s.connect(sys.argv[1])
            for body in sys.argv[2:]:
                s.send_string(body)
            s.close()
            ctx.term()
            print("sent", flush=True)
            """;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class, MonocoqueIntegrationAutoConfiguration.class))
            .withPropertyValues("monocoque.sockets.orders.type=pull", "monocoque.sockets.orders.bind=tcp://127.0.0.1:*");

    @Test
    void aFlowRunsWithSpringIntegrationCoreAloneAndTheLogSaysWhatToAdd(CapturedOutput output) {
        runner.withUserConfiguration(OrdersFlow.class).run(context -> {
            assertThat(context).hasNotFailed();
            String endpoint = context.getBean("orders", ZmqSocket.class).lastEndpoint();
            try (PyzmqPeer pusher = PyzmqPeer.start(PUSHER, endpoint, "o1", "o2")) {
                assertThat(pusher.nextLine()).isEqualTo("sent");
                BlockingQueue<String> seen = context.getBean(OrdersFlow.class).seen;
                assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("o1");
                assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("o2");
            }
            assertThat(output.getOut()).contains("Monocoque enabled it").contains("spring-boot-starter-integration");
        });
    }

    @Test
    void anApplicationThatEnablesSpringIntegrationItselfIsLeftAsItIs(CapturedOutput output) {
        runner.withUserConfiguration(OrdersFlow.class, Enabled.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output.getOut()).doesNotContain("Monocoque enabled it");
        });
    }

    @Test
    void anApplicationThatDoesNotUseSpringIntegrationDoesNotGetIt(CapturedOutput output) {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean("integrationConfigurationBeanFactoryPostProcessor");
            assertThat(output.getOut()).doesNotContain("Monocoque enabled it");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OrdersFlow {

        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

        @Bean
        IntegrationFlow ordersFlow() {
            return IntegrationFlow.from(Zmq.inboundAdapter("orders").payloadType(String.class))
                    .handle(String.class, (body, headers) -> {
                        seen.add(body);
                        return null;
                    })
                    .get();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableIntegration
    static class Enabled {
    }
}
