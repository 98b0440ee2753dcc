package io.monocoque.zmq;

/**
 * The Netty transport that carries {@code tcp://} and {@code ipc://} connections.
 * {@link #AUTO} picks epoll where the native library loads, else NIO. {@link #IO_URING} is used
 * only when asked for: with Netty 4.2.18 its event loop can corrupt the native heap when it shuts
 * down (see {@code docs/protocol.md}, "Transports").
 */
public enum IoTransport {
    AUTO,
    IO_URING,
    EPOLL,
    NIO
}
