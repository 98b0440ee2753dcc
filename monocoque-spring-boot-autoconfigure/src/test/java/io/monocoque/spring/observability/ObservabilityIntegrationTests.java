package io.monocoque.spring.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.spring.health.ZmqHealthIndicator;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A whole application: a listener on a configured tcp socket, counted by meters and shown by health. */
@SpringBootTest(classes = ObservabilityIntegrationTests.App.class, properties = {
        "monocoque.sockets.orders.type=pull",
        "monocoque.sockets.orders.bind=tcp://127.0.0.1:*",
        "monocoque.sockets.orders.linger=0s"})
class ObservabilityIntegrationTests {

    @Autowired
    MeterRegistry meters;

    @Autowired
    ZmqHealthIndicator health;

    @Autowired
    ZmqContext context;

    @Autowired
    @Qualifier("orders")
    ZmqSocket orders;

    @Autowired
    App app;

    @Test
    void aMessageTheListenerFailsOnIsCountedAsFailed() {
        double before = failed();
        try (ZmqSocket push = context.createSocket(SocketType.PUSH)) {
            push.setOption(SocketOption.LINGER, Duration.ofSeconds(1));
            push.connect(orders.lastEndpoint());
            push.send(ZmqMessage.of("reject-me"));
            await().atMost(Duration.ofSeconds(10)).until(() -> failed() == before + 1);
        }
    }

    private double failed() {
        return meters.get("zmq.messages.failed").tags("socket", "orders").functionCounter().count();
    }

    @Test
    void metersCountWhatTheListenerReceivedAndHealthShowsTheSocketAndItsPeer() {
        try (ZmqSocket push = context.createSocket(SocketType.PUSH)) {
            push.setOption(SocketOption.LINGER, Duration.ofSeconds(1));
            push.connect(orders.lastEndpoint());
            for (int i = 0; i < 5; i++) {
                push.send(ZmqMessage.of("order-" + i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> app.received.size() == 5);
            assertThat(app.received).containsExactly("order-0", "order-1", "order-2", "order-3", "order-4");
            assertThat(meters.get("zmq.messages.received").tags("socket", "orders", "type", "PULL")
                    .functionCounter().count()).isEqualTo(5.0 + failed()); // what the listener failed on was received too
            assertThat(meters.get("zmq.peers").tags("socket", "orders").gauge().value()).isEqualTo(1.0);

            Health h = health.health(true);
            assertThat(h.getStatus()).isEqualTo(Status.UP);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> sockets = (Map<String, Map<String, Object>>) h.getDetails().get("sockets");
            assertThat(sockets.get("orders")).containsEntry("type", "PULL").containsEntry("peers", 1)
                    .containsEntry("endpoints", List.of(orders.lastEndpoint()));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
        final List<String> received = new CopyOnWriteArrayList<>();

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @ZmqListener(socket = "orders")
        void onOrder(String order) {
            if (order.equals("reject-me")) {
                throw new IllegalArgumentException("not an order: " + order);
            }
            received.add(order);
        }
    }
}
