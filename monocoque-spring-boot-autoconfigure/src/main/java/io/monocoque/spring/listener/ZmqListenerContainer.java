package io.monocoque.spring.listener;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqSocket;

import org.springframework.context.SmartLifecycle;

/**
 * Runs one listener: threads blocked in receive on its socket, each message dispatched as soon
 * as it arrives. Started and stopped by the {@link ZmqListenerEndpointRegistry}, or by hand
 * through it.
 */
public interface ZmqListenerContainer extends SmartLifecycle {

    /**
     * Containers stop in Spring Boot's graceful-shutdown phase, before the sockets they receive
     * on close (and start after those are bound).
     */
    int DEFAULT_PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    /** The listener's id. */
    String getListenerId();

    /** The socket's name: a socket bean's name, or the listener id for an inline socket. */
    String getSocketName();

    /** The socket's type as the listener sees it, or {@code null} before a named socket was looked up. */
    SocketType getSocketType();

    /** The socket received on while running, else {@code null} for an inline socket. */
    ZmqSocket getSocket();

    /** The number of receiving threads. */
    int getConcurrency();

    /**
     * Stops for good as the application closes, handling what can still be handled within the
     * container's shutdown timeout and accounting for the rest (default: {@link #stop()}).
     */
    default void shutdown() {
        stop();
    }

    /**
     * Stops reading the socket until {@link #resume()}, without stopping: calls in progress
     * finish, and the messages that keep coming wait in the socket up to its receive high-water
     * mark, where ZeroMQ holds the senders back.
     */
    void pause();

    /** Reads the socket again after {@link #pause()}. */
    void resume();

    /** Whether the container is paused. */
    boolean isPaused();
}
