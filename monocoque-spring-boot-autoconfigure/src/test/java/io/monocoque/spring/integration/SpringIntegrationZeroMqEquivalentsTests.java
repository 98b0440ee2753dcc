package io.monocoque.spring.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.spring.integration.dsl.Zmq;
import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.spring.messaging.ZmqSocketSource;
import io.monocoque.spring.messaging.ZmqSubscribableChannel;
import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.expression.FunctionExpression;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The examples of {@code spring-integration-zeromq}'s reference page ("ZeroMQ Support": the
 * proxy, the message channel, the inbound and outbound channel adapters and the Java DSL),
 * each written with Monocoque's equivalent and run on real sockets, showing that they behave
 * the same. The comment on each bean names the {@code spring-integration-zeromq} call it stands
 * for. Fixed ports in the examples (6001, 6002, 7070, 6060, 9000, 9001) are ephemeral here.
 */
class SpringIntegrationZeroMqEquivalentsTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class, MonocoqueIntegrationAutoConfiguration.class));

    /** The test's own peers, standing for the other processes of the examples. */
    private final ZmqContext peers = ZmqContext.create();
    private final List<ZmqSocket> peerSockets = new ArrayList<>();

    @AfterEach
    void closePeers() {
        peerSockets.forEach(ZmqSocket::close);
        peers.close();
    }

    private ZmqSocket peer(SocketType type) {
        ZmqSocket s = peers.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        peerSockets.add(s);
        return s;
    }

    /** A PUB reaches a SUB only once its subscription has arrived: publishes until the first message is through. */
    private static ZmqMessage publishUntilReceived(Runnable publish, ZmqSocket subscriber) {
        AtomicReference<ZmqMessage> got = new AtomicReference<>();
        await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> {
            publish.run();
            got.set(subscriber.receive(Duration.ofMillis(100)));
            return got.get() != null;
        });
        return got.get();
    }

    // ---- "ZeroMQ Proxy" ---------------------------------------------------------------------

    @Configuration(proxyBeanMethods = false)
    static class ProxyExample {

        @Bean
        ZmqProxyBean zeroMqProxy() {
            ZmqProxyBean proxy = new ZmqProxyBean(ZmqProxyBean.Type.SUB_PUB); // new ZeroMqProxy(CONTEXT, ZeroMqProxy.Type.SUB_PUB)
            proxy.setCaptureBind("inproc://zeroMqProxy.capture");             // proxy.setExposeCaptureSocket(true)
            proxy.setControlBind("inproc://zeroMqProxy.control");             // always there in spring-integration-zeromq
            proxy.setFrontendBind("tcp://127.0.0.1:*");                       // proxy.setFrontendPort(6001)
            proxy.setBackendBind("tcp://127.0.0.1:*");                        // proxy.setBackendPort(6002)
            return proxy;
        }
    }

    @Test
    void theProxyExampleForwardsPublishersToSubscribersWithACaptureAndAControlSocket() {
        runner.withUserConfiguration(ProxyExample.class).run(ctx -> {
            ZmqProxyBean proxy = ctx.getBean(ZmqProxyBean.class);
            assertThat(proxy.isRunning()).isTrue();
            assertThat(proxy.getFrontendPort()).isPositive();
            assertThat(proxy.getBackendPort()).isPositive();
            assertThat(proxy.getCaptureEndpoint()).isEqualTo("inproc://zeroMqProxy.capture"); // getCaptureAddress()
            assertThat(proxy.getControlEndpoint()).isEqualTo("inproc://zeroMqProxy.control"); // getControlAddress()

            ZmqContext zmq = ctx.getBean(ZmqContext.class); // inproc endpoints live in the application's context
            try (ZmqSocket capture = zmq.createSocket(SocketType.SUB); ZmqSocket control = zmq.createSocket(SocketType.PAIR)) {
                capture.subscribe(""); // "doesn't expect any specific subscription"
                capture.connect(proxy.getCaptureEndpoint());
                control.connect(proxy.getControlEndpoint());
                ZmqSocket publisher = peer(SocketType.PUB);
                ZmqSocket subscriber = peer(SocketType.SUB);
                publisher.connect("tcp://127.0.0.1:" + proxy.getFrontendPort());
                subscriber.subscribe("");
                subscriber.connect("tcp://127.0.0.1:" + proxy.getBackendPort());

                ZmqMessage got = publishUntilReceived(() -> publisher.send("tick"), subscriber);
                assertThat(got.lastString()).isEqualTo("tick");
                ZmqMessage captured;
                do {
                    captured = capture.receive(WAIT);
                    assertThat(captured).isNotNull();
                } while (!captured.lastString().equals("tick")); // the capture also sees subscriptions going upstream

                control.send("PAUSE"); // ZMQ.PROXY_PAUSE
                await().atMost(WAIT).until(proxy::isPaused);
                control.send("RESUME"); // ZMQ.PROXY_RESUME
                await().atMost(WAIT).until(() -> !proxy.isPaused());
                control.send("TERMINATE"); // ZMQ.PROXY_TERMINATE
                await().atMost(WAIT).until(() -> !proxy.isRunning());
            }
        });
    }

    // ---- "ZeroMQ Message Channel" --------------------------------------------------------------

    @Configuration(proxyBeanMethods = false)
    @EnableIntegration
    static class ChannelExample {

        @Bean
        ZmqProxyBean zeroMqProxy() {
            return new ProxyExample().zeroMqProxy();
        }

        @Bean
        ZmqSubscribableChannel zeroMqPubSubChannel(ZmqSocketFactory socketFactory, ZmqMessageMapper mapper, ZmqProxyBean zeroMqProxy) {
            ZmqSubscribableChannel channel = new ZmqSubscribableChannel(socketFactory, mapper, true); // new ZeroMqChannel(context, true)
            // channel.setConnectUrl("tcp://localhost:6001:6002"), or channel.setZeroMqProxy(zeroMqProxy):
            channel.setRemote(zeroMqProxy::getFrontendConnectEndpoint, zeroMqProxy::getBackendConnectEndpoint);
            // channel.setConsumeDelay(Duration.ofMillis(100)): no equivalent needed, a message is handed over as it arrives
            return channel;
        }
    }

    @Test
    void theChannelExampleDeliversEveryMessageWithItsHeadersToTheSubscribersOfEveryNode() {
        runner.withUserConfiguration(ChannelExample.class).run(ctx -> {
            ZmqSubscribableChannel here = ctx.getBean("zeroMqPubSubChannel", ZmqSubscribableChannel.class);
            ZmqProxyBean proxy = ctx.getBean(ZmqProxyBean.class);
            // Another node (another application in real life) with a channel on the same proxy
            ZmqSubscribableChannel there = new ZmqSubscribableChannel(peers, ctx.getBean(ZmqMessageMapper.class), true);
            there.setBeanName("otherNode");
            there.setRemote(proxy.getFrontendConnectEndpoint(), proxy.getBackendConnectEndpoint());
            List<Message<?>> receivedHere = new CopyOnWriteArrayList<>();
            List<Message<?>> receivedThere = new CopyOnWriteArrayList<>();
            here.subscribe(receivedHere::add);
            there.subscribe(receivedThere::add);
            there.start();
            try {
                await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                    here.send(MessageBuilder.withPayload("warm-up").build());
                    return !receivedHere.isEmpty() && !receivedThere.isEmpty();
                });
                Message<String> sent = MessageBuilder.withPayload("hello").setHeader("origin", "node-1").setHeader("attempt", 2).build();
                here.send(sent);
                for (List<Message<?>> received : List.of(receivedHere, receivedThere)) {
                    await().atMost(WAIT).until(() -> received.stream().anyMatch(m -> "hello".equals(m.getPayload())));
                    Message<?> got = received.stream().filter(m -> "hello".equals(m.getPayload())).findFirst().orElseThrow();
                    // EmbeddedJsonHeadersMessageMapper's effect: the message comes back whole, headers included
                    assertThat(got.getHeaders().getId()).isEqualTo(sent.getHeaders().getId());
                    assertThat(got.getHeaders()).containsEntry("origin", "node-1").containsEntry("attempt", 2);
                }
            } finally {
                there.stop();
            }
        });
    }

    @Test
    void aChannelWithoutARemoteEndpointIsLocalLikeTheExampleWithoutConnectUrl() {
        runner.withUserConfiguration(LocalChannel.class).run(ctx -> {
            ZmqSubscribableChannel channel = ctx.getBean("localChannel", ZmqSubscribableChannel.class);
            List<Object> a = new CopyOnWriteArrayList<>();
            List<Object> b = new CopyOnWriteArrayList<>();
            channel.subscribe(m -> a.add(m.getPayload()));
            channel.subscribe(m -> b.add(m.getPayload()));
            for (int i = 0; i < 4; i++) {
                channel.send(MessageBuilder.withPayload("m" + i).build());
            }
            // push/pull, the default model of ZeroMqChannel: round robin between the subscribers
            await().atMost(WAIT).until(() -> a.size() + b.size() == 4);
            assertThat(a).containsExactly("m0", "m2");
            assertThat(b).containsExactly("m1", "m3");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class LocalChannel {

        @Bean
        ZmqSubscribableChannel localChannel(ZmqSocketFactory socketFactory, ZmqMessageMapper mapper) {
            return new ZmqSubscribableChannel(socketFactory, mapper, false); // new ZeroMqChannel(context)
        }
    }

    // ---- "ZeroMQ Inbound Channel Adapter" ------------------------------------------------------

    @Configuration(proxyBeanMethods = false)
    @EnableIntegration
    static class InboundAdapterExample {

        @Bean
        QueueChannel outputChannel() {
            return new QueueChannel();
        }

        @Bean
        ZmqInboundChannelAdapter zeroMqMessageProducer(MessageChannel outputChannel) {
            ZmqInboundChannelAdapter messageProducer = new ZmqInboundChannelAdapter(
                    ZmqSocketSource.declare(SocketType.SUB)   // new ZeroMqMessageProducer(context, SocketType.SUB)
                            .subscribe("some")                 // messageProducer.setTopics("some")
                            .bind("tcp://127.0.0.1:*"));       // messageProducer.setBindPort(7070)
            messageProducer.setOutputChannel(outputChannel);
            messageProducer.setPayloadType(ZmqMessage.class);  // messageProducer.setReceiveRaw(true)
            // messageProducer.setConsumeDelay(Duration.ofMillis(100)): not needed, no polling
            return messageProducer;
        }
    }

    @Test
    void theInboundAdapterExampleReceivesRawMessagesOfItsTopicOnly() {
        runner.withUserConfiguration(InboundAdapterExample.class).run(ctx -> {
            ZmqInboundChannelAdapter producer = ctx.getBean(ZmqInboundChannelAdapter.class);
            QueueChannel output = ctx.getBean("outputChannel", QueueChannel.class);
            ZmqSocket publisher = peer(SocketType.PUB);
            publisher.connect(producer.getEndpoints().get(0)); // messageProducer.getBoundPort()
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                publisher.send(ZmqMessage.of("other", "not for us"));
                publisher.send(ZmqMessage.of("some", "data"));
                return output.getQueueSize() > 0;
            });
            Message<?> got = output.receive(0);
            assertThat(got.getPayload()).isInstanceOf(ZmqMessage.class);
            ZmqMessage raw = (ZmqMessage) got.getPayload();
            assertThat(raw.frames()).hasSize(2);
            assertThat(raw.firstString()).isEqualTo("some");
            assertThat(raw.lastString()).isEqualTo("data");
            assertThat(got.getHeaders()).containsEntry(ZmqHeaders.TOPIC, "some");
            for (Message<?> more = output.receive(0); more != null; more = output.receive(0)) {
                assertThat(((ZmqMessage) more.getPayload()).firstString()).isEqualTo("some");
            }
        });
    }

    // ---- "ZeroMQ Outbound Channel Adapter" -----------------------------------------------------

    @Configuration(proxyBeanMethods = false)
    @EnableIntegration
    static class OutboundConnectingExample {

        @Bean
        @ServiceActivator(inputChannel = "zeroMqPublisherChannel")
        ZmqOutboundChannelAdapter zeroMqMessageHandler(@Value("${example.subscriber}") String subscriber) {
            // new ZeroMqMessageHandler(context, "tcp://localhost:6060", SocketType.PUB)
            ZmqOutboundChannelAdapter messageHandler = new ZmqOutboundChannelAdapter(ZmqSocketSource.declare(SocketType.PUB).connect(subscriber));
            messageHandler.setTopicExpression(new FunctionExpression<Message<?>>(message -> message.getHeaders().get("topic")));
            messageHandler.setHeaderMapper(new ZmqHeaderFrameMapper()); // messageHandler.setMessageMapper(new EmbeddedJsonHeadersMessageMapper())
            return messageHandler;
        }
    }

    @Test
    void theConnectingOutboundAdapterExamplePublishesUnderTheTopicHeaderWithTheHeadersAlongside() {
        ZmqSocket subscriber = peer(SocketType.SUB);
        subscriber.subscribe("news");
        subscriber.bind("tcp://127.0.0.1:*");
        runner.withUserConfiguration(OutboundConnectingExample.class).withPropertyValues("example.subscriber=" + subscriber.lastEndpoint())
                .run(ctx -> {
                    MessageChannel publisherChannel = ctx.getBean("zeroMqPublisherChannel", MessageChannel.class);
                    ZmqMessage got = publishUntilReceived(() -> publisherChannel.send(
                            MessageBuilder.withPayload("headline").setHeader("topic", "news").setHeader("priority", 1).build()), subscriber);
                    assertThat(got.size()).isEqualTo(3);
                    assertThat(got.firstString()).isEqualTo("news");
                    Map<String, Object> headers = new ZmqHeaderFrameMapper().readHeaders(got.frame(1));
                    assertThat(headers).containsEntry("topic", "news").containsEntry("priority", 1).containsKey(MessageHeaders.ID);
                    assertThat(got.lastString()).isEqualTo("headline");
                });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableIntegration
    static class OutboundBindingExample {

        @Bean
        @ServiceActivator(inputChannel = "zeroMqPublisherChannel")
        ZmqOutboundChannelAdapter zeroMqMessageHandler() {
            // new ZeroMqMessageHandler(context, 7070, SocketType.PUB)
            ZmqOutboundChannelAdapter messageHandler = new ZmqOutboundChannelAdapter(ZmqSocketSource.declare(SocketType.PUB).bind("tcp://127.0.0.1:*"));
            messageHandler.setTopicExpression(new FunctionExpression<Message<?>>(message -> message.getHeaders().get("topic")));
            messageHandler.setHeaderMapper(new ZmqHeaderFrameMapper());
            return messageHandler;
        }
    }

    @Test
    void theBindingOutboundAdapterExampleIsReadBackWholeByAnInboundAdapterWithTheSameMapper() {
        runner.withUserConfiguration(OutboundBindingExample.class).run(ctx -> {
            ZmqOutboundChannelAdapter handler = ctx.getBean(ZmqOutboundChannelAdapter.class);
            assertThat(handler.getEndpoints()).hasSize(1); // bound on start: getBoundPort()
            MessageChannel publisherChannel = ctx.getBean("zeroMqPublisherChannel", MessageChannel.class);

            QueueChannel received = new QueueChannel();
            ZmqInboundChannelAdapter subscriber = new ZmqInboundChannelAdapter(
                    ZmqSocketSource.declare(SocketType.SUB).connect(handler.getEndpoints().get(0)).subscribe("alerts"));
            subscriber.setOutputChannel(received);
            subscriber.setHeaderMapper(new ZmqHeaderFrameMapper());
            subscriber.setBeanFactory(ctx.getAutowireCapableBeanFactory());
            subscriber.afterPropertiesSet();
            subscriber.start();
            try {
                Message<String> sent = MessageBuilder.withPayload("disk full").setHeader("topic", "alerts").setHeader("host", "db-1").build();
                await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                    publisherChannel.send(sent);
                    return received.getQueueSize() > 0;
                });
                Message<?> got = received.receive(0);
                assertThat(got.getPayload()).isEqualTo("disk full");
                assertThat(got.getHeaders().getId()).isEqualTo(sent.getHeaders().getId());
                assertThat(got.getHeaders()).containsEntry("host", "db-1").containsEntry("topic", "alerts")
                        .containsEntry(ZmqHeaders.TOPIC, "alerts");
            } finally {
                subscriber.stop();
            }
        });
    }

    // ---- "ZeroMQ Java DSL Support" -------------------------------------------------------------

    @Configuration(proxyBeanMethods = false)
    @EnableIntegration
    static class DslExample {

        /** The proxy a push/pull channel connects to (the example's "tcp://localhost:6001:6002"). */
        @Bean
        ZmqProxyBean pipelineProxy() {
            ZmqProxyBean proxy = new ZmqProxyBean(ZmqProxyBean.Type.PULL_PUSH);
            proxy.setFrontendBind("tcp://127.0.0.1:*");
            proxy.setBackendBind("tcp://127.0.0.1:*");
            return proxy;
        }

        @Bean
        IntegrationFlow dslFlow(ZmqSocketFactory socketFactory, ZmqMessageMapper mapper, ZmqProxyBean pipelineProxy,
                @Value("${example.source}") String source, @Value("${example.sink}") String sink) {
            return IntegrationFlow.from(
                            Zmq.inboundAdapter(SocketType.SUB)           // ZeroMq.inboundChannelAdapter(this.context, SocketType.SUB)
                                    .connect(source)                     // .connectUrl("tcp://localhost:9000")
                                    .topics("someTopic")                 // .topics("someTopic")
                                    .receiveRaw(true))                   // .receiveRaw(true), and no .consumeDelay(...)
                    .transform(ZmqMessage.class, raw -> raw.lastString()) // the flow parses the raw message
                    .enrichHeaders(h -> h.header("myTopic", "processed"))
                    .channel(Zmq.channel(socketFactory, mapper, false)   // ZeroMq.zeroMqChannel(this.context)
                            .proxy(pipelineProxy)                        // .connectUrl("tcp://localhost:6001:6002")
                            .getObject())                                // the flow registers and starts it
                    .handle(Zmq.outboundAdapter(SocketType.PUB)          // ZeroMq.outboundChannelAdapter(this.context, "tcp://localhost:9001", SocketType.PUB)
                            .connect(sink)
                            .topicFunction(message -> message.getHeaders().get("myTopic"))) // .topicFunction(...)
                    .get();
        }
    }

    @Test
    void theJavaDslExampleRunsFromASubscriberThroughAProxiedChannelToAPublisher() {
        ZmqSocket upstream = peer(SocketType.PUB);
        upstream.bind("tcp://127.0.0.1:*");
        ZmqSocket downstream = peer(SocketType.SUB);
        downstream.subscribe("");
        downstream.bind("tcp://127.0.0.1:*");
        runner.withUserConfiguration(DslExample.class)
                .withPropertyValues("example.source=" + upstream.lastEndpoint(), "example.sink=" + downstream.lastEndpoint())
                .run(ctx -> {
                    assertThat(ctx.getBeansOfType(ZmqSubscribableChannel.class).values()).singleElement()
                            .satisfies(channel -> assertThat(channel.isRunning()).isTrue());
                    ZmqMessage got = publishUntilReceived(() -> {
                        upstream.send(ZmqMessage.of("otherTopic", "ignored"));
                        upstream.send(ZmqMessage.of("someTopic", "reading"));
                    }, downstream);
                    // myTopic was set before the channel: it crossed the channel (and the proxy) with the message
                    assertThat(got.firstString()).isEqualTo("processed");
                    assertThat(got.lastString()).isEqualTo("reading");
                    assertThat(got.size()).isEqualTo(2); // no header mapper on the outbound adapter: topic and payload only
                });
    }

    // ---- Topic wrap and unwrap -----------------------------------------------------------------

    @Test
    void wrappedTopicsAreWrittenWithWrapTopicAndReadAsTheyAreByDefault() {
        runner.withUserConfiguration(FramingFlows.class).run(ctx -> {
            ApplicationContext app = ctx;
            ZmqOutboundChannelAdapter wrapping = app.getBean(ZmqOutboundChannelAdapter.class);
            ZmqSocket subscriber = peer(SocketType.SUB);
            subscriber.subscribe("");
            subscriber.connect(wrapping.getEndpoints().get(0));
            MessageChannel wrap = app.getBean("wrap.input", MessageChannel.class);
            // spring-integration-zeromq's default: [topic, "", payload]
            ZmqMessage got = publishUntilReceived(() -> wrap.send(MessageBuilder.withPayload("p").setHeader(ZmqHeaders.TOPIC, "t").build()),
                    subscriber);
            assertThat(got.size()).isEqualTo(3);
            assertThat(got.firstString()).isEqualTo("t");
            assertThat(got.frameLength(1)).isZero();
            assertThat(got.lastString()).isEqualTo("p");

            // and Monocoque's inbound adapter unwraps it, as it does the plain [topic, payload]
            ZmqInboundChannelAdapter unwrapping = app.getBean("unwrapping", ZmqInboundChannelAdapter.class);
            QueueChannel unwrapped = app.getBean("unwrapped", QueueChannel.class);
            ZmqSocket publisher = peer(SocketType.PUB);
            publisher.connect(unwrapping.getEndpoints().get(0));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                publisher.send(ZmqMessage.of("wrapped", "", "w"));
                return unwrapped.getQueueSize() > 0;
            });
            publisher.send(ZmqMessage.of("plain", "p"));
            List<Message<?>> messages = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                for (Message<?> m = unwrapped.receive(0); m != null; m = unwrapped.receive(0)) {
                    messages.add(m);
                }
                return messages.stream().anyMatch(m -> "plain".equals(m.getHeaders().get(ZmqHeaders.TOPIC)));
            });
            assertThat(messages).allSatisfy(m -> {
                String topic = (String) m.getHeaders().get(ZmqHeaders.TOPIC);
                assertThat(topic).isIn("wrapped", "plain");
                assertThat(m.getPayload()).isEqualTo(topic.equals("wrapped") ? "w" : "p");
            });
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableIntegration
    static class FramingFlows {

        @Bean
        QueueChannel unwrapped() {
            return new QueueChannel();
        }

        @Bean
        IntegrationFlow wrap() {
            return f -> f.handle(Zmq.outboundAdapter(SocketType.PUB).bind("tcp://127.0.0.1:*").wrapTopic(true));
        }

        @Bean
        IntegrationFlow unwrap() {
            return IntegrationFlow.from(Zmq.inboundAdapter(SocketType.SUB).bind("tcp://127.0.0.1:*").topics("").payloadType(String.class)
                            .id("unwrapping"))
                    .channel("unwrapped")
                    .get();
        }
    }
}
