package io.monocoque.spring.integration.dsl;

import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.spring.integration.ZmqOutboundChannelAdapter;
import io.monocoque.spring.messaging.ZmqSocketSource;
import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.ZmqSocket;

import java.util.function.Consumer;
import java.util.function.Function;

import org.springframework.integration.dsl.MessageHandlerSpec;
import org.springframework.messaging.Message;

/** Builds a {@link ZmqOutboundChannelAdapter}. */
public final class ZmqOutboundChannelAdapterSpec extends MessageHandlerSpec<ZmqOutboundChannelAdapterSpec, ZmqOutboundChannelAdapter> {

    private final ZmqSocketSource source;

    ZmqOutboundChannelAdapterSpec(ZmqSocketSource source) {
        this.target = new ZmqOutboundChannelAdapter(source);
        this.source = source;
    }

    /** Endpoints a declared socket binds to. */
    public ZmqOutboundChannelAdapterSpec bind(String... endpoints) {
        source.bind(endpoints);
        return this;
    }

    /** Endpoints a declared socket connects to. */
    public ZmqOutboundChannelAdapterSpec connect(String... endpoints) {
        source.connect(endpoints);
        return this;
    }

    /** Options, such as CURVE keys, for a declared socket before it binds or connects. */
    public ZmqOutboundChannelAdapterSpec socketCustomizer(Consumer<ZmqSocket> customizer) {
        source.customize(customizer);
        return this;
    }

    /** The factory declared sockets come from (default: the application's). */
    public ZmqOutboundChannelAdapterSpec socketFactory(ZmqSocketFactory factory) {
        source.socketFactory(factory);
        return this;
    }

    /** Whether an empty frame follows the topic, {@code [topic, "", payload]} (default {@code false}). */
    public ZmqOutboundChannelAdapterSpec wrapTopic(boolean wrap) {
        target.setWrapTopic(wrap);
        return this;
    }

    /** Carries the messages' headers in a frame before the payload. */
    public ZmqOutboundChannelAdapterSpec headerMapper(ZmqHeaderFrameMapper mapper) {
        target.setHeaderMapper(mapper);
        return this;
    }

    /** Every message in this group (RADIO); default: the {@code zmq_group} header. */
    public ZmqOutboundChannelAdapterSpec group(String group) {
        target.setGroup(group);
        return this;
    }

    /** The group of each message (RADIO), e.g. from a header or the payload; default: the {@code zmq_group} header. */
    public ZmqOutboundChannelAdapterSpec groupFunction(Function<Message<?>, String> function) {
        target.setGroupFunction(function);
        return this;
    }

    /** Topic wrap: every message under this topic (PUB/XPUB). */
    public ZmqOutboundChannelAdapterSpec topic(String topic) {
        target.setTopic(topic);
        return this;
    }

    /** Topic wrap: the topic from a SpEL expression on the message, e.g. {@code "headers.topic"}. */
    public ZmqOutboundChannelAdapterSpec topicExpression(String expression) {
        target.setTopicExpression(PARSER.parseExpression(expression));
        return this;
    }

    /** Topic wrap: the topic (a {@code String} or {@code byte[]}) of each message. */
    public ZmqOutboundChannelAdapterSpec topicFunction(Function<Message<?>, ?> function) {
        target.setTopicFunction(function);
        return this;
    }

    /** Payload conversion (default: the application's {@code ZmqMessageMapper}). */
    public ZmqOutboundChannelAdapterSpec messageMapper(ZmqMessageMapper mapper) {
        target.setMessageMapper(mapper);
        return this;
    }
}
