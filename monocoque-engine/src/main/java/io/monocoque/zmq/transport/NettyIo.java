package io.monocoque.zmq.transport;

import io.monocoque.zmq.IoTransport;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;

import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Netty side of a context: its I/O threads and the channel classes of the transport in use
 * (io_uring, epoll or NIO), for tcp and for Unix domain sockets (ipc). Also tracks every open
 * channel so that closing the context can wait for lingering connections.
 */
public final class NettyIo {

    private static final System.Logger LOG = System.getLogger(NettyIo.class.getName());

    /**
     * io_uring completion queue entries per I/O thread. Netty's default (4,096) overflows once a
     * thread serves thousands of connections (each can have a read and a write in flight); the
     * overflow is recovered, but slowly and with a warning per occurrence. 32,768 entries are
     * 512 KB per I/O thread.
     */
    private static final int IO_URING_COMPLETION_QUEUE = 32 * 1024;

    private final IoTransport transport;
    private final EventLoopGroup group;
    private final int ioThreads;
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final java.util.Map<EventLoop, AtomicInteger> load = new ConcurrentHashMap<>();
    /** Connecters still trying to deliver what a closed socket sent, within its linger time. */
    private final java.util.concurrent.atomic.AtomicInteger lingeringConnecters = new java.util.concurrent.atomic.AtomicInteger();

    public NettyIo(IoTransport requested, int ioThreads, String threadPrefix) {
        this.transport = choose(requested);
        logChoice(requested, transport);
        IoHandlerFactory factory;
        switch (transport) {
            case IO_URING: factory = IoUringIoHandler.newFactory(new IoUringIoHandlerConfig().setCqSize(IO_URING_COMPLETION_QUEUE)); break;
            case EPOLL: factory = EpollIoHandler.newFactory(); break;
            default: factory = NioIoHandler.newFactory(); break;
        }
        this.ioThreads = ioThreads;
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory(threadPrefix, true), factory);
    }

    /** The transport {@link IoTransport#AUTO} resolves to on this machine, or the one requested if available. */
    static IoTransport choose(IoTransport requested) {
        switch (requested) {
            case IO_URING:
                if (!IoUring.isAvailable()) {
                    throw new ZmqException(ZmqError.EINVAL, "io_uring transport requested but unavailable: " + IoUring.unavailabilityCause());
                }
                return IoTransport.IO_URING;
            case EPOLL:
                if (!Epoll.isAvailable()) {
                    throw new ZmqException(ZmqError.EINVAL, "epoll transport requested but unavailable: " + Epoll.unavailabilityCause());
                }
                return IoTransport.EPOLL;
            case NIO:
                return IoTransport.NIO;
            default:
                // Not io_uring, though it is available here: Netty 4.2.18's io_uring loop frees its
                // eventfd read buffer while the kernel may still complete a read into it, which
                // corrupts the native heap at loop shutdown (glibc aborts the JVM at a thread's
                // exit; on JDK 25 destroy() can hang instead). Reproduced with Netty alone, no
                // channel: transport/IoUringTeardownRepro in the engine's tests. io_uring stays
                // available on request.
                if (available(IoTransport.EPOLL)) {
                    return IoTransport.EPOLL;
                }
                return IoTransport.NIO;
        }
    }

    /** Whether a transport can be used on this machine. */
    public static boolean available(IoTransport t) {
        try {
            switch (t) {
                case IO_URING: return IoUring.isAvailable();
                case EPOLL: return Epoll.isAvailable();
                default: return true;
            }
        } catch (Throwable e) {
            // A missing native library shows up as a linkage error: the transport is simply unavailable.
            return false;
        }
    }

    public IoTransport transport() {
        return transport;
    }

    public EventLoopGroup group() {
        return group;
    }

    Class<? extends Channel> tcpChannel() {
        switch (transport) {
            case IO_URING: return IoUringSocketChannel.class;
            case EPOLL: return EpollDirectSocketChannel.class;
            default: return NioDirectSocketChannel.class;
        }
    }

    Class<? extends ServerChannel> tcpServerChannel() {
        switch (transport) {
            case IO_URING: return IoUringServerSocketChannel.class;
            case EPOLL: return EpollDirectServerSocketChannel.class;
            default: return NioDirectServerSocketChannel.class;
        }
    }

    /**
     * Makes tcp listeners: IPv4 sockets when {@code ipv4Only}, so that a wildcard bind listens on
     * 0.0.0.0 alone (the native transports bind an IPv6 socket's 0.0.0.0 as {@code ::}, which
     * takes IPv6 peers too). Netty 4.2's io_uring server channel is always an IPv6 socket; for it
     * {@link Listener} closes IPv6 peers of an IPv4-only wildcard listener as they are accepted.
     */
    ChannelFactory<? extends ServerChannel> tcpServerChannelFactory(boolean ipv4Only) {
        if (!ipv4Only) {
            return new ReflectiveChannelFactory<>(tcpServerChannel());
        }
        switch (transport) {
            case EPOLL: return () -> new EpollDirectServerSocketChannel(SocketProtocolFamily.INET);
            case NIO: return () -> new NioDirectServerSocketChannel(SocketProtocolFamily.INET);
            default: return new ReflectiveChannelFactory<>(tcpServerChannel());
        }
    }

    /**
     * A server channel around {@code fd}, a descriptor already bound and listening (USE_FD). Only
     * the epoll transport can: its channels take a descriptor, Netty 4.2's io_uring server channels
     * and the JDK's have no way to.
     */
    ChannelFactory<? extends ServerChannel> adoptedServerChannelFactory(int fd, boolean tcp) {
        if (transport != IoTransport.EPOLL) {
            return null;
        }
        // (the domain channel counts a descriptor as active only when told: it was checked listening)
        return tcp ? () -> new EpollDirectServerSocketChannel(fd) : () -> new EpollServerDomainSocketChannel(fd, true);
    }

    Class<? extends Channel> ipcChannel() {
        switch (transport) {
            case IO_URING: return IoUringDomainSocketChannel.class;
            case EPOLL: return EpollDomainSocketChannel.class;
            default: return NioDomainSocketChannel.class;
        }
    }

    Class<? extends ServerChannel> ipcServerChannel() {
        switch (transport) {
            case IO_URING: return IoUringServerDomainSocketChannel.class;
            case EPOLL: return EpollServerDomainSocketChannel.class;
            default: return NioServerDomainSocketChannel.class;
        }
    }

    /** Makes udp channels of the transport in use, for IPv4 or IPv6 (multicast needs the family to match the group). */
    ChannelFactory<? extends Channel> udpChannelFactory(boolean ipv6) {
        SocketProtocolFamily family = ipv6 ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
        switch (transport) {
            case IO_URING: return () -> new io.netty.channel.uring.IoUringDatagramChannel(family);
            case EPOLL: return () -> new io.netty.channel.epoll.EpollDatagramChannel(family);
            default: return () -> new io.netty.channel.socket.nio.NioDatagramChannel(family);
        }
    }

    SocketAddress ipcAddress(String path) {
        return transport == IoTransport.NIO ? UnixDomainSocketAddress.of(path) : new DomainSocketAddress(path);
    }

    /** The number of I/O threads (event loops). */
    public int ioThreads() {
        return ioThreads;
    }

    /**
     * Hands a task to each event loop, in the group's order, that completes its future with the
     * time from hand-over to run: how long that loop takes to get to new work. A loop blocked by
     * a handler never runs it, so its future stays incomplete until the loop moves again. The
     * futures complete on the event loops themselves; a loop that no longer takes tasks (the
     * group shut down) fails its future with ETERM.
     */
    public List<CompletableFuture<Duration>> probe() {
        List<CompletableFuture<Duration>> probes = new ArrayList<>();
        for (EventExecutor loop : group) {
            CompletableFuture<Duration> probe = new CompletableFuture<>();
            long handedOver = System.nanoTime();
            try {
                loop.execute(() -> probe.complete(Duration.ofNanos(System.nanoTime() - handedOver)));
            } catch (RejectedExecutionException e) {
                probe.completeExceptionally(new ZmqException(ZmqError.ETERM, "the I/O thread has stopped"));
            }
            probes.add(probe);
        }
        return List.copyOf(probes);
    }

    /**
     * The channels open now (listeners and connections), for diagnostics and for tests that look
     * at what the kernel made of a socket option ({@code channel.config().getOption(...)} asks
     * the kernel, not Netty's copy).
     */
    public List<Channel> openChannels() {
        return List.copyOf(channels);
    }

    /** Tracks a channel until it closes. */
    void track(Channel ch) {
        channels.add(ch);
        AtomicInteger count = load.computeIfAbsent(ch.eventLoop(), l -> new AtomicInteger());
        count.incrementAndGet();
        ch.closeFuture().addListener(f -> {
            channels.remove(ch);
            count.decrementAndGet();
        });
    }

    /** How many open channels an I/O thread carries: the load {@link AffinityGroup} balances. */
    private int load(EventLoop loop) {
        AtomicInteger n = load.get(loop);
        return n == null ? 0 : n.get();
    }

    /**
     * The I/O threads a socket's AFFINITY mask allows (bit i: the i-th thread of this context),
     * as a group to register its channels with; every thread for 0.
     *
     * @throws ZmqException EINVAL when the mask names none of this context's threads
     */
    EventLoopGroup groupFor(long affinity, String socketName) {
        if (affinity == 0) {
            return group;
        }
        List<EventLoop> allowed = new ArrayList<>();
        int i = 0;
        for (EventExecutor loop : group) {
            if (i < Long.SIZE && (affinity & (1L << i)) != 0) {
                allowed.add((EventLoop) loop);
            }
            i++;
        }
        if (allowed.isEmpty()) {
            throw new ZmqException(ZmqError.EINVAL, socketName + ": affinity 0x" + Long.toHexString(affinity)
                    + " names none of this context's " + ioThreads + " I/O thread(s) (bit 0 is the first)");
        }
        return new AffinityGroup(allowed, this::load, group);
    }

    void lingerStarted() {
        lingeringConnecters.incrementAndGet();
    }

    void lingerEnded() {
        lingeringConnecters.decrementAndGet();
    }

    /** Waits until every tracked channel has closed (lingering connections flushed), up to the deadline. */
    public boolean awaitChannelsClosed(long deadlineNanos) throws InterruptedException {
        while (!channels.isEmpty() || lingeringConnecters.get() > 0) {
            if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() >= deadlineNanos) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    /** Closes whatever is still open. */
    public void closeAll() {
        channels.forEach(Channel::close);
    }

    public void shutdown() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final Set<IoTransport> LOGGED = ConcurrentHashMap.newKeySet();

    /** Logs the transport the first time a context in this JVM picks it. */
    private static void logChoice(IoTransport requested, IoTransport chosen) {
        if (LOGGED.add(chosen)) {
            LOG.log(System.Logger.Level.INFO, "Monocoque ZeroMQ contexts use the {0} transport (requested {1})", chosen, requested);
        }
    }
}
