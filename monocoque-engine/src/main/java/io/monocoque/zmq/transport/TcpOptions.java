package io.monocoque.zmq.transport;

import io.monocoque.zmq.IoTransport;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.uring.IoUringChannelOption;
import jdk.net.ExtendedSocketOptions;

/**
 * The socket options of a tcp connection, as each Netty transport spells them: TCP_NODELAY,
 * SO_SNDBUF, SO_RCVBUF, IP_TOS (IPV6_TCLASS on IPv6), SO_PRIORITY, SO_KEEPALIVE and its tuning
 * (TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT), and TCP_USER_TIMEOUT (libzmq's TCP_MAXRT); and of a
 * tcp listener: its backlog and SO_RCVBUF. NIO reaches the keepalive tuning through the JDK's
 * extended socket options (Linux and macOS); it has no TCP_USER_TIMEOUT, which it therefore
 * leaves alone, and no SO_PRIORITY, which {@link #check} refuses.
 */
final class TcpOptions {

    /** Sets one channel option: {@code Bootstrap::option} or {@code ServerBootstrap::childOption}. */
    interface Setter {
        <T> Object set(ChannelOption<T> option, T value);
    }

    /** Linux SO_PRIORITY (SOL_SOCKET 1, option 12), which Netty's native channels set as a raw option. */
    private static final ChannelOption<Integer> SO_PRIORITY = new IntegerUnixChannelOption("SO_PRIORITY", 1, 12);

    private TcpOptions() {
    }

    /**
     * Refuses options the transport cannot set, before anything is opened.
     *
     * @throws ZmqException ENOTSUP for PRIORITY on NIO
     */
    static void check(IoTransport transport, ConnectionOptions o, String socketName, Endpoint e) {
        if (o.priority() != 0 && transport == IoTransport.NIO && e.kind() == Endpoint.Kind.TCP) {
            throw new ZmqException(ZmqError.ENOTSUP, socketName + ": cannot use " + e + " with " + SocketOption.PRIORITY
                    + " " + o.priority() + ": SO_PRIORITY needs the epoll or io_uring transport (the JDK, so NIO, cannot set it);"
                    + " this context runs NIO");
        }
    }

    /**
     * The options of a listening tcp socket. SO_RCVBUF goes on the listener because a connection
     * agrees its TCP window scale in the handshake, before accept: accepted sockets inherit it.
     */
    static void applyToListener(ConnectionOptions o, Setter setter) {
        setter.set(ChannelOption.SO_BACKLOG, o.backlog());
        if (o.receiveBufferSize() >= 0) {
            setter.set(ChannelOption.SO_RCVBUF, o.receiveBufferSize());
        }
    }

    static void apply(IoTransport transport, ConnectionOptions o, Setter setter) {
        setter.set(ChannelOption.TCP_NODELAY, true);
        if (o.sendBufferSize() >= 0) {
            setter.set(ChannelOption.SO_SNDBUF, o.sendBufferSize());
        }
        if (o.receiveBufferSize() >= 0) {
            setter.set(ChannelOption.SO_RCVBUF, o.receiveBufferSize());
        }
        if (o.typeOfService() != 0) {
            setter.set(ChannelOption.IP_TOS, o.typeOfService());
        }
        if (o.tcpKeepalive() != null) {
            setter.set(ChannelOption.SO_KEEPALIVE, o.tcpKeepalive());
        }
        Integer idle = o.tcpKeepaliveIdleSeconds();
        Integer interval = o.tcpKeepaliveIntervalSeconds();
        Integer count = o.tcpKeepaliveCount();
        int userTimeout = o.tcpMaxRetransmitMillis();
        if (o.priority() != 0 && transport != IoTransport.NIO) {
            setter.set(SO_PRIORITY, o.priority());
        }
        switch (transport) {
            case IO_URING:
                set(setter, IoUringChannelOption.TCP_KEEPIDLE, idle);
                set(setter, IoUringChannelOption.TCP_KEEPINTVL, interval);
                set(setter, IoUringChannelOption.TCP_KEEPCNT, count);
                if (userTimeout > 0) {
                    setter.set(IoUringChannelOption.TCP_USER_TIMEOUT, userTimeout);
                }
                break;
            case EPOLL:
                set(setter, EpollChannelOption.TCP_KEEPIDLE, idle);
                set(setter, EpollChannelOption.TCP_KEEPINTVL, interval);
                set(setter, EpollChannelOption.TCP_KEEPCNT, count);
                if (userTimeout > 0) {
                    setter.set(EpollChannelOption.TCP_USER_TIMEOUT, userTimeout);
                }
                break;
            default:
                set(setter, NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), idle);
                set(setter, NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), interval);
                set(setter, NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), count);
                break;
        }
    }

    private static void set(Setter setter, ChannelOption<Integer> option, Integer value) {
        if (value != null) {
            setter.set(option, value);
        }
    }
}
