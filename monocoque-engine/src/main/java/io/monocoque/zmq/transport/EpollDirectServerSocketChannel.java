package io.monocoque.zmq.transport;

import io.netty.channel.Channel;
import io.netty.channel.epoll.AbstractEpollServerChannel;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.NativeInetAddress;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * An epoll tcp listener whose accepted connections are {@link EpollDirectSocketChannel}s, so that
 * a sending thread may write to them itself. Netty's {@code EpollServerSocketChannel} makes its
 * own socket class for every accepted connection and cannot be told otherwise.
 */
public final class EpollDirectServerSocketChannel extends AbstractEpollServerChannel implements ServerSocketChannel {

    private final EpollDirectServerSocketChannelConfig config = new EpollDirectServerSocketChannelConfig(this);

    /** A listener (made by the bootstrap's reflective factory); an IPv6 socket where the host has IPv6. */
    public EpollDirectServerSocketChannel() {
        super(LinuxSocket.newSocketStream(), false);
    }

    /** A listener of one address family. */
    public EpollDirectServerSocketChannel(SocketProtocolFamily family) {
        super(LinuxSocket.newSocketStream(family), false);
    }

    /**
     * A listener around {@code fd}, a descriptor already bound and listening (USE_FD); active when
     * the socket has no pending error, as Netty's own epoll listener counts it.
     */
    public EpollDirectServerSocketChannel(int fd) {
        super(LinuxSocket.newSocket(fd));
    }

    /** The socket, for the configuration. */
    LinuxSocket linuxSocket() {
        return socket;
    }

    @Override
    public EpollDirectServerSocketChannelConfig config() {
        return config;
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
    protected void doBind(SocketAddress localAddress) throws Exception {
        super.doBind(localAddress);
        socket.listen(config.getBacklog());
        active = true;
    }

    @Override
    protected Channel newChildChannel(int fd, byte[] address, int offset, int len) {
        return new EpollDirectSocketChannel(this, LinuxSocket.newSocket(fd), NativeInetAddress.address(address, offset, len));
    }
}
