package io.monocoque.spring.annotation;

import io.monocoque.zmq.SocketType;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that handles the messages of a ZeroMQ socket: a socket from configuration
 * ({@link #socket}) or one declared here ({@link #type} with {@link #bind} or {@link #connect}).
 *
 * <pre>{@code
 * @ZmqListener(socket = "orders")
 * void onOrder(Order order) { ... }                                  // JSON payload converted
 *
 * @ZmqListener(type = SocketType.SUB, connect = "tcp://localhost:5556", topics = {"EUR", "USD"})
 * void onPrice(@Header(ZmqHeaders.TOPIC) String topic, Price price) { ... }
 *
 * @ZmqListener(socket = "quote-service")                            // a REP or ROUTER socket
 * Quote quote(QuoteRequest request) { return ...; }                  // the return value is the reply
 * }</pre>
 *
 * <p>Parameters resolve the spring-messaging way: the payload (the message's last frame,
 * converted; {@code @Payload @Valid} validates it), {@code @Header}/{@code @Headers} with the
 * {@code ZmqHeaders}, {@code Message<?>}, {@code ZmqMessage} for every frame, {@code PeerInfo}
 * for the sender. A return value is the reply on rep and router sockets (a router reply keeps
 * the request's envelope), or goes to the socket named by {@code @SendTo}.
 *
 * <p>Placeholders ({@code ${...}}) and SpEL ({@code #{...}}) work in every string attribute.
 *
 * <p>Repeatable: a method with several {@code @ZmqListener}s gets one listener per annotation
 * (give them distinct ids, or let them be numbered).
 *
 * <p>On a class, it makes one listener whose messages go to the class's {@link ZmqHandler}
 * methods, each chosen by payload type (see there). Every attribute applies but
 * {@link #batchSize} and {@link #batchWindow}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(ZmqListeners.class)
public @interface ZmqListener {

    /** The listener's id in the {@code ZmqListenerEndpointRegistry}; made up from the bean and method when empty. */
    String id() default "";

    /** The name of the socket bean to receive on (a key under {@code monocoque.sockets}). */
    String socket() default "";

    /**
     * The type of a socket declared here instead of {@code socket} (one value). A REP listener
     * that asks for a {@link #concurrency} above one runs on a router underneath, which REQ and
     * DEALER peers cannot tell apart from a REP socket.
     */
    SocketType[] type() default {};

    /** Endpoints the declared socket binds to. */
    String[] bind() default {};

    /** Endpoints the declared socket connects to. */
    String[] connect() default {};

    /**
     * Topic prefixes to subscribe to on a sub socket. A declared sub socket without topics
     * subscribes to everything; on a configured socket they add to its {@code subscribe} list
     * while the listener runs.
     */
    String[] topics() default {};

    /**
     * Groups a dish socket joins while the listener runs (RADIO/DISH, RFC 48: exact names, not
     * prefixes). A declared dish socket needs at least one; on a configured dish socket they are
     * joined on start and left on stop, beside the groups of its {@code groups} property.
     */
    String[] groups() default {};

    /**
     * Threads receiving on the socket (default {@code monocoque.listener.concurrency}, except on
     * REP sockets, which serve one request at a time and get one thread unless they ask here).
     * Messages are then handled in parallel and their order is not kept.
     */
    String concurrency() default "";

    /** Whether the listener starts with the application (default {@code monocoque.listener.auto-startup}). */
    String autoStartup() default "";

    /** The name of a {@code ZmqListenerErrorHandler} bean for this listener's failures. */
    String errorHandler() default "";

    /**
     * Makes this a batch listener: the method takes a {@code List} of payloads (e.g.
     * {@code List<Tick>}), up to this many messages per call, those received within
     * {@link #batchWindow} of the first. Not on REP sockets.
     */
    String batchSize() default "";

    /** How long a batch waits, after its first message, for more (a duration such as {@code 50ms}; default 100 ms). */
    String batchWindow() default "";

    /** The name of the {@code ZmqListenerContainerFactory} bean to use (default {@code zmqListenerContainerFactory}). */
    String containerFactory() default "";
}
