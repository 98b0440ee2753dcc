package io.monocoque.spring.integration.dsl;

import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.spring.integration.ZmqInboundChannelAdapter;
import io.monocoque.spring.integration.ZmqInboundGateway;
import io.monocoque.spring.integration.ZmqOutboundChannelAdapter;
import io.monocoque.spring.integration.ZmqOutboundGateway;
import io.monocoque.spring.integration.ZmqProxyBean;
import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.spring.messaging.ZmqSocketSource;
import io.monocoque.spring.messaging.ZmqSubscribableChannel;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

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
 * ({@code Zmq.inboundAdapter("events")}: the {@code monocoque.sockets.events} bean, with its
 * options and security) or declared ({@code Zmq.inboundAdapter(SocketType.SUB)
 * .connect("tcp://host:5556").topics("orders.")}: created on start, closed on stop, named after
 * the component).
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

    /** An inbound channel adapter on the socket bean {@code socketBeanName} ({@code monocoque.sockets.<name>}). */
    public static InboundAdapterSpec inboundAdapter(String socketBeanName) {
        return new InboundAdapterSpec(ZmqSocketSource.bean(socketBeanName));
    }

    /** An inbound channel adapter on a declared socket of type {@code type}: add {@code bind}/{@code connect}. */
    public static InboundAdapterSpec inboundAdapter(SocketType type) {
        return new InboundAdapterSpec(ZmqSocketSource.declare(type));
    }

    /** An inbound channel adapter on the socket {@code source} gives. */
    public static InboundAdapterSpec inboundAdapter(ZmqSocketSource source) {
        return new InboundAdapterSpec(source);
    }

    /** An outbound channel adapter on the socket bean {@code socketBeanName}. */
    public static OutboundAdapterSpec outboundAdapter(String socketBeanName) {
        return new OutboundAdapterSpec(ZmqSocketSource.bean(socketBeanName));
    }

    /** An outbound channel adapter on a declared socket of type {@code type}. */
    public static OutboundAdapterSpec outboundAdapter(SocketType type) {
        return new OutboundAdapterSpec(ZmqSocketSource.declare(type));
    }

    /** An outbound channel adapter on the socket {@code source} gives. */
    public static OutboundAdapterSpec outboundAdapter(ZmqSocketSource source) {
        return new OutboundAdapterSpec(source);
    }

    /** An inbound gateway on the REP or ROUTER socket bean {@code socketBeanName}. */
    public static InboundGatewaySpec inboundGateway(String socketBeanName) {
        return new InboundGatewaySpec(ZmqSocketSource.bean(socketBeanName));
    }

    /** A gateway on a declared REP or ROUTER socket. */
    public static InboundGatewaySpec inboundGateway(SocketType type) {
        return new InboundGatewaySpec(ZmqSocketSource.declare(type));
    }

    /** An inbound gateway on the socket {@code source} gives. */
    public static InboundGatewaySpec inboundGateway(ZmqSocketSource source) {
        return new InboundGatewaySpec(source);
    }

    /** An outbound gateway on the REQ or DEALER socket bean {@code socketBeanName}. */
    public static OutboundGatewaySpec outboundGateway(String socketBeanName) {
        return new OutboundGatewaySpec(ZmqSocketSource.bean(socketBeanName));
    }

    /** A gateway on a declared REQ or DEALER socket. */
    public static OutboundGatewaySpec outboundGateway(SocketType type) {
        return new OutboundGatewaySpec(ZmqSocketSource.declare(type));
    }

    /** An outbound gateway on the socket {@code source} gives. */
    public static OutboundGatewaySpec outboundGateway(ZmqSocketSource source) {
        return new OutboundGatewaySpec(source);
    }

    /**
     * A PUB/SUB ({@code pubSub}) or PUSH/PULL channel on sockets from {@code socketFactory}
     * (the application's {@code ZmqSocketFactory} bean, so customizers and metrics apply).
     */
    public static ChannelSpec channel(ZmqSocketFactory socketFactory, ZmqMessageMapper mapper, boolean pubSub) {
        return new ChannelSpec(new ZmqSubscribableChannel(socketFactory, mapper, pubSub));
    }

    /** Builds a {@link ZmqInboundChannelAdapter}. */
    public static final class InboundAdapterSpec extends MessageProducerSpec<InboundAdapterSpec, ZmqInboundChannelAdapter> {

        private final ZmqSocketSource source;

        InboundAdapterSpec(ZmqSocketSource source) {
            super(new ZmqInboundChannelAdapter(source));
            this.source = source;
        }

        /** Endpoints a declared socket binds to ({@code tcp://*:*} for an ephemeral port). */
        public InboundAdapterSpec bind(String... endpoints) {
            source.bind(endpoints);
            return this;
        }

        /** Endpoints a declared socket connects to. */
        public InboundAdapterSpec connect(String... endpoints) {
            source.connect(endpoints);
            return this;
        }

        /** SUB topic prefixes ({@code ""}: everything). */
        public InboundAdapterSpec topics(String... topics) {
            source.subscribe(topics);
            return this;
        }

        /** Options, such as CURVE keys, for a declared socket before it binds or connects. */
        public InboundAdapterSpec socketCustomizer(Consumer<ZmqSocket> customizer) {
            source.customize(customizer);
            return this;
        }

        /** The factory declared sockets come from (default: the application's). */
        public InboundAdapterSpec socketFactory(ZmqSocketFactory factory) {
            source.socketFactory(factory);
            return this;
        }

        /** Whether a SUB socket's first frame goes to the {@code zmq_topic} header (default {@code true}). */
        public InboundAdapterSpec unwrapTopic(boolean unwrap) {
            target.setUnwrapTopic(unwrap);
            return this;
        }

        /** Payloads as every frame of the message, a {@code ZmqMessage} ({@code receiveRaw}). */
        public InboundAdapterSpec receiveRaw(boolean raw) {
            target.setPayloadType(raw ? ZmqMessage.class : null);
            return this;
        }

        /** Converts payloads to this type (default {@code byte[]}). */
        public InboundAdapterSpec payloadType(Class<?> type) {
            target.setPayloadType(type);
            return this;
        }

        /** Reads headers senders carried in a header frame. */
        public InboundAdapterSpec headerMapper(ZmqHeaderFrameMapper mapper) {
            target.setHeaderMapper(mapper);
            return this;
        }

        /** Payload conversion (default: the application's {@code ZmqMessageMapper}). */
        public InboundAdapterSpec messageMapper(ZmqMessageMapper mapper) {
            target.setMessageMapper(mapper);
            return this;
        }

        /** Receiving threads (default 1: messages in order). */
        public InboundAdapterSpec concurrency(int concurrency) {
            target.setConcurrency(concurrency);
            return this;
        }
    }

    /** Builds a {@link ZmqOutboundChannelAdapter}. */
    public static final class OutboundAdapterSpec extends MessageHandlerSpec<OutboundAdapterSpec, ZmqOutboundChannelAdapter> {

        private final ZmqSocketSource source;

        OutboundAdapterSpec(ZmqSocketSource source) {
            this.target = new ZmqOutboundChannelAdapter(source);
            this.source = source;
        }

        /** Endpoints a declared socket binds to. */
        public OutboundAdapterSpec bind(String... endpoints) {
            source.bind(endpoints);
            return this;
        }

        /** Endpoints a declared socket connects to. */
        public OutboundAdapterSpec connect(String... endpoints) {
            source.connect(endpoints);
            return this;
        }

        /** Options, such as CURVE keys, for a declared socket before it binds or connects. */
        public OutboundAdapterSpec socketCustomizer(Consumer<ZmqSocket> customizer) {
            source.customize(customizer);
            return this;
        }

        /** The factory declared sockets come from (default: the application's). */
        public OutboundAdapterSpec socketFactory(ZmqSocketFactory factory) {
            source.socketFactory(factory);
            return this;
        }

        /** Whether an empty frame follows the topic, {@code [topic, "", payload]} (default {@code false}). */
        public OutboundAdapterSpec wrapTopic(boolean wrap) {
            target.setWrapTopic(wrap);
            return this;
        }

        /** Carries the messages' headers in a frame before the payload. */
        public OutboundAdapterSpec headerMapper(ZmqHeaderFrameMapper mapper) {
            target.setHeaderMapper(mapper);
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

        /** Topic wrap: the topic (a {@code String} or {@code byte[]}) of each message. */
        public OutboundAdapterSpec topicFunction(Function<Message<?>, ?> function) {
            target.setTopicFunction(function);
            return this;
        }

        /** Payload conversion (default: the application's {@code ZmqMessageMapper}). */
        public OutboundAdapterSpec messageMapper(ZmqMessageMapper mapper) {
            target.setMessageMapper(mapper);
            return this;
        }
    }

    /** Builds a {@link ZmqInboundGateway}. */
    public static final class InboundGatewaySpec extends MessagingGatewaySpec<InboundGatewaySpec, ZmqInboundGateway> {

        private final ZmqSocketSource source;

        InboundGatewaySpec(ZmqSocketSource source) {
            super(new ZmqInboundGateway(source));
            this.source = source;
        }

        /** Endpoints a declared socket binds to. */
        public InboundGatewaySpec bind(String... endpoints) {
            source.bind(endpoints);
            return this;
        }

        /** Endpoints a declared socket connects to. */
        public InboundGatewaySpec connect(String... endpoints) {
            source.connect(endpoints);
            return this;
        }

        /** Options, such as CURVE keys, for a declared socket before it binds or connects. */
        public InboundGatewaySpec socketCustomizer(Consumer<ZmqSocket> customizer) {
            source.customize(customizer);
            return this;
        }

        /** The factory declared sockets come from (default: the application's). */
        public InboundGatewaySpec socketFactory(ZmqSocketFactory factory) {
            source.socketFactory(factory);
            return this;
        }

        /** Converts request payloads to this type (default {@code byte[]}). */
        public InboundGatewaySpec payloadType(Class<?> type) {
            target.setPayloadType(type);
            return this;
        }

        /** Requests handled at once on a ROUTER socket (default 1). */
        public InboundGatewaySpec concurrency(int concurrency) {
            target.setConcurrency(concurrency);
            return this;
        }

        /** The reply when the flow failed ({@code null} argument: it produced no reply). */
        public InboundGatewaySpec errorReply(Function<Throwable, Object> function) {
            target.setErrorReplyFunction(function);
            return this;
        }

        /** Reads headers carried with requests and carries the replies' headers back. */
        public InboundGatewaySpec headerMapper(ZmqHeaderFrameMapper mapper) {
            target.setHeaderMapper(mapper);
            return this;
        }

        /** Payload conversion (default: the application's {@code ZmqMessageMapper}). */
        public InboundGatewaySpec messageMapper(ZmqMessageMapper mapper) {
            target.setMessageMapper(mapper);
            return this;
        }
    }

    /** Builds a {@link ZmqOutboundGateway}. */
    public static final class OutboundGatewaySpec extends MessageHandlerSpec<OutboundGatewaySpec, ZmqOutboundGateway> {

        private final ZmqSocketSource source;

        OutboundGatewaySpec(ZmqSocketSource source) {
            this.target = new ZmqOutboundGateway(source);
            this.source = source;
        }

        /** Endpoints a declared socket binds to. */
        public OutboundGatewaySpec bind(String... endpoints) {
            source.bind(endpoints);
            return this;
        }

        /** Endpoints a declared socket connects to. */
        public OutboundGatewaySpec connect(String... endpoints) {
            source.connect(endpoints);
            return this;
        }

        /** Options, such as CURVE keys, for a declared socket before it binds or connects. */
        public OutboundGatewaySpec socketCustomizer(Consumer<ZmqSocket> customizer) {
            source.customize(customizer);
            return this;
        }

        /** The factory declared sockets come from (default: the application's). */
        public OutboundGatewaySpec socketFactory(ZmqSocketFactory factory) {
            source.socketFactory(factory);
            return this;
        }

        /** How long a request waits for its reply (default 5 s). */
        public OutboundGatewaySpec replyTimeout(Duration timeout) {
            target.setReplyTimeout(timeout);
            return this;
        }

        /** Converts reply payloads to this type (default {@code byte[]}). */
        public OutboundGatewaySpec replyPayloadType(Class<?> type) {
            target.setReplyPayloadType(type);
            return this;
        }

        /** Carries the requests' headers and reads those carried with replies. */
        public OutboundGatewaySpec headerMapper(ZmqHeaderFrameMapper mapper) {
            target.setHeaderMapper(mapper);
            return this;
        }

        /** Payload conversion (default: the application's {@code ZmqMessageMapper}). */
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

        /** Sends to {@code sendEndpoint} (a proxy's frontend) and receives from {@code receiveEndpoint} (its backend). */
        public ChannelSpec remote(String sendEndpoint, String receiveEndpoint) {
            target.setRemote(sendEndpoint, receiveEndpoint);
            return this;
        }

        /** Talks through {@code proxy} (XSUB/XPUB for a pub/sub channel, PULL/PUSH for push/pull) in this application. */
        public ChannelSpec proxy(ZmqProxyBean proxy) {
            target.setRemote(proxy::getFrontendConnectEndpoint, proxy::getBackendConnectEndpoint);
            return this;
        }

        /** Topic prefixes the channel's SUB socket subscribes to (default: everything). */
        public ChannelSpec subscriptions(String... topics) {
            target.setSubscriptions(topics);
            return this;
        }

        /** The topic of each message (default: its {@code zmq_topic} header). */
        public ChannelSpec topicFunction(Function<Message<?>, ?> function) {
            target.setTopicFunction(function);
            return this;
        }

        /** Converts received payloads to this type. */
        public ChannelSpec payloadType(Class<?> type) {
            target.setPayloadType(type);
            return this;
        }

        /** How headers travel (default: every header that can); {@code null}: only payload and topic. */
        public ChannelSpec headerMapper(ZmqHeaderFrameMapper mapper) {
            target.setHeaderMapper(mapper);
            return this;
        }

        /** Options, such as CURVE keys, for the sending socket. */
        public ChannelSpec sendSocketCustomizer(Consumer<ZmqSocket> customizer) {
            target.setSendSocketCustomizer(customizer);
            return this;
        }

        /** Options, such as CURVE keys, for the receiving socket. */
        public ChannelSpec receiveSocketCustomizer(Consumer<ZmqSocket> customizer) {
            target.setReceiveSocketCustomizer(customizer);
            return this;
        }

        @Override
        public ChannelSpec id(String id) {
            target.setBeanName(id);
            return super.id(id);
        }
    }
}
