package io.monocoque.zmq;

/**
 * The Netty transport that carries {@code tcp://} and {@code ipc://} connections.
 * {@link #AUTO} picks io_uring where the kernel and native library allow, then epoll, then NIO.
 */
public enum IoTransport {
    AUTO,
    IO_URING,
    EPOLL,
    NIO
}
