package io.monocoque.spring.integration.dsl;

import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.spring.integration.ZmqInboundChannelAdapter;
import io.monocoque.spring.integration.ZmqInboundGateway;
import io.monocoque.spring.integration.ZmqOutboundChannelAdapter;
import io.monocoque.spring.integration.ZmqOutboundGateway;
import io.monocoque.spring.messaging.ZmqSocketSource;
import io.monocoque.spring.messaging.ZmqSubscribableChannel;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.SocketType;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

import org.springframework.integration.dsl.IntegrationComponentSpec;
import org.springframework.integration.dsl.MessageHandlerSpec;
import org.springframework.integration.dsl.MessageProducerSpec;
import org.springframework.integration.dsl.MessagingGatewaySpec;
import org.springframework.messaging.Message;

/**
 * The Java DSL for Monocoque's Spring Integration components. Sockets are named
 * ({@code Zmq.inboundAdapter("events")}: the {@code monocoque.sockets.events} bean) or declared
 * ({@code Zmq.inboundAdapter(SocketType.SUB).connect("tcp://host:5556").topics("orders.")}).
 *
 * <pre>{@code
 * IntegrationFlow.from(Zmq.inboundAdapter(SocketType.PULL).bind("tcp://*:5557").payloadType(String.class))
 *         .transform(String::toUpperCase)
 *         .handle(Zmq.outboundAdapter(SocketType.PUB).bind("tcp://*:5558").topic("upper"))
 *         .get();
 * }</pre>
 */
public final class Zmq {

    private Zmq() {
    }

    public static InboundAdapterSpec inboundAdapter(String socketBeanName) {
        return new InboundAdapterSpec(ZmqSocketSource.bean(socketBeanName));
    }

    public static InboundAdapterSpec inboundAdapter(SocketType type) {
        return new InboundAdapterSpec(ZmqSocketSource.declare(type));
    }

    public static InboundAdapterSpec inboundAdapter(ZmqSocketSource source) {
        return new InboundAdapterSpec(source);
    }

    public static OutboundAdapterSpec outboundAdapter(String socketBeanName) {
        return new OutboundAdapterSpec(ZmqSocketSource.bean(socketBeanName));
    }

    public static OutboundAdapterSpec outboundAdapter(SocketType type) {
        return new OutboundAdapterSpec(ZmqSocketSource.declare(type));
    }

    public static OutboundAdapterSpec outboundAdapter(ZmqSocketSource source) {
        return new OutboundAdapterSpec(source);
    }

    public static InboundGatewaySpec inboundGateway(String socketBeanName) {
        return new InboundGatewaySpec(ZmqSocketSource.bean(socketBeanName));
    }

    /** A gateway on a declared REP or ROUTER socket. */
    public static InboundGatewaySpec inboundGateway(SocketType type) {
        return new InboundGatewaySpec(ZmqSocketSource.declare(type));
    }

    public static InboundGatewaySpec inboundGateway(ZmqSocketSource source) {
        return new InboundGatewaySpec(source);
    }

    public static OutboundGatewaySpec outboundGateway(String socketBeanName) {
        return new OutboundGatewaySpec(ZmqSocketSource.bean(socketBeanName));
    }

    /** A gateway on a declared REQ or DEALER socket. */
    public static OutboundGatewaySpec outboundGateway(SocketType type) {
        return new OutboundGatewaySpec(ZmqSocketSource.declare(type));
    }

    public static OutboundGatewaySpec outboundGateway(ZmqSocketSource source) {
        return new OutboundGatewaySpec(source);
    }

    /** A PUB/SUB ({@code pubSub}) or PUSH/PULL channel on sockets from {@code socketFactory}. */
    public static ChannelSpec channel(ZmqSocketFactory socketFactory, ZmqMessageMapper mapper, boolean pubSub) {
        return new ChannelSpec(new ZmqSubscribableChannel(socketFactory, mapper, pubSub));
    }

    /** Declared-socket settings shared by the specs. */
    private static void declared(ZmqSocketSource source, Consumer<ZmqSocketSource> change) {
        change.accept(source);
    }

    public static final class InboundAdapterSpec extends MessageProducerSpec<InboundAdapterSpec, ZmqInboundChannelAdapter> {

        private final ZmqSocketSource source;

        InboundAdapterSpec(ZmqSocketSource source) {
            super(new ZmqInboundChannelAdapter(source));
            this.source = source;
        }

        public InboundAdapterSpec bind(String... endpoints) {
            declared(source, s -> s.bind(endpoints));
            return this;
        }

        public InboundAdapterSpec connect(String... endpoints) {
            declared(source, s -> s.connect(endpoints));
            return this;
        }

        /** SUB topic prefixes ({@code ""}: everything). */
        public InboundAdapterSpec topics(String... topics) {
            source.subscribe(topics);
            return this;
        }

        public InboundAdapterSpec socketFactory(ZmqSocketFactory factory) {
            source.socketFactory(factory);
            return this;
        }

        public InboundAdapterSpec unwrapTopic(boolean unwrap) {
            target.setUnwrapTopic(unwrap);
            return this;
        }

        public InboundAdapterSpec payloadType(Class<?> type) {
            target.setPayloadType(type);
            return this;
        }

        public InboundAdapterSpec messageMapper(ZmqMessageMapper mapper) {
            target.setMessageMapper(mapper);
            return this;
        }

        public InboundAdapterSpec concurrency(int concurrency) {
            target.setConcurrency(concurrency);
            return this;
        }
    }

    public static final class OutboundAdapterSpec extends MessageHandlerSpec<OutboundAdapterSpec, ZmqOutboundChannelAdapter> {

        private final ZmqSocketSource source;

        OutboundAdapterSpec(ZmqSocketSource source) {
            this.target = new ZmqOutboundChannelAdapter(source);
            this.source = source;
        }

        public OutboundAdapterSpec bind(String... endpoints) {
            source.bind(endpoints);
            return this;
        }

        public OutboundAdapterSpec connect(String... endpoints) {
            source.connect(endpoints);
            return this;
        }

        public OutboundAdapterSpec socketFactory(ZmqSocketFactory factory) {
            source.socketFactory(factory);
            return this;
        }

        /** Topic wrap: every message under this topic (PUB/XPUB). */
        public OutboundAdapterSpec topic(String topic) {
            target.setTopic(topic);
            return this;
        }

        /** Topic wrap: the topic from a SpEL expression on the message, e.g. {@code "headers.topic"}. */
        public OutboundAdapterSpec topicExpression(String expression) {
            target.setTopicExpression(PARSER.parseExpression(expression));
            return this;
        }

        public OutboundAdapterSpec topicFunction(Function<Message<?>, ?> function) {
            target.setTopicFunction(function);
            return this;
        }

        public OutboundAdapterSpec messageMapper(ZmqMessageMapper mapper) {
            target.setMessageMapper(mapper);
            return this;
        }
    }

    public static final class InboundGatewaySpec extends MessagingGatewaySpec<InboundGatewaySpec, ZmqInboundGateway> {

        private final ZmqSocketSource source;

        InboundGatewaySpec(ZmqSocketSource source) {
            super(new ZmqInboundGateway(source));
            this.source = source;
        }

        public InboundGatewaySpec bind(String... endpoints) {
            source.bind(endpoints);
            return this;
        }

        public InboundGatewaySpec connect(String... endpoints) {
            source.connect(endpoints);
            return this;
        }

        public InboundGatewaySpec socketFactory(ZmqSocketFactory factory) {
            source.socketFactory(factory);
            return this;
        }

        public InboundGatewaySpec payloadType(Class<?> type) {
            target.setPayloadType(type);
            return this;
        }

        public InboundGatewaySpec concurrency(int concurrency) {
            target.setConcurrency(concurrency);
            return this;
        }

        public InboundGatewaySpec errorReply(Function<Throwable, Object> function) {
            target.setErrorReplyFunction(function);
            return this;
        }

        public InboundGatewaySpec messageMapper(ZmqMessageMapper mapper) {
            target.setMessageMapper(mapper);
            return this;
        }
    }

    public static final class OutboundGatewaySpec extends MessageHandlerSpec<OutboundGatewaySpec, ZmqOutboundGateway> {

        private final ZmqSocketSource source;

        OutboundGatewaySpec(ZmqSocketSource source) {
            this.target = new ZmqOutboundGateway(source);
            this.source = source;
        }

        public OutboundGatewaySpec bind(String... endpoints) {
            source.bind(endpoints);
            return this;
        }

        public OutboundGatewaySpec connect(String... endpoints) {
            source.connect(endpoints);
            return this;
        }

        public OutboundGatewaySpec socketFactory(ZmqSocketFactory factory) {
            source.socketFactory(factory);
            return this;
        }

        public OutboundGatewaySpec replyTimeout(Duration timeout) {
            target.setReplyTimeout(timeout);
            return this;
        }

        public OutboundGatewaySpec replyPayloadType(Class<?> type) {
            target.setReplyPayloadType(type);
            return this;
        }

        public OutboundGatewaySpec messageMapper(ZmqMessageMapper mapper) {
            target.setMessageMapper(mapper);
            return this;
        }
    }

    /** A {@link ZmqSubscribableChannel}; {@code getObject()} gives it (register it as a bean or pass it to {@code .channel(...)}). */
    public static final class ChannelSpec extends IntegrationComponentSpec<ChannelSpec, ZmqSubscribableChannel> {

        ChannelSpec(ZmqSubscribableChannel channel) {
            this.target = channel;
        }

        public ChannelSpec remote(String sendEndpoint, String receiveEndpoint) {
            target.setRemote(sendEndpoint, receiveEndpoint);
            return this;
        }

        public ChannelSpec subscriptions(String... topics) {
            target.setSubscriptions(topics);
            return this;
        }

        public ChannelSpec topicFunction(Function<Message<?>, ?> function) {
            target.setTopicFunction(function);
            return this;
        }

        public ChannelSpec payloadType(Class<?> type) {
            target.setPayloadType(type);
            return this;
        }

        @Override
        public ChannelSpec id(String id) {
            target.setBeanName(id);
            return super.id(id);
        }
    }
}
