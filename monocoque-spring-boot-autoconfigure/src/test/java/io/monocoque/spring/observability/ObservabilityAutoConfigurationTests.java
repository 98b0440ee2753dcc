package io.monocoque.spring.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.spring.health.MonocoqueHealthAutoConfiguration;
import io.monocoque.spring.health.ZmqHealthIndicator;
import io.monocoque.spring.metrics.MonocoqueMetricsAutoConfiguration;
import io.monocoque.spring.metrics.ZmqSocketMetrics;
import io.monocoque.spring.observation.MonocoqueObservationAutoConfiguration;
import io.monocoque.spring.observation.ZmqListenerObservationInterceptor;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Meters, health and listener observations for Monocoque sockets, and the conditions that switch them on. */
class ObservabilityAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
                    MonocoqueMetricsAutoConfiguration.class, MonocoqueObservationAutoConfiguration.class,
                    MonocoqueHealthAutoConfiguration.class))
            .withPropertyValues("monocoque.sockets.orders.type=pull", "monocoque.sockets.orders.bind=inproc://orders-obs",
                    "monocoque.sockets.orders.linger=0s");

    private static void sendOrders(ZmqContext ctx, int count) {
        try (ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            push.setOption(SocketOption.LINGER, Duration.ofSeconds(1));
            push.connect("inproc://orders-obs");
            for (int i = 0; i < count; i++) {
                push.send(ZmqMessage.of("order-" + i));
            }
        }
    }

    @Test
    void everySocketGetsMetersTaggedWithItsNameAndType() {
        runner.withUserConfiguration(Registry.class).run(context -> {
            assertThat(context).hasSingleBean(ZmqSocketMetrics.class);
            ZmqSocket orders = context.getBean("orders", ZmqSocket.class);
            sendOrders(context.getBean(ZmqContext.class), 3);
            for (int i = 0; i < 3; i++) {
                assertThat(orders.receive(Duration.ofSeconds(5))).isNotNull();
            }
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("zmq.messages.received").tags("socket", "orders", "type", "PULL").functionCounter().count())
                    .isEqualTo(3.0);
            assertThat(registry.get("zmq.bytes.received").tags("socket", "orders").functionCounter().count())
                    .isEqualTo(3.0 * "order-0".length());
            assertThat(registry.get("zmq.messages.sent").tags("socket", "orders").functionCounter().count()).isZero();
            assertThat(registry.find("zmq.peers").tags("socket", "orders").gauge()).isNotNull();
            assertThat(registry.find("zmq.queue.size").tags("socket", "orders").gauge()).isNotNull();
            assertThat(registry.find("zmq.messages.dropped").tags("socket", "orders").functionCounter()).isNotNull();
            assertThat(registry.find("zmq.handshake.failures").tags("socket", "orders").functionCounter()).isNotNull();
            assertThat(registry.find("zmq.reconnects").tags("socket", "orders").functionCounter()).isNotNull();
        });
    }

    @Test
    void withoutAMeterRegistryThereAreNoMeters() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ZmqSocketMetrics.class));
    }

    @Test
    void withoutMicrometerOnTheClassPathThereAreNoMetersAndNoObservations() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class, ObservationRegistry.class))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(ZmqSocketMetrics.class);
                    assertThat(context).doesNotHaveBean(ZmqListenerObservationInterceptor.class);
                    assertThat(context).hasSingleBean(ZmqHealthIndicator.class);
                });
    }

    @Test
    void healthShowsEverySocketWithTypeEndpointsAndPeers() {
        runner.run(context -> {
            ZmqHealthIndicator indicator = context.getBean("zmqHealthIndicator", ZmqHealthIndicator.class);
            sendOrders(context.getBean(ZmqContext.class), 0);
            Health health = indicator.health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsKey("transport");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> sockets = (Map<String, Map<String, Object>>) health.getDetails().get("sockets");
            assertThat(sockets).containsKey("orders");
            assertThat(sockets.get("orders")).containsEntry("type", "PULL")
                    .containsEntry("endpoints", List.of("inproc://orders-obs"))
                    .containsKey("peers");
        });
    }

    @Test
    void healthIsDownOnceTheContextIsClosed() {
        runner.run(context -> {
            ZmqHealthIndicator indicator = context.getBean(ZmqHealthIndicator.class);
            context.getBean(ZmqContext.class).close();
            assertThat(indicator.health(true).getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void theHealthIndicatorCanBeSwitchedOff() {
        runner.withPropertyValues("management.health.zmq.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ZmqHealthIndicator.class));
    }

    @Test
    void everyListenerCallIsObserved() {
        runner.withUserConfiguration(Observations.class, OrderListener.class).run(context -> {
            assertThat(context).hasSingleBean(ZmqListenerObservationInterceptor.class);
            sendOrders(context.getBean(ZmqContext.class), 2);
            Observations observations = context.getBean(Observations.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> observations.stopped.size() == 2);
            Observation.Context first = observations.stopped.get(0);
            assertThat(first.getName()).isEqualTo("zmq.listener");
            assertThat(first.getLowCardinalityKeyValue("zmq.socket").getValue()).isEqualTo("orders");
            assertThat(first.getLowCardinalityKeyValue("zmq.socket.type").getValue()).isEqualTo("PULL");
            assertThat(context.getBean(OrderListener.class).received).hasSize(2);
        });
    }

    @Test
    void withoutAnObservationRegistryListenersAreNotObserved() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ZmqListenerObservationInterceptor.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Observations {
        final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

        @Bean
        ObservationRegistry observationRegistry() {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new ObservationHandler<>() {
                @Override
                public void onStop(Observation.Context context) {
                    stopped.add(context);
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            });
            return registry;
        }
    }

    static class OrderListener {
        final List<String> received = new CopyOnWriteArrayList<>();

        @ZmqListener(socket = "orders")
        void onOrder(String order) {
            received.add(order);
        }
    }
}
