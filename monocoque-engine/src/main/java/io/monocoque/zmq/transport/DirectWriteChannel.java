package io.monocoque.zmq.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.io.IOException;

/**
 * A stream channel whose bytes a sending thread may write to the kernel itself, instead of
 * handing them to the channel's I/O thread: the path with no thread hop that a connection takes
 * when its messages come apart ({@link ZmtpConnection}). It saves the I/O thread's wake-up on a
 * message's way out.
 *
 * <p>Only a channel whose descriptor cannot be closed under a writing thread may offer this
 * (else the descriptor's number could be given to another file meanwhile, and the bytes would go
 * there). The JDK's {@code SocketChannel} waits for a write in progress before it closes
 * ({@link NioDirectSocketChannel}); {@link EpollDirectSocketChannel} makes its close and a
 * direct write exclude each other. Netty's io_uring channels close their descriptor from the
 * I/O thread without such a wait, and their classes cannot be extended to add one, so they do
 * not offer it. ipc connections keep the hop too: Netty's NIO domain-socket channel cannot be
 * extended, and there is no direct epoll domain-socket channel (yet).
 *
 * <p>The connection's lock orders the bytes: its I/O thread holds it whenever it runs the
 * session or writes, and a sending thread writes only while holding it, and only when nothing
 * is queued in Netty's outbound buffer, so bytes never overtake each other.
 */
interface DirectWriteChannel extends Channel {

    /**
     * Whether a sending thread may write now: the channel is open and active, and Netty has
     * nothing queued for it. Call with the connection's lock held.
     */
    boolean idleForDirectWrite();

    /**
     * Writes as much of {@code bytes}' readable bytes as the kernel takes now, advancing its
     * reader index; what is left is the caller's to hand to the I/O thread. Call with the
     * connection's lock held, after {@link #idleForDirectWrite()}.
     *
     * @throws IOException when the connection is broken or closed (the I/O thread then finds out too)
     */
    void writeDirect(ByteBuf bytes) throws IOException;
}
