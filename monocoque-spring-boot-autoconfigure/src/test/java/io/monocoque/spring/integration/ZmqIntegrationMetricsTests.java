package io.monocoque.spring.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.spring.core.ZmqReplyTimeoutException;
import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.spring.integration.dsl.Zmq;
import io.monocoque.spring.messaging.ZmqSubscribableChannel;
import io.monocoque.spring.metrics.MonocoqueMetricsAutoConfiguration;
import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The channel, adapters and gateways show up in the same per-socket meters as listeners do
 * ({@code zmq.messages.sent}/{@code received}, tagged with the socket's name), plus
 * {@code zmq.messages.failed} for what they could not deliver.
 */
class ZmqIntegrationMetricsTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ORDERS = "inproc://metrics-orders-" + UUID.randomUUID();
    private static final String NOBODY = "inproc://metrics-nobody-" + UUID.randomUUID();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class, MonocoqueIntegrationAutoConfiguration.class,
                    MonocoqueMetricsAutoConfiguration.class))
            .withUserConfiguration(Flows.class);

    @Configuration(proxyBeanMethods = false)
    @EnableIntegration
    static class Flows {

        final List<Object> handled = new CopyOnWriteArrayList<>();

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        IntegrationFlow orders() {
            return IntegrationFlow.from(Zmq.inboundAdapter(SocketType.PULL).bind(ORDERS).payloadType(String.class).id("orderIn"))
                    .handle(String.class, (payload, headers) -> {
                        if (payload.equals("bad")) {
                            throw new IllegalArgumentException("bad order");
                        }
                        handled.add(payload);
                        return null;
                    })
                    .get();
        }

        @Bean
        IntegrationFlow silent() {
            return f -> f.handle(Zmq.outboundGateway(SocketType.DEALER).connect(NOBODY).replyTimeout(Duration.ofMillis(300))
                    .socketCustomizer(s -> s.setOption(SocketOption.LINGER, Duration.ZERO)));
        }

        @Bean
        ZmqSubscribableChannel events(ZmqSocketFactory socketFactory, ZmqMessageMapper mapper) {
            return Zmq.channel(socketFactory, mapper, false).getObject();
        }
    }

    private static double count(MeterRegistry meters, String name, String socket) {
        return meters.get(name).tag("socket", socket).functionCounter().count();
    }

    @Test
    void anInboundAdapterCountsWhatItReceivedUnderItsOwnNameAndWhatTheFlowRejected() {
        runner.run(ctx -> {
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            Flows flows = ctx.getBean(Flows.class);
            ZmqContext zmq = ctx.getBean(ZmqContext.class);
            try (ZmqSocket push = zmq.createSocket(SocketType.PUSH)) {
                push.connect(ORDERS);
                push.send("good-1");
                push.send("bad");
                push.send("good-2");
                await().atMost(WAIT).until(() -> flows.handled.size() == 2);
                await().atMost(WAIT).until(() -> count(meters, "zmq.messages.failed", "orderIn") == 1.0);
                assertThat(count(meters, "zmq.messages.received", "orderIn")).isEqualTo(3.0);
                assertThat(meters.get("zmq.messages.received").tag("socket", "orderIn").tag("type", "PULL").functionCounter()).isNotNull();
            }
        });
    }

    @Test
    void anOutboundGatewayCountsItsRequestsAndItsTimeouts() {
        runner.run(ctx -> {
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            MessageChannel silent = ctx.getBean("silent.input", MessageChannel.class);
            String socket = ctx.getBean(ZmqOutboundGateway.class).getSocketSource().getName();
            ZmqContext zmq = ctx.getBean(ZmqContext.class);
            try (ZmqSocket server = zmq.createSocket(SocketType.ROUTER)) {
                server.bind(NOBODY); // takes the request and never answers
                assertThatThrownBy(() -> silent.send(MessageBuilder.withPayload("anyone?").build()))
                        .isInstanceOf(ZmqReplyTimeoutException.class);
                assertThat(count(meters, "zmq.messages.failed", socket)).isEqualTo(1.0);
                assertThat(count(meters, "zmq.messages.sent", socket)).isEqualTo(1.0);
            }
        });
    }

    @Test
    void aChannelCountsOnItsSendingAndReceivingSockets() {
        runner.run(ctx -> {
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            ZmqSubscribableChannel events = ctx.getBean("events", ZmqSubscribableChannel.class);
            List<Object> received = new CopyOnWriteArrayList<>();
            events.subscribe(m -> {
                if ("poison".equals(m.getPayload())) {
                    throw new IllegalStateException("cannot digest");
                }
                received.add(m.getPayload());
            });
            events.send(MessageBuilder.withPayload("e1").setHeader(ZmqHeaders.TOPIC, "t").build());
            events.send(MessageBuilder.withPayload("poison").build());
            events.send(MessageBuilder.withPayload("e2").build());
            await().atMost(WAIT).until(() -> received.size() == 2);
            await().atMost(WAIT).until(() -> count(meters, "zmq.messages.failed", "events-in") == 1.0);
            assertThat(count(meters, "zmq.messages.sent", "events-out")).isEqualTo(3.0);
            assertThat(count(meters, "zmq.messages.received", "events-in")).isEqualTo(3.0);
            assertThat(count(meters, "zmq.messages.failed", "events-out")).isZero();
        });
    }
}
