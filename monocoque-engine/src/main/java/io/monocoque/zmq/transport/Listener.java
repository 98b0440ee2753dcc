package io.monocoque.zmq.transport;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.PeerInfo;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.security.Mechanism;
import io.monocoque.zmq.pipe.EndpointHandle;
import io.monocoque.zmq.pipe.PipeHost;
import io.monocoque.zmq.session.SessionConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A bound {@code tcp://} or {@code ipc://} endpoint: accepts connections, gives each a
 * {@link ZmtpConnection} (a STREAM socket: a {@link RawConnection}), and attaches a new pipe to
 * the socket once its handshake succeeds (a raw connection: once it is up).
 */
final class Listener implements EndpointHandle, ConnectionSide {

    private final NettyIo io;
    private final PipeHost socket;
    private final Endpoint requested;
    private final ConnectionOptions options;
    private final Supplier<Mechanism> mechanisms;
    private final TcpAddressFamily family;
    private final io.netty.channel.EventLoopGroup group;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private Channel serverChannel;
    private volatile String endpoint;
    /** What the sessions of this endpoint's connections are made with: one for them all (event loop only). */
    private SessionConfig sessionConfig;
    private Path ipcPath;

    Listener(NettyIo io, PipeHost socket, Endpoint requested, ConnectionOptions options, Supplier<Mechanism> mechanisms) {
        this.io = io;
        this.socket = socket;
        this.requested = requested;
        this.options = options;
        this.mechanisms = mechanisms;
        this.family = new TcpAddressFamily(options.ipv6());
        this.group = io.groupFor(options.affinity(), socket.name());
    }

    /** Binds, waiting for the outcome; throws EADDRINUSE and friends with the endpoint named. */
    Listener open() {
        boolean tcp = requested.kind() == Endpoint.Kind.TCP;
        int fd = options.useFd();
        io.netty.channel.ChannelFactory<? extends io.netty.channel.ServerChannel> factory;
        SocketAddress address = null;
        if (fd >= 0) {
            factory = io.adoptedServerChannelFactory(fd, tcp);
            if (factory == null) {
                throw new ZmqException(ZmqError.ENOTSUP, socket.name() + ": cannot bind to " + requested + " with "
                        + SocketOption.USE_FD + " " + fd + ": adopting a listening descriptor needs the EPOLL "
                        + "transport, and this context runs on " + io.transport() + " (Netty's io_uring server channels and "
                        + "the JDK's NIO take no existing descriptor); build the context with transport(IoTransport.EPOLL)");
            }
        } else {
            address = localAddress();
            factory = tcp ? DeviceBinding.bound(io.tcpServerChannelFactory(!options.ipv6()), options.bindToDevice())
                    : new io.netty.channel.ReflectiveChannelFactory<>(io.ipcServerChannel());
        }
        ServerBootstrap b = new ServerBootstrap()
                .group(group, group)
                .channelFactory(factory)
                .handler(new io.netty.channel.ChannelInboundHandlerAdapter() {
                    @Override
                    public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
                        // accept(2) failed (e.g. out of file descriptors): report it, keep listening.
                        socket.emit(MonitorEventType.ACCEPT_FAILED, endpoint, 0, String.valueOf(cause.getMessage()));
                    }
                })
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted(ch);
                    }
                });
        if (tcp) {
            if (fd < 0) { // an adopted descriptor comes bound and tuned by whoever made it, as libzmq requires
                b.option(ChannelOption.SO_REUSEADDR, true);
                TcpOptions.applyToListener(options, b::option);
            }
            TcpOptions.apply(io.transport(), options, b::childOption);
        } else if (fd < 0) {
            b.option(ChannelOption.SO_BACKLOG, options.backlog());
        }
        b.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, Transports.WATER_MARK);
        // No accept before this listener knows its endpoint (a wildcard port is known only once
        // bound, an adopted descriptor's address once registered): a peer reconnecting the moment
        // we bind, or already waiting in an adopted descriptor's backlog, waits there a few
        // microseconds instead of being dropped, and LISTENING comes before its ACCEPTED.
        b.option(ChannelOption.AUTO_READ, false);
        if (fd >= 0) {
            return adopt(b, fd, tcp);
        }
        ChannelFuture f = b.bind(address).awaitUninterruptibly();
        if (!f.isSuccess()) {
            Throwable cause = f.cause();
            socket.emit(MonitorEventType.BIND_FAILED, requested.toString(), 0, String.valueOf(cause.getMessage()));
            // Native transports report errno in their own exception type: go by the message.
            String text = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
            ZmqError error = text.contains("in use") || text.contains("eaddrinuse")
                    ? ZmqError.EADDRINUSE : ZmqError.EADDRNOTAVAIL;
            throw new ZmqException(error, socket.name() + ": cannot bind to " + requested + ": " + cause.getMessage(), cause);
        }
        serverChannel = f.channel();
        io.track(serverChannel);
        endpoint = resolvedEndpoint();
        socket.emit(MonitorEventType.LISTENING, endpoint, 0, null);
        serverChannel.config().setAutoRead(true); // runs on the event loop, after the writes above
        return this;
    }

    /** USE_FD: registers a channel around the listening descriptor instead of binding one. */
    private Listener adopt(ServerBootstrap b, int fd, boolean tcp) {
        String problem = AdoptedDescriptor.problem(fd, tcp);
        ChannelFuture f = problem == null ? b.register().awaitUninterruptibly() : null;
        if (problem == null && !f.isSuccess()) {
            problem = String.valueOf(f.cause().getMessage());
        }
        if (problem != null) {
            socket.emit(MonitorEventType.BIND_FAILED, requested.toString(), 0, problem);
            throw new ZmqException(ZmqError.EINVAL, socket.name() + ": cannot bind to " + requested + " with "
                    + SocketOption.USE_FD + " " + fd + ": " + problem, f == null ? null : f.cause());
        }
        serverChannel = f.channel();
        io.track(serverChannel);
        // The descriptor's own address, not the endpoint's (libzmq ignores that too).
        InetSocketAddress local = tcp ? (InetSocketAddress) serverChannel.localAddress() : null;
        endpoint = tcp ? Endpoint.tcp(hostOf(local), local.getPort()) : "ipc://" + AdoptedDescriptor.ipcPath(fd);
        socket.emit(MonitorEventType.LISTENING, endpoint, 0, null);
        serverChannel.config().setAutoRead(true); // runs on the event loop, after the writes above
        return this;
    }

    private static String hostOf(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        int pct = host.indexOf('%');
        return pct >= 0 ? host.substring(0, pct) : host;
    }

    private SocketAddress localAddress() {
        if (requested.kind() == Endpoint.Kind.TCP) {
            try {
                return family.bindAddress(requested);
            } catch (java.net.UnknownHostException e) {
                throw new ZmqException(ZmqError.EADDRNOTAVAIL, socket.name() + ": cannot bind to " + requested + ": "
                        + e.getMessage(), e);
            }
        }
        String path = requested.address();
        if (requested.isWildcard()) {
            try {
                Path dir = Files.createTempDirectory("monocoque-ipc");
                dir.toFile().deleteOnExit();
                path = dir.resolve("socket").toString();
            } catch (IOException e) {
                throw new ZmqException(ZmqError.EADDRNOTAVAIL, socket.name() + ": cannot create a path for " + requested, e);
            }
        }
        if (!requested.isAbstract()) {
            ipcPath = Path.of(path);
            removeStaleSocketFile(ipcPath);
        } else {
            path = "\0" + path.substring(1);
        }
        return io.ipcAddress(path);
    }

    /** libzmq replaces an ipc socket file left behind by an earlier process; so do we. */
    private static void removeStaleSocketFile(Path p) {
        try {
            if (Files.exists(p) && !Files.isDirectory(p) && !Files.isRegularFile(p)) {
                Files.delete(p);
            }
        } catch (IOException ignored) {
            // bind will report the problem with the path itself
        }
    }

    private String resolvedEndpoint() {
        if (requested.kind() == Endpoint.Kind.TCP) {
            InetSocketAddress a = (InetSocketAddress) serverChannel.localAddress();
            String host = requested.isWildcardHost() ? family.wildcardHost() : a.getAddress().getHostAddress();
            int pct = host.indexOf('%');
            if (pct >= 0) {
                host = host.substring(0, pct);
            }
            return Endpoint.tcp(host, a.getPort());
        }
        return ipcPath != null ? "ipc://" + ipcPath : requested.toString();
    }

    private void accepted(Channel ch) {
        if (!family.admits(ch.remoteAddress())) {
            ch.close(); // an IPv6 peer of an IPv4-only listener on a transport without IPv4 sockets
            return;
        }
        io.track(ch);
        SessionConfig config = sessionConfig;
        if (config == null || !config.endpoint().equals(endpoint)) {
            config = options.sessionConfig(endpoint);
            sessionConfig = config;
        }
        Connection c = Connection.create(socket, options, config, this, mechanisms);
        connections.add(c);
        ch.pipeline().addLast(c);
        socket.emit(MonitorEventType.ACCEPTED, endpoint, 0, null);
    }

    @Override
    public void active(Connection connection) {
        // ACCEPTED was reported when the channel was set up.
    }

    @Override
    public Attachment attach(Connection connection, PeerInfo peer, byte[] routingId) {
        Pipe[] pair = options.pipePair(socket);
        Pipe socketEnd = pair[0];
        socketEnd.setPeerInfo(peer);
        socketEnd.setRoutingId(routingId);
        pair[1].setOwner(connection);
        String refusal = socket.attachPipe(socketEnd, true);
        if (refusal != null) {
            pair[1].setOwner(null);
            return Attachment.refused(refusal);
        }
        return Attachment.of(socketEnd);
    }

    @Override
    public boolean connecting() {
        return false;
    }

    @Override
    public void letGo(Connection connection, Pipe pipe, boolean attached) {
        if (attached) {
            pipe.peer().terminate();
        }
    }

    @Override
    public void closed(Connection connection, Pipe pipe, boolean attached) {
        connections.remove(connection);
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    /** Stops listening; this endpoint's connections flush (linger) and close. */
    @Override
    public void close() {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().awaitUninterruptibly();
        if (serverChannel instanceof NioDirectServerSocketChannel && !serverChannel.eventLoop().inEventLoop()) {
            // The port is free only once the JDK has closed the descriptor: a bind right after must succeed.
            // (Not on the channel's own I/O thread, a close from a callback there: it would wait for itself.)
            ((NioDirectServerSocketChannel) serverChannel).released().awaitUninterruptibly();
        }
        serverChannel = null;
        if (ipcPath != null) {
            try {
                Files.deleteIfExists(ipcPath);
            } catch (IOException ignored) {
                // a file we cannot delete is replaced by the next bind anyway
            }
        }
        socket.emit(MonitorEventType.CLOSED, endpoint, 0, null);
        for (Connection c : connections) {
            c.socketReleased();
        }
    }
}
