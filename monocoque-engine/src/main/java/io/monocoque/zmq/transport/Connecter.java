package io.monocoque.zmq.transport;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.PeerInfo;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.security.Mechanism;
import io.monocoque.zmq.pipe.EndpointHandle;
import io.monocoque.zmq.pipe.PipeHost;
import io.monocoque.zmq.session.SessionConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.handler.proxy.Socks5ProxyHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A connected {@code tcp://} or {@code ipc://} endpoint: dials, and dials again with backoff
 * whenever the connection fails or breaks, until disconnected. Unless {@code immediate} is
 * set, its pipe is attached to the socket at once and outlives every reconnect, so messages
 * sent while disconnected wait for the next connection.
 */
final class Connecter implements EndpointHandle, ConnectionSide {

    private final NettyIo io;
    private final PipeHost socket;
    private final Endpoint target;
    private final String endpoint;
    /** What the session of every connection this connecter dials is made with. */
    private final SessionConfig sessionConfig;
    private final ConnectionOptions options;
    private final Supplier<Mechanism> mechanisms;
    private final TcpAddressFamily family;
    private final io.netty.channel.EventLoopGroup group;

    private final Object lock = new Object();
    private Pipe pipe;
    private boolean immediate;
    private boolean closed;
    private Connection current;
    private Pipe currentPipe;
    private ScheduledFuture<?> retry;
    /** Closed, but still dialling to deliver what was queued, until the linger time is up. */
    private boolean lingering;
    private long nextDelayNanos;
    /** The routing id a ROUTER gives this endpoint's peer (CONNECT_ROUTING_ID), or null. */
    private final byte[] assignedRoutingId;
    /** Stopped reconnecting and no longer one of the socket's endpoints (see {@link #hasEnded()}). */
    private volatile boolean ended;

    Connecter(NettyIo io, PipeHost socket, Endpoint target, ConnectionOptions options, Supplier<Mechanism> mechanisms) {
        this.io = io;
        this.socket = socket;
        this.target = target;
        this.endpoint = target.toString();
        this.options = options;
        this.sessionConfig = options.sessionConfig(endpoint);
        this.mechanisms = mechanisms;
        this.immediate = options.immediate();
        this.nextDelayNanos = options.reconnectNanos();
        this.assignedRoutingId = socket.getOption(SocketOption.CONNECT_ROUTING_ID);
        this.family = new TcpAddressFamily(options.ipv6());
        this.group = io.groupFor(options.affinity(), socket.name());
    }

    Connecter start() {
        if (!immediate) {
            Pipe[] pair = options.pipePair(socket);
            // A STREAM names the pipe at once (its CONNECT_ROUTING_ID, else a generated id), so
            // that what is sent to it before the connection is up waits in it, as in libzmq.
            pair[0].setRoutingId(assignedRoutingId);
            if (socket.attachPipe(pair[0], false) == null) {
                pipe = pair[0];
            } else {
                immediate = true; // e.g. a PAIR that already has its peer: behave as if immediate
            }
        }
        dial();
        return this;
    }

    private void dial() {
        boolean tcp = target.kind() == Endpoint.Kind.TCP;
        SocketAddress address;
        SocketAddress proxyAddress = null;
        if (tcp) {
            try {
                if (options.socksProxy() != null) {
                    // The proxy's own name is resolved here; the destination's is the proxy's job.
                    proxyAddress = family.connectAddress(Endpoint.parse("tcp://" + options.socksProxy()));
                    address = family.proxiedAddress(target);
                } else {
                    address = family.connectAddress(target);
                }
            } catch (java.net.UnknownHostException e) {
                // A name without an address of the family: as a refused connection, tried again
                // (CONNECT_RETRIED) after the reconnect interval, as libzmq does.
                attemptFailed(e.getMessage(), false);
                return;
            }
        } else {
            address = io.ipcAddress(target.isAbstract() ? "\0" + target.address().substring(1) : target.address());
        }
        SocketAddress proxy = proxyAddress;
        Bootstrap b = new Bootstrap()
                .group(group)
                .channelFactory(tcp
                        ? DeviceBinding.bound(new ReflectiveChannelFactory<>(io.tcpChannel()), options.bindToDevice())
                        : new ReflectiveChannelFactory<>(io.ipcChannel()))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, Transports.WATER_MARK)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        io.track(ch);
                        Connection c = Connection.create(socket, options, sessionConfig, Connecter.this, mechanisms);
                        synchronized (lock) {
                            if (closed) {
                                ch.close();
                                return;
                            }
                            current = c;
                        }
                        if (proxy == null) {
                            ch.pipeline().addLast(c);
                            return;
                        }
                        ch.pipeline().addLast(socks5(proxy), new SocksHandshake(c, options.socksProxy(), reason -> proxyFailed(c, reason)));
                    }
                });
        if (tcp) {
            TcpOptions.apply(io.transport(), options, b::option);
        }
        if (proxy != null) {
            b.resolver(NoopAddressResolverGroup.INSTANCE); // a destination name goes to the proxy as it is
        }
        // Zero is the OS's own connect timeout, as in libzmq (Netty's default would be 30 s).
        b.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, options.connectTimeoutMillis());
        ChannelFuture f;
        synchronized (lock) {
            if (closed) {
                return;
            }
            // A non-blocking connect is always in progress at first (libzmq's EINPROGRESS).
            socket.emit(MonitorEventType.CONNECT_DELAYED, endpoint, 0, null);
            f = b.connect(address);
        }
        f.addListener(done -> {
            if (!done.isSuccess()) {
                attemptFailed(String.valueOf(done.cause().getMessage()), tcp && isRefusal(done.cause()));
            }
        });
    }

    /**
     * Netty's SOCKS5 client, authenticating by username and password when SOCKS_USERNAME is
     * set and not empty (libzmq's rule); the handshake may take the connect timeout, else Netty's 10 s.
     */
    private Socks5ProxyHandler socks5(SocketAddress proxy) {
        String user = options.socksUsername();
        Socks5ProxyHandler h = user == null || user.isEmpty()
                ? new Socks5ProxyHandler(proxy)
                : new Socks5ProxyHandler(proxy, user, options.socksPassword() == null ? "" : options.socksPassword());
        if (options.connectTimeoutMillis() > 0) {
            h.setConnectTimeoutMillis(options.connectTimeoutMillis());
        }
        return h;
    }

    /** The proxy did not connect {@code c} to the peer: a failed attempt, retried like a refused connect. */
    private void proxyFailed(Connection c, String reason) {
        synchronized (lock) {
            if (current == c) {
                current = null;
            }
        }
        attemptFailed(reason, false);
    }

    /**
     * ECONNREFUSED: nothing listens at the address. Netty's native transports and the JDK both
     * report it as a {@link java.net.ConnectException} with the C library's words for it (a
     * connect timeout is a ConnectException too, of its own subclass).
     */
    static boolean isRefusal(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException && !(t instanceof io.netty.channel.ConnectTimeoutException)
                    && t.getMessage() != null && t.getMessage().contains("Connection refused")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A dial failed before a connection was made (refused, unreachable, timed out, a proxy's
     * refusal): tried again after the backoff delay, unless RECONNECT_STOP or the reconnect
     * interval says not to.
     */
    private void attemptFailed(String reason, boolean refused) {
        if (refused && options.stopsOn(SocketOption.RECONNECT_STOP_CONN_REFUSED)) {
            end(reason + ": not retried (" + SocketOption.RECONNECT_STOP + " has RECONNECT_STOP_CONN_REFUSED); "
                    + "the endpoint and what was queued for it are dropped", true);
            return;
        }
        if (!options.reconnects()) {
            boolean lingerDone;
            synchronized (lock) {
                lingerDone = lingering;
            }
            if (lingerDone) {
                finishLinger();
                return;
            }
            // As libzmq with reconnect_ivl <= 0: no retry, but the endpoint (and its pipe) stays.
            socket.emit(MonitorEventType.CLOSED, endpoint, 0, reason + ": not retried (" + SocketOption.RECONNECT_INTERVAL
                    + " is " + ConnectionOptions.nanos(options.reconnectNanos()).toMillis() + " ms); the endpoint stays connected, idle");
            return;
        }
        scheduleReconnect(reason);
    }

    /**
     * Stops dialling for good without a disconnect: drops the endpoint's pipe, and when
     * {@code unregister}, the endpoint itself (the socket forgets it, as libzmq's term_endpoint).
     */
    private void end(String reason, boolean unregister) {
        boolean wasLingering;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            ended = unregister;
            wasLingering = lingering;
            lingering = false;
            if (retry != null) {
                retry.cancel(false);
            }
        }
        if (wasLingering) {
            io.lingerEnded();
        }
        if (pipe != null) {
            socket.detachPipe(pipe);
        }
        if (unregister) {
            socket.endpointEnded(this);
        }
        socket.emit(MonitorEventType.CLOSED, endpoint, 0, reason);
    }

    @Override
    public boolean hasEnded() {
        return ended;
    }

    private void scheduleReconnect() {
        scheduleReconnect(null);
    }

    /** Dials again after the backoff delay; {@code reason} says why the last attempt failed, if it did not connect. */
    private void scheduleReconnect(String reason) {
        long delay;
        synchronized (lock) {
            if (closed) {
                return;
            }
            delay = nextDelayNanos;
            long max = options.reconnectMaxNanos();
            if (max > options.reconnectNanos()) {
                nextDelayNanos = Math.min(nextDelayNanos * 2, max);
            }
            retry = io.group().next().schedule(this::dial, delay, TimeUnit.NANOSECONDS);
        }
        socket.emit(MonitorEventType.CONNECT_RETRIED, endpoint, TimeUnit.NANOSECONDS.toMillis(delay), reason);
    }

    @Override
    public void active(Connection connection) {
        socket.emit(MonitorEventType.CONNECTED, endpoint, 0, null);
    }

    @Override
    public Attachment attach(Connection connection, PeerInfo peer, byte[] announcedId) {
        // CONNECT_ROUTING_ID, as it was when this endpoint was connected, outranks what the peer announces.
        byte[] routingId = assignedRoutingId != null ? assignedRoutingId : announcedId;
        synchronized (lock) {
            if (closed) {
                return Attachment.refused(socket.name() + " no longer connects to " + endpoint);
            }
            if (lingering) {
                // The socket is gone; the connection only flushes the queued messages and closes.
                pipe.setPeerInfo(peer);
                pipe.peer().setOwner(connection);
                currentPipe = pipe;
                return Attachment.of(pipe);
            }
        }
        Pipe socketEnd;
        if (immediate) {
            Pipe[] pair = options.pipePair(socket);
            socketEnd = pair[0];
            socketEnd.setPeerInfo(peer);
            socketEnd.setRoutingId(routingId);
            pair[1].setOwner(connection);
            String refusal = socket.attachPipe(socketEnd, true);
            if (refusal != null) {
                pair[1].setOwner(null);
                return Attachment.refused(refusal);
            }
        } else {
            socketEnd = pipe;
            Pipe connectionEnd = socketEnd.peer();
            socketEnd.setPeerInfo(peer);
            socketEnd.setRoutingId(routingId);
            connectionEnd.setOwner(connection);
            String refusal = socket.pipeReady(socketEnd);
            if (refusal != null) {
                connectionEnd.setOwner(null);
                return Attachment.refused(refusal);
            }
        }
        synchronized (lock) {
            currentPipe = socketEnd;
            nextDelayNanos = options.reconnectNanos();
        }
        return Attachment.of(socketEnd);
    }

    @Override
    public boolean connecting() {
        return true;
    }

    @Override
    public void letGo(Connection connection, Pipe socketEnd, boolean attached) {
        if (!attached) {
            return;
        }
        if (connection.closedBySocket() || immediate || socketEnd.isTerminated()) {
            // A STREAM closed it on purpose (the endpoint ends with it), messages must not wait
            // for a next connection, or the socket has let go of the pipe already (closed,
            // disconnected): the socket forgets this peer, and what is left in the pipe is released.
            socketEnd.peer().terminate();
        } else {
            // The pipe waits, with what is queued in it, for the next connection.
            socketEnd.peer().setOwner(null);
        }
    }

    @Override
    public void closed(Connection connection, Pipe socketEnd, boolean attached) {
        synchronized (lock) {
            if (current == connection) {
                current = null;
                currentPipe = null;
            }
        }
        if (attached && connection.closedBySocket()) {
            // A STREAM closed this connection on purpose: the endpoint is done, as libzmq's raw
            // session ends with its pipe, rather than dialled again.
            boolean wasLingering;
            synchronized (lock) {
                wasLingering = lingering;
                closed = true;
                if (retry != null) {
                    retry.cancel(false);
                }
            }
            if (wasLingering) {
                finishLinger();
            }
            return;
        }
        boolean lingerDone;
        synchronized (lock) {
            // A connection that ends before its handshake completed may have been refused by this
            // very socket as it closed (a race with close): dial again, within the linger time.
            lingerDone = lingering && (attached || !pipe.peer().hasMessage());
        }
        if (lingerDone) {
            finishLinger();
            return;
        }
        if (!attached && connection.handshakeFailed() && options.stopsOn(SocketOption.RECONNECT_STOP_HANDSHAKE_FAILED)) {
            end("the handshake failed: not redialled (" + SocketOption.RECONNECT_STOP + " has RECONNECT_STOP_HANDSHAKE_FAILED)", false);
            return;
        }
        if (!options.reconnects()) {
            // As libzmq with reconnect_ivl <= 0: the session ends its endpoint instead of reconnecting.
            end("the connection ended: not redialled (" + SocketOption.RECONNECT_INTERVAL + " is "
                    + ConnectionOptions.nanos(options.reconnectNanos()).toMillis() + " ms); the endpoint is dropped", true);
            return;
        }
        scheduleReconnect();
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    /**
     * Stops reconnecting. A live connection flushes (linger) and closes. Messages queued while no
     * connection was up are still delivered if a connection succeeds within the linger time, as
     * libzmq does; after that they are dropped.
     */
    @Override
    public void close() {
        Connection c;
        Pipe attachedPipe;
        boolean lingerStarted = false;
        long linger = socket.lingerNanos();
        synchronized (lock) {
            if (closed || lingering) {
                return;
            }
            c = current;
            attachedPipe = currentPipe;
            if (attachedPipe == null && pipe != null && linger != 0 && pipe.pendingOut() > 0 && options.reconnects()
                    && !options.stopsOn(SocketOption.RECONNECT_STOP_AFTER_DISCONNECT)) {
                lingering = true;
                lingerStarted = true;
                io.lingerStarted();
                if (linger > 0) {
                    io.group().next().schedule(this::finishLinger, linger, TimeUnit.NANOSECONDS);
                }
            } else {
                closed = true;
                if (retry != null) {
                    retry.cancel(false);
                }
            }
        }
        if (pipe != null) {
            socket.detachPipe(pipe); // a live connection on it lingers and closes
            if (attachedPipe == null && !lingerStarted) {
                // No connection has the other end, and none will: end it too, so that what was
                // queued for it is released (pooled frames).
                pipe.peer().terminate();
            }
        } else if (attachedPipe != null) {
            socket.detachPipe(attachedPipe);
        }
        if (c != null && attachedPipe == null && !lingering) {
            c.socketReleased();
        }
    }

    /** The linger time is up, or the queued messages went out: stop for good. */
    private void finishLinger() {
        Connection c;
        Pipe orphan;
        synchronized (lock) {
            if (!lingering) {
                return;
            }
            lingering = false;
            closed = true;
            if (retry != null) {
                retry.cancel(false);
            }
            c = current;
            orphan = currentPipe == null ? pipe : null;
        }
        io.lingerEnded();
        if (c != null) {
            c.closeNow();
        }
        if (orphan != null) {
            // No connection took the queued messages in time, and none will: release them.
            orphan.peer().terminate();
        }
    }
}
