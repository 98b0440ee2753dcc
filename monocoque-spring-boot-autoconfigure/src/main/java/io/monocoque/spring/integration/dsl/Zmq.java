package io.monocoque.spring.integration.dsl;

import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.spring.messaging.ZmqSocketSource;
import io.monocoque.spring.messaging.ZmqSubscribableChannel;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.SocketType;

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
    public static ZmqInboundChannelAdapterSpec inboundAdapter(String socketBeanName) {
        return new ZmqInboundChannelAdapterSpec(ZmqSocketSource.bean(socketBeanName));
    }

    /** An inbound channel adapter on a declared socket of type {@code type}: add {@code bind}/{@code connect}. */
    public static ZmqInboundChannelAdapterSpec inboundAdapter(SocketType type) {
        return new ZmqInboundChannelAdapterSpec(ZmqSocketSource.declare(type));
    }

    /** An inbound channel adapter on the socket {@code source} gives. */
    public static ZmqInboundChannelAdapterSpec inboundAdapter(ZmqSocketSource source) {
        return new ZmqInboundChannelAdapterSpec(source);
    }

    /** An outbound channel adapter on the socket bean {@code socketBeanName}. */
    public static ZmqOutboundChannelAdapterSpec outboundAdapter(String socketBeanName) {
        return new ZmqOutboundChannelAdapterSpec(ZmqSocketSource.bean(socketBeanName));
    }

    /** An outbound channel adapter on a declared socket of type {@code type}. */
    public static ZmqOutboundChannelAdapterSpec outboundAdapter(SocketType type) {
        return new ZmqOutboundChannelAdapterSpec(ZmqSocketSource.declare(type));
    }

    /** An outbound channel adapter on the socket {@code source} gives. */
    public static ZmqOutboundChannelAdapterSpec outboundAdapter(ZmqSocketSource source) {
        return new ZmqOutboundChannelAdapterSpec(source);
    }

    /** An inbound gateway on the REP or ROUTER socket bean {@code socketBeanName}. */
    public static ZmqInboundGatewaySpec inboundGateway(String socketBeanName) {
        return new ZmqInboundGatewaySpec(ZmqSocketSource.bean(socketBeanName));
    }

    /** A gateway on a declared REP or ROUTER socket. */
    public static ZmqInboundGatewaySpec inboundGateway(SocketType type) {
        return new ZmqInboundGatewaySpec(ZmqSocketSource.declare(type));
    }

    /** An inbound gateway on the socket {@code source} gives. */
    public static ZmqInboundGatewaySpec inboundGateway(ZmqSocketSource source) {
        return new ZmqInboundGatewaySpec(source);
    }

    /** An outbound gateway on the REQ or DEALER socket bean {@code socketBeanName}. */
    public static ZmqOutboundGatewaySpec outboundGateway(String socketBeanName) {
        return new ZmqOutboundGatewaySpec(ZmqSocketSource.bean(socketBeanName));
    }

    /** A gateway on a declared REQ or DEALER socket. */
    public static ZmqOutboundGatewaySpec outboundGateway(SocketType type) {
        return new ZmqOutboundGatewaySpec(ZmqSocketSource.declare(type));
    }

    /** An outbound gateway on the socket {@code source} gives. */
    public static ZmqOutboundGatewaySpec outboundGateway(ZmqSocketSource source) {
        return new ZmqOutboundGatewaySpec(source);
    }

    /**
     * A PUB/SUB ({@code pubSub}) or PUSH/PULL channel on sockets from {@code socketFactory}
     * (the application's {@code ZmqSocketFactory} bean, so customizers and metrics apply).
     */
    public static ZmqSubscribableChannelSpec channel(ZmqSocketFactory socketFactory, ZmqMessageMapper mapper, boolean pubSub) {
        return new ZmqSubscribableChannelSpec(new ZmqSubscribableChannel(socketFactory, mapper, pubSub));
    }
}
