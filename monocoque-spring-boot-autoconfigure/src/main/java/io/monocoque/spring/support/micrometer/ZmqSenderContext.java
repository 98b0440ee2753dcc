package io.monocoque.spring.support.micrometer;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import io.monocoque.zmq.SocketType;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.util.Assert;

/**
 * The observation context of one message sent (or one request made) on a ZeroMQ socket, by
 * {@code ZmqTemplate} or a Spring Integration outbound adapter or gateway.
 *
 * <p>The carrier is the map of trace-context entries a propagating tracing handler writes
 * (W3C {@code traceparent}, B3…); with {@code monocoque.observation.propagation.enabled} they travel
 * in a header frame before the payload. A one-way send is a {@link Kind#PRODUCER}, a request a
 * {@link Kind#CLIENT}.
 */
public class ZmqSenderContext extends SenderContext<Map<String, String>> {

    /** What the sender did. */
    public enum Operation {
        /** One message, no reply expected. */
        SEND,
        /** A request whose reply is awaited. */
        REQUEST
    }

    /** How the sending ended. */
    public enum Outcome {
        /** Sent (and, for a request, answered). */
        SUCCESS,
        /** No peer took the message, or no reply came, in time. */
        TIMEOUT,
        /** Failed otherwise (conversion, a closed socket…). */
        FAILURE
    }

    private final String socketName;
    private final SocketType socketType;
    private final Operation operation;
    private final String componentName;
    private volatile Outcome outcome = Outcome.SUCCESS;

    /**
     * @param socketName    the socket's name (its bean name, or the component's for a declared socket)
     * @param socketType    the socket's type
     * @param operation     send or request
     * @param componentName the Spring Integration component's name, or {@code null} for the template
     */
    public ZmqSenderContext(String socketName, SocketType socketType, Operation operation, String componentName) {
        super(Map::put, operation == Operation.REQUEST ? Kind.CLIENT : Kind.PRODUCER);
        Assert.notNull(socketName, "socketName is required");
        Assert.notNull(socketType, "socketType is required");
        Assert.notNull(operation, "operation is required");
        this.socketName = socketName;
        this.socketType = socketType;
        this.operation = operation;
        this.componentName = componentName;
        setCarrier(new LinkedHashMap<>());
        setRemoteServiceName("zeromq");
    }

    public String getSocketName() {
        return socketName;
    }

    public SocketType getSocketType() {
        return socketType;
    }

    public Operation getOperation() {
        return operation;
    }

    /** The Spring Integration component that sent, or {@code null} when the template did. */
    public String getComponentName() {
        return componentName;
    }

    public Outcome getOutcome() {
        return outcome;
    }

    /** Set by the sender before the observation stops (default {@link Outcome#SUCCESS}). */
    public void setOutcome(Outcome outcome) {
        Assert.notNull(outcome, "outcome is required");
        this.outcome = outcome;
    }

    /** The trace-context entries the tracing handler wrote, to be carried to the peer. */
    public Map<String, String> getPropagatedHeaders() {
        Map<String, String> carrier = getCarrier();
        return carrier == null ? Map.of() : carrier;
    }
}
