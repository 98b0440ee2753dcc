package io.monocoque.zmq.socket;

import io.monocoque.zmq.pipe.EndpointHandle;

import java.util.concurrent.Executor;

/** What a socket needs from the context that created it: transports and an event executor. */
public interface EngineContext {

    /** Binds {@code socket} to {@code endpoint}; the handle's endpoint is the resolved one. */
    EndpointHandle bind(SocketBase socket, String endpoint);

    /** Connects {@code socket} to {@code endpoint}. */
    EndpointHandle connect(SocketBase socket, String endpoint);

    /** Runs monitor listeners and asynchronous completions off the I/O threads, in order. */
    Executor eventExecutor();

    /** Told when a socket has closed, so the context can forget it. */
    void socketClosed(SocketBase socket);
}
