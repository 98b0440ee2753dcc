package io.monocoque.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.spring.core.ZmqTemplate;
import io.monocoque.spring.listener.DefaultZmqListenerContainerFactory;
import io.monocoque.spring.listener.ZmqListenerEndpointRegistry;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.IoTransport;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.util.unit.DataSize;

class MonocoqueAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class));

    @Test
    void anEmptyConfigurationGivesOneContextTheTemplateAndTheListenerInfrastructure() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ZmqContext.class);
            assertThat(context).hasSingleBean(ZmqTemplate.class);
            assertThat(context).hasSingleBean(ZmqMessageMapper.class);
            assertThat(context).hasSingleBean(ZmqListenerEndpointRegistry.class);
            assertThat(context).hasBean("zmqListenerContainerFactory");
            assertThat(context).hasBean("zmqMessageConverter");
            assertThat(context).doesNotHaveBean(ZmqSocket.class);
            assertThat(context.getBean(ZmqContext.class).transport()).isNotEqualTo(IoTransport.AUTO);
        });
    }

    @Test
    void theContextUsesTheConfiguredIoThreadsAndTransportAndIsClosedWithTheApplication() {
        List<ZmqContext> seen = new ArrayList<>();
        runner.withPropertyValues("monocoque.io-threads=2", "monocoque.transport=nio").run(context -> {
            ZmqContext zmq = context.getBean(ZmqContext.class);
            seen.add(zmq);
            assertThat(zmq.transport()).isEqualTo(IoTransport.NIO);
        });
        assertThat(seen.get(0).isClosed()).isTrue();
    }

    @Test
    void contextCustomizersChangeTheBuilderInOrder() {
        runner.withUserConfiguration(ContextCustomizers.class).withPropertyValues("monocoque.transport=epoll").run(context -> {
            assertThat(context.getBean(ZmqContext.class).transport()).isEqualTo(IoTransport.NIO);
            assertThat(context.getBean(ContextCustomizers.class).calls).containsExactly("first", "second");
        });
    }

    @Test
    void anApplicationContextBeanReplacesTheAutoConfiguredOne() {
        runner.withUserConfiguration(OwnContext.class).run(context -> {
            assertThat(context).hasSingleBean(ZmqContext.class);
            assertThat(context).hasBean("myContext");
            assertThat(context).doesNotHaveBean("zmqContext");
        });
    }

    @Test
    void eachConfiguredSocketIsABeanNamedAfterItsKeyAndBoundOnStart() {
        runner.withPropertyValues(
                "monocoque.sockets.orders.type=pull",
                "monocoque.sockets.orders.bind=tcp://127.0.0.1:*",
                "monocoque.sockets.quotes.type=req",
                "monocoque.sockets.quotes.connect=tcp://127.0.0.1:5999")
                .withUserConfiguration(NeedsQualifiedSocket.class)
                .run(context -> {
                    ZmqSocket orders = context.getBean("orders", ZmqSocket.class);
                    assertThat(orders.type()).isEqualTo(SocketType.PULL);
                    assertThat(orders.lastEndpoint()).matches("tcp://127\\.0\\.0\\.1:\\d+");
                    assertThat(context.getBean("quotes", ZmqSocket.class).endpoints()).containsExactly("tcp://127.0.0.1:5999");
                    assertThat(context.getBean(NeedsQualifiedSocket.class).orders).isSameAs(orders);
                });
    }

    @Test
    void socketsCloseWhenTheApplicationStops() {
        List<ZmqSocket> seen = new ArrayList<>();
        runner.withPropertyValues("monocoque.sockets.out.type=push", "monocoque.sockets.out.bind=inproc://closes-on-stop")
                .run(context -> seen.add(context.getBean("out", ZmqSocket.class)));
        assertThat(seen.get(0).isClosed()).isTrue();
    }

    @Test
    void everySocketOptionPropertyReachesTheSocket() {
        runner.withPropertyValues(
                "monocoque.sockets.r.type=router",
                "monocoque.sockets.r.bind=inproc://options",
                "monocoque.sockets.r.send-high-water-mark=11",
                "monocoque.sockets.r.receive-high-water-mark=12",
                "monocoque.sockets.r.send-timeout=3s",
                "monocoque.sockets.r.receive-timeout=250ms",
                "monocoque.sockets.r.linger=0",
                "monocoque.sockets.r.reconnect-interval=50ms",
                "monocoque.sockets.r.reconnect-interval-max=5s",
                "monocoque.sockets.r.immediate=true",
                "monocoque.sockets.r.handshake-interval=7s",
                "monocoque.sockets.r.max-message-size=64KB",
                "monocoque.sockets.r.routing-id=router-1",
                "monocoque.sockets.r.router-mandatory=true",
                "monocoque.sockets.r.tcp-keepalive=true",
                "monocoque.sockets.r.metadata.X-Service=pricing")
                .run(context -> {
                    ZmqSocket r = context.getBean("r", ZmqSocket.class);
                    assertThat(r.getOption(SocketOption.SEND_HIGH_WATER_MARK)).isEqualTo(11);
                    assertThat(r.getOption(SocketOption.RECEIVE_HIGH_WATER_MARK)).isEqualTo(12);
                    assertThat(r.getOption(SocketOption.SEND_TIMEOUT)).isEqualTo(Duration.ofSeconds(3));
                    assertThat(r.getOption(SocketOption.RECEIVE_TIMEOUT)).isEqualTo(Duration.ofMillis(250));
                    assertThat(r.getOption(SocketOption.LINGER)).isEqualTo(Duration.ZERO);
                    assertThat(r.getOption(SocketOption.RECONNECT_INTERVAL)).isEqualTo(Duration.ofMillis(50));
                    assertThat(r.getOption(SocketOption.RECONNECT_INTERVAL_MAX)).isEqualTo(Duration.ofSeconds(5));
                    assertThat(r.getOption(SocketOption.IMMEDIATE)).isTrue();
                    assertThat(r.getOption(SocketOption.HANDSHAKE_INTERVAL)).isEqualTo(Duration.ofSeconds(7));
                    assertThat(r.getOption(SocketOption.MAX_MESSAGE_SIZE)).isEqualTo(DataSize.ofKilobytes(64).toBytes());
                    assertThat(new String(r.getOption(SocketOption.ROUTING_ID), StandardCharsets.UTF_8)).isEqualTo("router-1");
                    assertThat(r.getOption(SocketOption.ROUTER_MANDATORY)).isTrue();
                    assertThat(r.getOption(SocketOption.TCP_KEEPALIVE)).isTrue();
                    assertThat(r.getOption(SocketOption.METADATA)).isEqualTo(Map.of("X-Service", "pricing"));
                });
    }

    @Test
    void requestReplyAndRoutingOptionsReachTheirSockets() {
        runner.withPropertyValues(
                "monocoque.sockets.client.type=req", "monocoque.sockets.client.connect=inproc://rr",
                "monocoque.sockets.client.req-relaxed=true", "monocoque.sockets.client.req-correlate=true",
                "monocoque.sockets.client.probe-router=true",
                "monocoque.sockets.server.type=router", "monocoque.sockets.server.bind=inproc://rr",
                "monocoque.sockets.server.router-handover=true")
                .run(context -> {
                    ZmqSocket client = context.getBean("client", ZmqSocket.class);
                    assertThat(client.getOption(SocketOption.REQ_RELAXED)).isTrue();
                    assertThat(client.getOption(SocketOption.REQ_CORRELATE)).isTrue();
                    assertThat(client.getOption(SocketOption.PROBE_ROUTER)).isTrue();
                    assertThat(context.getBean("server", ZmqSocket.class).getOption(SocketOption.ROUTER_HANDOVER)).isTrue();
                });
    }

    @Test
    void xpubVerboseAndSubscriptionsReachTheirSockets() {
        runner.withPropertyValues(
                "monocoque.sockets.feed.type=xpub", "monocoque.sockets.feed.bind=inproc://feed", "monocoque.sockets.feed.xpub-verbose=true",
                "monocoque.sockets.prices.type=sub", "monocoque.sockets.prices.connect=inproc://feed",
                "monocoque.sockets.prices.subscribe=EUR,USD")
                .run(context -> {
                    ZmqSocket feed = context.getBean("feed", ZmqSocket.class);
                    assertThat(feed.getOption(SocketOption.XPUB_VERBOSE)).isTrue();
                    // The sub socket's subscriptions arrive at the xpub as messages: \1EUR and \1USD.
                    List<String> subscriptions = new ArrayList<>();
                    for (int i = 0; i < 2; i++) {
                        ZmqMessage m = feed.receive(Duration.ofSeconds(5));
                        assertThat(m).isNotNull();
                        subscriptions.add(m.frameString(0).substring(1));
                    }
                    assertThat(subscriptions).containsExactlyInAnyOrder("EUR", "USD");
                });
    }

    @Test
    void theDefaultsOfSocketPropertiesAreTheEnginesExceptForABoundedLingerAndMessageSize() {
        MonocoqueProperties.Socket defaults = new MonocoqueProperties.Socket();
        assertThat(defaults.getSendHighWaterMark()).isEqualTo(SocketOption.SEND_HIGH_WATER_MARK.defaultValue());
        assertThat(defaults.getReceiveHighWaterMark()).isEqualTo(SocketOption.RECEIVE_HIGH_WATER_MARK.defaultValue());
        assertThat(defaults.getSendTimeout()).isEqualTo(SocketOption.SEND_TIMEOUT.defaultValue());
        assertThat(defaults.getReceiveTimeout()).isEqualTo(SocketOption.RECEIVE_TIMEOUT.defaultValue());
        assertThat(defaults.getReconnectInterval()).isEqualTo(SocketOption.RECONNECT_INTERVAL.defaultValue());
        assertThat(defaults.getReconnectIntervalMax()).isEqualTo(SocketOption.RECONNECT_INTERVAL_MAX.defaultValue());
        assertThat(defaults.isImmediate()).isEqualTo(SocketOption.IMMEDIATE.defaultValue());
        assertThat(defaults.getHandshakeInterval()).isEqualTo(SocketOption.HANDSHAKE_INTERVAL.defaultValue());
        assertThat(defaults.isRouterMandatory()).isEqualTo(SocketOption.ROUTER_MANDATORY.defaultValue());
        assertThat(defaults.isXpubVerbose()).isEqualTo(SocketOption.XPUB_VERBOSE.defaultValue());
        assertThat(defaults.isReqRelaxed()).isEqualTo(SocketOption.REQ_RELAXED.defaultValue());
        assertThat(defaults.isReqCorrelate()).isEqualTo(SocketOption.REQ_CORRELATE.defaultValue());
        assertThat(defaults.isRouterHandover()).isEqualTo(SocketOption.ROUTER_HANDOVER.defaultValue());
        assertThat(defaults.isProbeRouter()).isEqualTo(SocketOption.PROBE_ROUTER.defaultValue());
        assertThat(defaults.getTcpKeepalive()).isEqualTo(SocketOption.TCP_KEEPALIVE.defaultValue());
        assertThat(defaults.getTcpKeepaliveIdle()).isEqualTo(SocketOption.TCP_KEEPALIVE_IDLE.defaultValue());
        assertThat(defaults.getTcpKeepaliveInterval()).isEqualTo(SocketOption.TCP_KEEPALIVE_INTERVAL.defaultValue());
        assertThat(defaults.getTcpKeepaliveCount()).isEqualTo(SocketOption.TCP_KEEPALIVE_COUNT.defaultValue());
        assertThat(defaults.getTcpMaxRetransmitTimeout()).isEqualTo(SocketOption.TCP_MAX_RETRANSMIT_TIMEOUT.defaultValue());
        assertThat(defaults.getConnectTimeout()).isEqualTo(SocketOption.CONNECT_TIMEOUT.defaultValue());
        assertThat(defaults.getHeartbeatInterval()).isEqualTo(SocketOption.HEARTBEAT_INTERVAL.defaultValue());
        assertThat(defaults.getHeartbeatTtl()).isEqualTo(SocketOption.HEARTBEAT_TTL.defaultValue());
        assertThat(defaults.getHeartbeatTimeout()).isNull(); // not set: the engine's, which is the interval
        assertThat(SocketOption.MAX_MESSAGE_SIZE.defaultValue()).isEqualTo(-1L); // the engine accepts any size, as libzmq
        assertThat(defaults.getMaxMessageSize()).isEqualTo(DataSize.ofMegabytes(1)); // the starter bounds it
        assertThat(defaults.getLinger()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void socketCustomizersRunInOrderBeforeTheSocketBinds() {
        runner.withUserConfiguration(SocketCustomizers.class)
                .withPropertyValues("monocoque.sockets.in.type=pull", "monocoque.sockets.in.bind=inproc://customized")
                .run(context -> {
                    ZmqSocket in = context.getBean("in", ZmqSocket.class);
                    assertThat(in.getOption(SocketOption.RECEIVE_HIGH_WATER_MARK)).isEqualTo(7);
                    assertThat(context.getBean(SocketCustomizers.class).calls).containsExactly("in:first:unbound", "in:second:unbound");
                });
    }

    @Test
    void anApplicationBeanNamedLikeAConfiguredSocketWins() {
        runner.withUserConfiguration(OwnOrdersSocket.class)
                .withPropertyValues("monocoque.sockets.orders.type=pull", "monocoque.sockets.orders.bind=inproc://not-used")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ZmqSocket orders = context.getBean("orders", ZmqSocket.class);
                    assertThat(orders.type()).isEqualTo(SocketType.PUSH);
                    assertThat(orders.endpoints()).isEmpty();
                });
    }

    @Test
    void templateMapperConverterAndContainerFactoryBackOffForTheApplicationsOwn() {
        runner.withUserConfiguration(OwnMessagingBeans.class).run(context -> {
            assertThat(context.getBean(ZmqTemplate.class)).isSameAs(context.getBean("myTemplate"));
            assertThat(context.getBean(ZmqMessageMapper.class)).isSameAs(context.getBean("myMapper"));
            assertThat(context.getBean("zmqMessageConverter")).isInstanceOf(StringMessageConverter.class);
            assertThat(context.getBean("zmqListenerContainerFactory")).isSameAs(context.getBean(OwnMessagingBeans.class).factory);
        });
    }

    @Test
    void applicationMessageConvertersComeFirstInTheChain() {
        runner.withUserConfiguration(ApplicationConverter.class).run(context -> {
            CompositeMessageConverter chain = context.getBean("zmqMessageConverter", CompositeMessageConverter.class);
            assertThat(chain.getConverters().get(0)).isSameAs(context.getBean("upperCase"));
            assertThat(chain.getConverters()).extracting(c -> c.getClass().getSimpleName())
                    .containsSubsequence("ByteArrayMessageConverter", "StringMessageConverter", "JacksonJsonMessageConverter");
        });
    }

    @Test
    void theTemplateReplyTimeoutComesFromProperties() {
        runner.withPropertyValues("monocoque.template.reply-timeout=750ms")
                .run(context -> assertThat(context.getBean(ZmqTemplate.class).getReplyTimeout()).isEqualTo(Duration.ofMillis(750)));
    }

    @Test
    void listenerThreadsComeFromBootsSimpleAsyncTaskExecutorBuilderWithTheirOwnNames() {
        runner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class, JacksonAutoConfiguration.class))
                .run(context -> {
                    DefaultZmqListenerContainerFactory factory = context.getBean(DefaultZmqListenerContainerFactory.class);
                    org.springframework.core.task.SimpleAsyncTaskExecutor executor =
                            (org.springframework.core.task.SimpleAsyncTaskExecutor) factory.getTaskExecutor();
                    assertThat(executor.getThreadNamePrefix()).isEqualTo("zmq-listener-");
                    assertThat(executor.isThrottleActive()).isFalse();
                });
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void listenerThreadsAreVirtualWhenSpringBootsVirtualThreadsAreOn() {
        runner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
                .withPropertyValues("spring.threads.virtual.enabled=true")
                .run(context -> {
                    DefaultZmqListenerContainerFactory factory = context.getBean(DefaultZmqListenerContainerFactory.class);
                    java.util.concurrent.CompletableFuture<Boolean> virtual = new java.util.concurrent.CompletableFuture<>();
                    factory.getTaskExecutor().execute(() -> virtual.complete(Thread.currentThread().toString().contains("VirtualThread")));
                    assertThat(virtual.get(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class ContextCustomizers {

        final List<String> calls = new ArrayList<>();

        @Bean
        @Order(2)
        ZmqContextCustomizer second() {
            return b -> {
                calls.add("second");
                b.transport(IoTransport.NIO);
            };
        }

        @Bean
        @Order(1)
        ZmqContextCustomizer first() {
            return b -> calls.add("first");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnContext {

        @Bean(destroyMethod = "close")
        ZmqContext myContext() {
            return ZmqContext.builder().transport(IoTransport.NIO).build();
        }
    }

    static class NeedsQualifiedSocket {

        final ZmqSocket orders;

        NeedsQualifiedSocket(@Qualifier("orders") ZmqSocket orders) {
            this.orders = orders;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SocketCustomizers {

        final List<String> calls = new ArrayList<>();

        @Bean
        @Order(1)
        ZmqSocketCustomizer first() {
            return (name, socket) -> {
                calls.add(name + ":first:" + (socket.endpoints().isEmpty() ? "unbound" : "bound"));
                socket.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 7);
            };
        }

        @Bean
        @Order(2)
        ZmqSocketCustomizer second() {
            return (name, socket) -> calls.add(name + ":second:" + (socket.endpoints().isEmpty() ? "unbound" : "bound"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnOrdersSocket {

        @Bean
        ZmqSocket orders(ZmqContext context) {
            return context.createSocket(SocketType.PUSH);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnMessagingBeans {

        final DefaultZmqListenerContainerFactory factory = new DefaultZmqListenerContainerFactory();

        @Bean
        ZmqTemplate myTemplate(org.springframework.beans.factory.BeanFactory beanFactory) {
            return new ZmqTemplate(beanFactory, new ZmqMessageMapper(new StringMessageConverter()));
        }

        @Bean
        ZmqMessageMapper myMapper() {
            return new ZmqMessageMapper(new StringMessageConverter());
        }

        @Bean
        MessageConverter zmqMessageConverter() {
            return new StringMessageConverter();
        }

        @Bean
        DefaultZmqListenerContainerFactory zmqListenerContainerFactory() {
            factory.setMessageMapper(new ZmqMessageMapper(new StringMessageConverter()));
            return factory;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ApplicationConverter {

        @Bean
        MessageConverter upperCase() {
            return new StringMessageConverter();
        }
    }
}
