package io.monocoque.spring.integration.dsl;

import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.spring.integration.ZmqOutboundGateway;
import io.monocoque.spring.messaging.ZmqSocketSource;
import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.function.Consumer;

import org.springframework.integration.dsl.MessageHandlerSpec;

/** Builds a {@link ZmqOutboundGateway}. */
public final class ZmqOutboundGatewaySpec extends MessageHandlerSpec<ZmqOutboundGatewaySpec, ZmqOutboundGateway> {

    private final ZmqSocketSource source;

    ZmqOutboundGatewaySpec(ZmqSocketSource source) {
        this.target = new ZmqOutboundGateway(source);
        this.source = source;
    }

    /** Endpoints a declared socket binds to. */
    public ZmqOutboundGatewaySpec bind(String... endpoints) {
        source.bind(endpoints);
        return this;
    }

    /** Endpoints a declared socket connects to. */
    public ZmqOutboundGatewaySpec connect(String... endpoints) {
        source.connect(endpoints);
        return this;
    }

    /** Options, such as CURVE keys, for a declared socket before it binds or connects. */
    public ZmqOutboundGatewaySpec socketCustomizer(Consumer<ZmqSocket> customizer) {
        source.customize(customizer);
        return this;
    }

    /** The factory declared sockets come from (default: the application's). */
    public ZmqOutboundGatewaySpec socketFactory(ZmqSocketFactory factory) {
        source.socketFactory(factory);
        return this;
    }

    /** How long a request waits for its reply (default 5 s). */
    public ZmqOutboundGatewaySpec replyTimeout(Duration timeout) {
        target.setReplyTimeout(timeout);
        return this;
    }

    /** Converts reply payloads to this type (default {@code byte[]}). */
    public ZmqOutboundGatewaySpec replyPayloadType(Class<?> type) {
        target.setReplyPayloadType(type);
        return this;
    }

    /** Carries the requests' headers and reads those carried with replies. */
    public ZmqOutboundGatewaySpec headerMapper(ZmqHeaderFrameMapper mapper) {
        target.setHeaderMapper(mapper);
        return this;
    }

    /** Payload conversion (default: the application's {@code ZmqMessageMapper}). */
    public ZmqOutboundGatewaySpec messageMapper(ZmqMessageMapper mapper) {
        target.setMessageMapper(mapper);
        return this;
    }
}
