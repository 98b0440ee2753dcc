package io.monocoque.spring.listener;

import io.monocoque.zmq.SocketType;

import java.util.List;

/**
 * What a listener is: where it receives (a named socket, or a socket it declares itself) and
 * the message listener it runs. {@code @ZmqListener} methods become
 * {@link MethodZmqListenerEndpoint}s; register other implementations with the
 * {@link ZmqListenerEndpointRegistry}.
 */
public interface ZmqListenerEndpoint {

    /** The listener's id, unique in the registry. */
    String getId();

    /** A human-readable name for logs and error messages, e.g. the method. */
    default String getDescription() {
        return getId();
    }

    /** The name of the {@code ZmqSocket} bean to receive on, or {@code null} for an inline socket. */
    String getSocket();

    /** The type of the inline socket, or {@code null} when a named socket is used. */
    SocketType getSocketType();

    /** Endpoints the inline socket binds to. */
    List<String> getBind();

    /** Endpoints the inline socket connects to. */
    List<String> getConnect();

    /**
     * Topic prefixes to subscribe to (sub and xsub): added to a named socket's subscriptions
     * while the listener runs; an inline sub socket without topics subscribes to everything.
     */
    List<String> getTopics();

    /**
     * Groups to join (dish): joined on start and left on stop on a named socket, joined by an
     * inline dish socket, which needs at least one. None by default.
     */
    default List<String> getGroups() {
        return List.of();
    }

    /** Threads receiving on the socket, or {@code null} for the factory's default. */
    Integer getConcurrency();

    /** Whether the listener starts with the application, or {@code null} for the factory's default. */
    Boolean getAutoStartup();

    /**
     * Messages per call for a batch listener (it is handed a list of up to this many), or 0 for
     * one message per call.
     */
    default int getBatchSize() {
        return 0;
    }

    /** How long a batch listener waits, after the first message of a batch, for more to fill it. */
    default java.time.Duration getBatchWindow() {
        return java.time.Duration.ofMillis(100);
    }

    /** The message listener to run in {@code container}. */
    ZmqMessageListener createMessageListener(ZmqListenerContainer container, ZmqListenerSupport support);
}
