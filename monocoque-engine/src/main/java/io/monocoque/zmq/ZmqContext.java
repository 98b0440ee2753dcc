package io.monocoque.zmq;

import io.monocoque.zmq.auth.ZapHandler;
import io.monocoque.zmq.auth.ZmqAuthenticator;
import io.monocoque.zmq.auth.ZapClient;
import io.monocoque.zmq.pipe.EndpointHandle;
import io.monocoque.zmq.socket.EngineContext;
import io.monocoque.zmq.socket.SocketBase;
import io.monocoque.zmq.socket.Sockets;
import io.monocoque.zmq.transport.NettyIo;
import io.monocoque.zmq.transport.Transports;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The owner of I/O threads, {@code inproc://} endpoints and sockets; create one per application
 * (a Spring bean), make sockets from it, close it last.
 *
 * <pre>{@code
 * try (ZmqContext ctx = ZmqContext.builder().ioThreads(2).build()) { ... }
 * }</pre>
 *
 * <p>The Netty transport is chosen when the context is created: epoll where available, else NIO,
 * or io_uring when asked for ({@link #transport()} tells which). Closing the context closes its sockets
 * and waits for their lingering messages to be flushed, as {@code zmq_ctx_term} does.
 */
public final class ZmqContext implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ZmqContext.class.getName());
    private static final AtomicInteger IDS = new AtomicInteger();
    /** The inproc name ZAP handlers bind (RFC 27). */
    private static final String ZAP_ENDPOINT_NAME = "zeromq.zap.01";

    private final NettyIo io;
    private final Transports transports;
    private final ZapClient zap;
    private final ExecutorService events;
    private final Set<SocketBase> sockets = ConcurrentHashMap.newKeySet();
    private final Engine engine = new Engine();
    private volatile boolean closed;
    /** The latest moment a closed socket may still be flushing (its close time plus linger). */
    private final java.util.concurrent.atomic.AtomicLong lingerUntil = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);

    private ZmqContext(Builder b) {
        if (b.ioThreads < 1) {
            throw new ZmqException(ZmqError.EINVAL, "a context needs at least one I/O thread, not " + b.ioThreads);
        }
        int id = IDS.incrementAndGet();
        this.io = new NettyIo(b.transport, b.ioThreads, "monocoque-io-" + id);
        this.zap = new ZapClient(new ZapClient.HandlerSockets() {
            @Override
            public Object boundHandler() {
                return transports.inprocBound(ZAP_ENDPOINT_NAME);
            }

            @Override
            public SocketBase newDealer() {
                return newSocket(SocketType.DEALER);
            }
        }, "monocoque-zap-" + id);
        this.zap.setHandler(b.authenticator);
        this.transports = new Transports(io, zap);
        this.events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "monocoque-events-" + id);
            t.setDaemon(true);
            return t;
        });
        LOG.log(System.Logger.Level.DEBUG, "ZeroMQ context {0} on {1} with {2} I/O thread(s)", id, io.transport(), b.ioThreads);
    }

    /** A context with one I/O thread and the best transport available. */
    public static ZmqContext create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Netty transport in use: IO_URING, EPOLL or NIO (never AUTO). */
    public IoTransport transport() {
        return io.transport();
    }

    /** The Netty side of this context (its I/O threads and open channels), for the engine's own tests. */
    NettyIo io() {
        return io;
    }

    /** The number of I/O threads, as the builder set it. */
    public int ioThreads() {
        return io.ioThreads();
    }

    /**
     * Asks each I/O thread to time how long it takes to get to a new task, for a liveness check
     * (a health indicator, a watchdog). Every tcp and ipc connection of the context lives on one
     * of these threads; one that is stuck (a blocked handler, a peer whose input it cannot work
     * through) holds all of its connections' traffic back, and this is how to see it.
     *
     * <pre>{@code
     * List<CompletableFuture<Duration>> probes = context.probeIoThreads();
     * for (int i = 0; i < probes.size(); i++) {
     *     try {
     *         Duration latency = probes.get(i).get(5, TimeUnit.SECONDS);
     *     } catch (TimeoutException e) {
     *         // I/O thread i has not run anything for 5 s: stuck
     *     }
     * }
     * }</pre>
     *
     * <p>The task does nothing but complete its future, so a probe costs each thread one queue
     * hand-over and never touches a connection. A stuck thread's future stays incomplete until
     * the thread moves again, and then reports how long it took: apply your own timeout
     * ({@link CompletableFuture#get(long, java.util.concurrent.TimeUnit)},
     * {@link CompletableFuture#orTimeout}). The futures complete on the I/O threads: attach only
     * quick actions to them, or use the {@code *Async} methods.
     *
     * @return one future per I/O thread, in a stable order (element {@code i} is always thread
     *     {@code i}), each completing with the time from the call to the task running on that
     *     thread; completed exceptionally with ETERM for a thread that has stopped because the
     *     context closed meanwhile
     * @throws ZmqException ETERM when the context is closed
     */
    public List<CompletableFuture<Duration>> probeIoThreads() {
        if (closed) {
            throw new ZmqException(ZmqError.ETERM, "the context is closed");
        }
        return io.probe();
    }

    /** Whether {@code transport} can be used on this machine. */
    public static boolean isAvailable(IoTransport transport) {
        return transport == IoTransport.AUTO || NettyIo.available(transport);
    }

    /** Creates a socket of the given type. */
    public ZmqSocket createSocket(SocketType type) {
        return new ZmqSocket(newSocket(type));
    }

    private SocketBase newSocket(SocketType type) {
        if (closed) {
            throw new ZmqException(ZmqError.ETERM, "the context is closed");
        }
        SocketBase s = Sockets.create(type, engine);
        sockets.add(s);
        if (closed) {
            s.close();
            throw new ZmqException(ZmqError.ETERM, "the context is closed");
        }
        return s;
    }

    /**
     * Registers the in-process ZAP handler that PLAIN and CURVE server sockets (and NULL sockets
     * with a {@link SocketOption#ZAP_DOMAIN}) ask about every client; {@code null} removes it.
     * It applies to handshakes that start afterwards. While one is registered it is used instead
     * of a ZAP handler socket bound at {@code inproc://zeromq.zap.01}; without either, a CURVE
     * server accepts any client and a PLAIN server refuses every client, as libzmq 4.3 does.
     * The handler runs on a thread of the context's own, never on an I/O thread.
     *
     * @see ZmqAuthenticator
     */
    public void setAuthenticator(ZapHandler handler) {
        zap.setHandler(handler);
    }

    /** The registered in-process ZAP handler, or {@code null}. */
    public ZapHandler authenticator() {
        return zap.handler();
    }

    /** ZAP requests sent to a handler socket and not yet answered, for tests of the ZAP client's bounds. */
    int zapRequestsWaiting() {
        return zap.pendingRequests();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes every socket still open, waits until their connections have flushed what was sent
     * (each socket's linger time bounds that), then stops the I/O threads.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        zap.close();
        for (SocketBase s : new ArrayList<>(sockets)) {
            s.close(); // each records how long it may linger (socketClosed)
        }
        try {
            long until = lingerUntil.get();
            long deadline = until == Long.MAX_VALUE ? Long.MAX_VALUE
                    : Math.max(until, System.nanoTime()) + TimeUnit.MILLISECONDS.toNanos(200);
            io.awaitChannelsClosed(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        io.closeAll();
        io.shutdown();
        events.shutdown();
        try {
            events.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ZmqContext[" + io.transport() + ", " + sockets.size() + " sockets]";
    }

    /** What sockets see of the context. */
    private final class Engine implements EngineContext {

        @Override
        public EndpointHandle bind(SocketBase socket, String endpoint) {
            return transports.bind(socket, endpoint);
        }

        @Override
        public EndpointHandle connect(SocketBase socket, String endpoint) {
            return transports.connect(socket, endpoint);
        }

        @Override
        public java.util.concurrent.Executor eventExecutor() {
            return command -> {
                try {
                    events.execute(command);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // the context has shut down: nobody is left to tell
                }
            };
        }

        @Override
        public void socketClosed(SocketBase socket) {
            long linger = socket.lingerNanos();
            long until = linger < 0 ? Long.MAX_VALUE : System.nanoTime() + linger;
            lingerUntil.accumulateAndGet(until, Math::max);
            sockets.remove(socket);
        }
    }

    /** Settings for a new context. */
    public static final class Builder {

        private int ioThreads = 1;
        private IoTransport transport = IoTransport.AUTO;
        private ZapHandler authenticator;

        private Builder() {
        }

        /** An in-process ZAP handler from the start (see {@link ZmqContext#setAuthenticator}). */
        public Builder authenticator(ZapHandler handler) {
            this.authenticator = handler;
            return this;
        }

        /** The number of I/O threads (default 1, like libzmq). */
        public Builder ioThreads(int n) {
            this.ioThreads = n;
            return this;
        }

        /** The Netty transport (default {@link IoTransport#AUTO}). */
        public Builder transport(IoTransport t) {
            this.transport = t;
            return this;
        }

        public ZmqContext build() {
            return new ZmqContext(this);
        }
    }
}
