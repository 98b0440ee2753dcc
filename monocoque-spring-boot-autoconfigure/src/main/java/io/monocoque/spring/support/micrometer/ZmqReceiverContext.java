package io.monocoque.spring.support.micrometer;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.monocoque.zmq.SocketType;

import java.util.Map;

import org.springframework.util.Assert;

/**
 * The observation context of one message a {@code @ZmqListener} handles. The carrier holds the
 * headers of the message's header frame, when it came with one and
 * {@code monocoque.observation.propagation.enabled} is on: a propagating tracing handler reads the
 * sender's trace context from it, so the listener's span continues the sender's trace. A message
 * on a REP or ROUTER socket is a {@link Kind#SERVER} call, any other a {@link Kind#CONSUMER} one.
 */
public class ZmqReceiverContext extends ReceiverContext<Map<String, ?>> {

    private final String listenerId;
    private final String socketName;
    private final SocketType socketType;
    private volatile boolean failed;

    /**
     * @param listenerId     the listener's id
     * @param socketName     the socket's name
     * @param socketType     the socket's type as the listener sees it
     * @param carriedHeaders the headers of the message's header frame (empty when none came or propagation is off)
     */
    public ZmqReceiverContext(String listenerId, String socketName, SocketType socketType, Map<String, ?> carriedHeaders) {
        super((carrier, key) -> carrier.get(key) instanceof String value ? value : null,
                socketType == SocketType.REP || socketType == SocketType.ROUTER || socketType == SocketType.SERVER
                        || socketType == SocketType.PEER ? Kind.SERVER
                        : Kind.CONSUMER);
        Assert.notNull(socketName, "socketName is required");
        Assert.notNull(socketType, "socketType is required");
        this.listenerId = listenerId;
        this.socketName = socketName;
        this.socketType = socketType;
        setCarrier(carriedHeaders == null ? Map.of() : carriedHeaders);
        setRemoteServiceName("zeromq");
    }

    public String getListenerId() {
        return listenerId;
    }

    public String getSocketName() {
        return socketName;
    }

    public SocketType getSocketType() {
        return socketType;
    }

    /** Whether the listener threw. */
    public boolean isFailed() {
        return failed;
    }

    /** Set by the listener side when the listener threw. */
    public void setFailed(boolean failed) {
        this.failed = failed;
    }
}
