package io.monocoque.spring.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.spring.integration.dsl.Zmq;
import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.integration.support.management.ManageableLifecycle;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.integration.channel.QueueChannel;

class ZmqIntegrationTests {

    private static final String ID = UUID.randomUUID().toString();
    private static final String IN = "inproc://si-in-" + ID;
    private static final String OUT = "inproc://si-out-" + ID;
    private static final String RR = "inproc://si-rr-" + ID;
    private static final String SILENT = "inproc://si-silent-" + ID;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class, MonocoqueIntegrationAutoConfiguration.class));

    @Test
    void integrationBeansOnlyWithSpringIntegration() {
        runner.run(ctx -> assertThat(ctx).hasBean(MonocoqueIntegrationAutoConfiguration.TASK_EXECUTOR_BEAN_NAME)
                .hasSingleBean(MonocoqueIntegrationAutoConfiguration.class));
        runner.withClassLoader(new FilteredClassLoader(MessageProducerSupport.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(ZmqContext.class)
                        .doesNotHaveBean(MonocoqueIntegrationAutoConfiguration.TASK_EXECUTOR_BEAN_NAME)
                        .doesNotHaveBean(MonocoqueIntegrationAutoConfiguration.class));
    }

    @Test
    @org.junit.jupiter.api.condition.EnabledForJreRange(min = org.junit.jupiter.api.condition.JRE.JAVA_21)
    void inboundThreadsAreVirtualWhenSpringBootsVirtualThreadsAreOn() {
        runner.withConfiguration(AutoConfigurations.of(org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration.class))
                .withPropertyValues("spring.threads.virtual.enabled=true").run(ctx -> {
                    org.springframework.core.task.TaskExecutor executor = ctx.getBean(MonocoqueIntegrationAutoConfiguration.TASK_EXECUTOR_BEAN_NAME,
                            org.springframework.core.task.TaskExecutor.class);
                    java.util.concurrent.CompletableFuture<String> thread = new java.util.concurrent.CompletableFuture<>();
                    executor.execute(() -> thread.complete(Thread.currentThread().toString()));
                    assertThat(thread.get(5, java.util.concurrent.TimeUnit.SECONDS)).contains("VirtualThread").contains("zmq-integration-");
                });
    }

    @Configuration
    @EnableIntegration
    static class FlowConfig {

        @Bean
        IntegrationFlow upper() {
            return IntegrationFlow.from(Zmq.inboundAdapter(SocketType.PULL).bind(IN).payloadType(String.class).id("zmqIn"))
                    .transform(String.class, String::toUpperCase)
                    .handle(Zmq.outboundAdapter(SocketType.PUSH).connect(OUT), e -> e.id("zmqOutEndpoint"))
                    .get();
        }

        @Bean
        IntegrationFlow server() {
            return IntegrationFlow.from(Zmq.inboundGateway(SocketType.ROUTER).bind(RR).payloadType(String.class)
                            .errorReply(t -> "ERROR " + (t == null ? "none" : t.getClass().getSimpleName())).id("zmqServer"))
                    .handle(String.class, (p, h) -> {
                        if (p.equals("boom")) {
                            throw new IllegalStateException("boom");
                        }
                        return "echo " + p;
                    })
                    .get();
        }

        @Bean
        IntegrationFlow client() {
            return f -> f.handle(Zmq.outboundGateway(SocketType.DEALER).connect(RR).replyPayloadType(String.class)
                    .replyTimeout(Duration.ofSeconds(5)), e -> e.id("zmqClient"));
        }

        @Bean
        IntegrationFlow silentClient() {
            return f -> f.handle(Zmq.outboundGateway(SocketType.REQ).connect(SILENT).replyTimeout(Duration.ofMillis(300)),
                    e -> e.id("zmqSilentClient"));
        }
    }

    @Test
    void inboundTransformerOutboundAcrossTwoSocketsAndRestart() {
        runner.withUserConfiguration(FlowConfig.class).run(ctx -> {
            ZmqContext zmq = ctx.getBean(ZmqContext.class);
            try (ZmqSocket sink = zmq.createSocket(SocketType.PULL); ZmqSocket source = zmq.createSocket(SocketType.PUSH)) {
                sink.bind(OUT);
                source.connect(IN);
                source.send("hello");
                assertThat(sink.receive(Duration.ofSeconds(5)).lastString()).isEqualTo("HELLO");

                ZmqInboundChannelAdapter in = ctx.getBean("zmqIn", ZmqInboundChannelAdapter.class);
                in.stop();
                assertThat(in.isRunning()).isFalse();
                in.start();
                org.springframework.integration.endpoint.AbstractEndpoint endpoint = ctx.getBean("zmqOutEndpoint",
                        org.springframework.integration.endpoint.AbstractEndpoint.class);
                endpoint.stop();
                endpoint.start();
                // the restarted adapter binds a new socket: an inproc peer of the old one connects again
                try (ZmqSocket again = zmq.createSocket(SocketType.PUSH)) {
                    again.connect(IN);
                    assertThat(again.send(ZmqMessage.of("again"), Duration.ofSeconds(5))).isTrue();
                    assertThat(sink.receive(Duration.ofSeconds(5)).lastString()).isEqualTo("AGAIN");
                }
            }
        });
    }

    @Test
    void gatewaysRequestReplyErrorAndTimeout() {
        runner.withUserConfiguration(FlowConfig.class).run(ctx -> {
            ZmqContext zmq = ctx.getBean(ZmqContext.class);
            org.springframework.messaging.MessageChannel client = ctx.getBean("client.input", org.springframework.messaging.MessageChannel.class);
            QueueChannel replies = new QueueChannel();
            client.send(MessageBuilder.withPayload("hi").setReplyChannel(replies).build());
            assertThat(replies.receive(5000).getPayload()).isEqualTo("echo hi");
            client.send(MessageBuilder.withPayload("boom").setReplyChannel(replies).build());
            assertThat(replies.receive(5000).getPayload()).isEqualTo("ERROR MessageHandlingException");

            // the inbound gateway restarts on a new socket
            ZmqInboundGateway server = ctx.getBean("zmqServer", ZmqInboundGateway.class);
            server.stop();
            server.start();
            // inproc connections do not survive the binder's socket (as in libzmq): restarting the
            // client gateway re-creates its declared DEALER, which connects to the new ROUTER
            org.springframework.integration.endpoint.AbstractEndpoint clientEndpoint = ctx.getBean("zmqClient",
                    org.springframework.integration.endpoint.AbstractEndpoint.class);
            clientEndpoint.stop();
            clientEndpoint.start();
            client.send(MessageBuilder.withPayload("back").setReplyChannel(replies).build());
            assertThat(replies.receive(5000).getPayload()).isEqualTo("echo back");

            try (ZmqSocket silent = zmq.createSocket(SocketType.REP)) {
                silent.bind(SILENT);
                org.springframework.messaging.MessageChannel silentClient = ctx.getBean("silentClient.input",
                        org.springframework.messaging.MessageChannel.class);
                assertThatThrownBy(() -> silentClient.send(MessageBuilder.withPayload("anyone?").setReplyChannel(replies).build()))
                        .isInstanceOf(io.monocoque.spring.core.ZmqReplyTimeoutException.class)
                        .hasMessageContaining("timed out");
            }
        });
    }

    @Test
    void proxyForwardsAndCaptures() throws Exception {
        try (ZmqContext zmq = ZmqContext.create()) {
            ZmqProxyBean proxy = new ZmqProxyBean(ZmqProxyBean.Type.SUB_PUB, zmq);
            proxy.setFrontendBind("tcp://127.0.0.1:*");
            proxy.setBackendBind("tcp://127.0.0.1:*");
            proxy.setCaptureBind("inproc://capture-" + ID);
            for (int round = 0; round < 2; round++) {
                proxy.start();
                try (ZmqSocket pub = zmq.createSocket(SocketType.PUB); ZmqSocket sub = zmq.createSocket(SocketType.SUB);
                        ZmqSocket capture = zmq.createSocket(SocketType.SUB)) {
                    capture.subscribe("");
                    capture.connect(proxy.getCaptureEndpoint());
                    sub.subscribe("t");
                    sub.connect(proxy.getBackendEndpoint());
                    pub.connect(proxy.getFrontendEndpoint());
                    ZmqMessage got = null;
                    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    while (got == null && System.nanoTime() < deadline) {
                        pub.send(ZmqMessage.of("t", "data"));
                        got = sub.receive(Duration.ofMillis(100));
                    }
                    assertThat(got).isNotNull();
                    assertThat(got.lastString()).isEqualTo("data");
                    ZmqMessage captured = null;
                    while (captured == null || !captured.lastString().equals("data")) {
                        captured = capture.receive(Duration.ofSeconds(5));
                        assertThat(captured).isNotNull();
                    }
                    assertThat(proxy.statistics().frontendMessagesIn()).isPositive();
                } finally {
                    proxy.stop();
                }
                assertThat(proxy.isRunning()).isFalse();
            }
        }
    }

    private static final String HEADERS_RR = "inproc://si-headers-" + ID;

    @Configuration
    @EnableIntegration
    static class HeaderGateways {

        @Bean
        IntegrationFlow headerServer() {
            return IntegrationFlow.from(Zmq.inboundGateway(SocketType.ROUTER).bind(HEADERS_RR).payloadType(String.class)
                            .headerMapper(new ZmqHeaderFrameMapper()))
                    .handle(String.class, (payload, headers) -> MessageBuilder.withPayload(payload + " for " + headers.get("tenant"))
                            .setHeader("servedBy", "server-1").build())
                    .get();
        }

        @Bean
        IntegrationFlow headerClient() {
            return f -> f.handle(Zmq.outboundGateway(SocketType.DEALER).connect(HEADERS_RR).headerMapper(new ZmqHeaderFrameMapper())
                    .replyTimeout(Duration.ofSeconds(5)));
        }
    }

    @Test
    void gatewaysWithAHeaderMapperCarryRequestHeadersToTheFlowAndReplyHeadersBack() {
        runner.withUserConfiguration(HeaderGateways.class).run(ctx -> {
            org.springframework.messaging.MessageChannel client = ctx.getBean("headerClient.input", org.springframework.messaging.MessageChannel.class);
            QueueChannel replies = new QueueChannel();
            client.send(MessageBuilder.withPayload("report").setHeader("tenant", "acme").setReplyChannel(replies).build());
            org.springframework.messaging.Message<?> reply = replies.receive(5000);
            assertThat(reply).isNotNull();
            assertThat(reply.getPayload()).isEqualTo("report for acme");
            assertThat(reply.getHeaders()).containsEntry("servedBy", "server-1").containsEntry("tenant", "acme");
        });
    }
}
