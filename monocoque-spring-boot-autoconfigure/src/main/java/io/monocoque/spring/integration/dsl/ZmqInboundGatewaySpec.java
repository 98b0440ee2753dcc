package io.monocoque.spring.integration.dsl;

import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.spring.integration.ZmqInboundGateway;
import io.monocoque.spring.messaging.ZmqSocketSource;
import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.ZmqSocket;

import java.util.function.Consumer;
import java.util.function.Function;

import org.springframework.integration.dsl.MessagingGatewaySpec;

/** Builds a {@link ZmqInboundGateway}. */
public final class ZmqInboundGatewaySpec extends MessagingGatewaySpec<ZmqInboundGatewaySpec, ZmqInboundGateway> {

    private final ZmqSocketSource source;

    ZmqInboundGatewaySpec(ZmqSocketSource source) {
        super(new ZmqInboundGateway(source));
        this.source = source;
    }

    /** Endpoints a declared socket binds to. */
    public ZmqInboundGatewaySpec bind(String... endpoints) {
        source.bind(endpoints);
        return this;
    }

    /** Endpoints a declared socket connects to. */
    public ZmqInboundGatewaySpec connect(String... endpoints) {
        source.connect(endpoints);
        return this;
    }

    /** Options, such as CURVE keys, for a declared socket before it binds or connects. */
    public ZmqInboundGatewaySpec socketCustomizer(Consumer<ZmqSocket> customizer) {
        source.customize(customizer);
        return this;
    }

    /** The factory declared sockets come from (default: the application's). */
    public ZmqInboundGatewaySpec socketFactory(ZmqSocketFactory factory) {
        source.socketFactory(factory);
        return this;
    }

    /** Converts request payloads to this type (default {@code byte[]}). */
    public ZmqInboundGatewaySpec payloadType(Class<?> type) {
        target.setPayloadType(type);
        return this;
    }

    /** Requests handled at once on a ROUTER socket (default 1). */
    public ZmqInboundGatewaySpec concurrency(int concurrency) {
        target.setConcurrency(concurrency);
        return this;
    }

    /** The reply when the flow failed ({@code null} argument: it produced no reply). */
    public ZmqInboundGatewaySpec errorReply(Function<Throwable, Object> function) {
        target.setErrorReplyFunction(function);
        return this;
    }

    /** Reads headers carried with requests and carries the replies' headers back. */
    public ZmqInboundGatewaySpec headerMapper(ZmqHeaderFrameMapper mapper) {
        target.setHeaderMapper(mapper);
        return this;
    }

    /** Payload conversion (default: the application's {@code ZmqMessageMapper}). */
    public ZmqInboundGatewaySpec messageMapper(ZmqMessageMapper mapper) {
        target.setMessageMapper(mapper);
        return this;
    }
}
