package io.monocoque.zmq.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An epoll tcp channel that a sending thread may write to ({@link DirectWriteChannel}). Netty's
 * own {@code EpollSocketChannel} closes its descriptor on the I/O thread whenever the connection
 * ends, so a thread writing to it meanwhile could write to whatever file got the number next.
 * Here the close and a direct write exclude each other ({@link #descriptor}): a writer finds the
 * channel open and writes while the descriptor is still this connection's, or finds it closed
 * and writes nothing.
 *
 * <p>Everything else is Netty's epoll stream channel; its configuration
 * ({@link EpollDirectSocketChannelConfig}) takes the tcp options the engine sets.
 */
public final class EpollDirectSocketChannel extends AbstractEpollStreamChannel implements SocketChannel, DirectWriteChannel {

    private final EpollDirectSocketChannelConfig config = new EpollDirectSocketChannelConfig(this);
    /** Held by a direct write and by the close of the descriptor, so that neither overlaps the other. */
    private final ReentrantLock descriptor = new ReentrantLock();

    /** A connecting channel (made by the bootstrap's reflective factory); an IPv6 socket where the host has IPv6. */
    public EpollDirectSocketChannel() {
        super(LinuxSocket.newSocketStream(), false);
    }

    /** A connecting channel of one address family. */
    public EpollDirectSocketChannel(SocketProtocolFamily family) {
        super(LinuxSocket.newSocketStream(family), false);
    }

    /** An accepted connection: the socket accept(2) returned and the peer's address. */
    EpollDirectSocketChannel(Channel parent, LinuxSocket socket, InetSocketAddress remote) {
        super(parent, socket, remote);
    }

    private int write(ByteBuffer b) throws IOException {
        return socket.write(b, b.position(), b.limit());
    }

    /** The socket, for the configuration. */
    LinuxSocket linuxSocket() {
        return socket;
    }

    @Override
    public EpollDirectSocketChannelConfig config() {
        return config;
    }

    @Override
    public ServerSocketChannel parent() {
        return (ServerSocketChannel) super.parent();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) super.remoteAddress();
    }

    @Override
    protected void doClose() throws Exception {
        descriptor.lock();
        try {
            super.doClose();
        } finally {
            descriptor.unlock();
        }
    }

    @Override
    public boolean idleForDirectWrite() {
        if (!isActive() || isOutputShutdown()) {
            return false;
        }
        ChannelOutboundBuffer queued = unsafe().outboundBuffer();
        return queued != null && queued.totalPendingWriteBytes() == 0;
    }

    @Override
    public void writeDirect(ByteBuf bytes) throws IOException {
        descriptor.lock();
        try {
            if (!socket.isOpen()) {
                throw new ClosedChannelException();
            }
            while (bytes.isReadable()) {
                int from = bytes.readerIndex();
                int to = bytes.writerIndex();
                int n = bytes.hasMemoryAddress()
                        ? socket.writeAddress(bytes.memoryAddress(), from, to)
                        : write(bytes.nioBuffer(from, to - from));
                if (n <= 0) {
                    break; // the kernel's buffer is full
                }
                bytes.readerIndex(from + n);
            }
        } finally {
            descriptor.unlock();
        }
    }
}
