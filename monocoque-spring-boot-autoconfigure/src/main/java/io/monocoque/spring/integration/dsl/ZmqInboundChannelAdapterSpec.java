package io.monocoque.spring.integration.dsl;

import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.spring.integration.ZmqInboundChannelAdapter;
import io.monocoque.spring.messaging.ZmqSocketSource;
import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.util.function.Consumer;

import org.springframework.integration.dsl.MessageProducerSpec;

/** Builds a {@link ZmqInboundChannelAdapter}. */
public final class ZmqInboundChannelAdapterSpec extends MessageProducerSpec<ZmqInboundChannelAdapterSpec, ZmqInboundChannelAdapter> {

    private final ZmqSocketSource source;

    ZmqInboundChannelAdapterSpec(ZmqSocketSource source) {
        super(new ZmqInboundChannelAdapter(source));
        this.source = source;
    }

    /** Endpoints a declared socket binds to ({@code tcp://*:*} for an ephemeral port). */
    public ZmqInboundChannelAdapterSpec bind(String... endpoints) {
        source.bind(endpoints);
        return this;
    }

    /** Endpoints a declared socket connects to. */
    public ZmqInboundChannelAdapterSpec connect(String... endpoints) {
        source.connect(endpoints);
        return this;
    }

    /** DISH groups to join (exact names); a DISH that joins none receives nothing. */
    public ZmqInboundChannelAdapterSpec groups(String... groups) {
        source.join(groups);
        return this;
    }

    /** SUB topic prefixes ({@code ""}: everything). */
    public ZmqInboundChannelAdapterSpec topics(String... topics) {
        source.subscribe(topics);
        return this;
    }

    /** Options, such as CURVE keys, for a declared socket before it binds or connects. */
    public ZmqInboundChannelAdapterSpec socketCustomizer(Consumer<ZmqSocket> customizer) {
        source.customize(customizer);
        return this;
    }

    /** The factory declared sockets come from (default: the application's). */
    public ZmqInboundChannelAdapterSpec socketFactory(ZmqSocketFactory factory) {
        source.socketFactory(factory);
        return this;
    }

    /** Whether a SUB socket's first frame goes to the {@code zmq_topic} header (default {@code true}). */
    public ZmqInboundChannelAdapterSpec unwrapTopic(boolean unwrap) {
        target.setUnwrapTopic(unwrap);
        return this;
    }

    /** Payloads as every frame of the message, a {@code ZmqMessage} ({@code receiveRaw}). */
    public ZmqInboundChannelAdapterSpec receiveRaw(boolean raw) {
        target.setPayloadType(raw ? ZmqMessage.class : null);
        return this;
    }

    /** Converts payloads to this type (default {@code byte[]}). */
    public ZmqInboundChannelAdapterSpec payloadType(Class<?> type) {
        target.setPayloadType(type);
        return this;
    }

    /** Reads headers senders carried in a header frame. */
    public ZmqInboundChannelAdapterSpec headerMapper(ZmqHeaderFrameMapper mapper) {
        target.setHeaderMapper(mapper);
        return this;
    }

    /** Payload conversion (default: the application's {@code ZmqMessageMapper}). */
    public ZmqInboundChannelAdapterSpec messageMapper(ZmqMessageMapper mapper) {
        target.setMessageMapper(mapper);
        return this;
    }

    /** Receiving threads (default 1: messages in order). */
    public ZmqInboundChannelAdapterSpec concurrency(int concurrency) {
        target.setConcurrency(concurrency);
        return this;
    }
}
