package io.monocoque.zmq.transport;

import io.monocoque.zmq.IoTransport;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.auth.ZapClient;
import io.monocoque.zmq.pipe.EndpointHandle;
import io.monocoque.zmq.pipe.PipeHost;
import io.netty.channel.WriteBufferWaterMark;

/** Binds and connects sockets on the transport an endpoint names: tcp, ipc, inproc or udp. */
public final class Transports {

    /** Per-connection bound on bytes queued in Netty beyond the pipe: enough to batch, small enough to push back. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(128 * 1024, 512 * 1024);

    /** udp:// has an address syntax of its own (libzmq's udp_address: an interface before ';'): {@link UdpAddress}. */
    private static final String UDP = "udp://";

    private final NettyIo io;
    private final InprocRegistry inproc = new InprocRegistry();
    private final ZapClient zap;

    /** @param zap how server mechanisms authenticate clients ({@code null}: never, as if no handler existed) */
    public Transports(NettyIo io, ZapClient zap) {
        this.io = io;
        this.zap = zap;
    }

    public Transports(NettyIo io) {
        this(io, null);
    }

    /** The socket bound at {@code inproc://name} in this context, or {@code null}. */
    public PipeHost inprocBound(String name) {
        return inproc.boundSocket(name);
    }

    public NettyIo io() {
        return io;
    }

    public EndpointHandle bind(PipeHost socket, String endpoint) {
        if (endpoint.startsWith(UDP)) {
            return UdpEngine.bind(io, socket, endpoint, endpoint.substring(UDP.length()));
        }
        Endpoint e = Endpoint.parse(endpoint);
        checkRawTransport(socket, e, "bind");
        checkNotDgram(socket, e);
        if (e.kind() == Endpoint.Kind.INPROC) {
            return inproc.bind(socket, e);
        }
        ConnectionOptions options = ConnectionOptions.of(socket, zap);
        new TcpAddressFamily(options.ipv6()).check(e, socket.name(), "bind");
        options.checkZapDomain(socket.name(), e);
        DeviceBinding.check(io.transport(), options.bindToDevice(), socket.name(), e);
        TcpOptions.check(io.transport(), options, socket.name(), e);
        checkAbstractIpc(e, socket.name());
        return new Listener(io, socket, e, options, options.security().mechanisms()).open();
    }

    public EndpointHandle connect(PipeHost socket, String endpoint) {
        if (endpoint.startsWith(UDP)) {
            return UdpEngine.connect(io, socket, endpoint, endpoint.substring(UDP.length()));
        }
        Endpoint e = Endpoint.parse(endpoint).validateForConnect();
        checkRawTransport(socket, e, "connect");
        checkNotDgram(socket, e);
        if (e.kind() == Endpoint.Kind.INPROC) {
            return inproc.connect(socket, e);
        }
        ConnectionOptions options = ConnectionOptions.of(socket, zap);
        if (options.socksProxy() == null) {
            // Through a proxy the destination is the proxy's to reach, in either family (libzmq too).
            new TcpAddressFamily(options.ipv6()).check(e, socket.name(), "connect");
        }
        options.checkZapDomain(socket.name(), e);
        DeviceBinding.check(io.transport(), options.bindToDevice(), socket.name(), e);
        TcpOptions.check(io.transport(), options, socket.name(), e);
        checkAbstractIpc(e, socket.name());
        return new Connecter(io, socket, e, options, options.security().mechanisms()).start();
    }

    /**
     * A STREAM carries the bytes of a byte stream, which inproc does not have: libzmq 4.3 lets
     * the bind or connect succeed and then delivers nothing, not even a connect notification; this
     * says so instead.
     */
    private static void checkRawTransport(PipeHost socket, Endpoint e, String operation) {
        if (socket.type().isRaw() && e.kind() == Endpoint.Kind.INPROC) {
            throw new ZmqException(ZmqError.ENOTSUP, socket.name() + ": cannot " + operation + " " + e + ": a "
                    + socket.type() + " socket speaks raw bytes over tcp:// or ipc:// only");
        }
    }

    /** A DGRAM socket is udp only: it has no ZMTP peer. */
    private static void checkNotDgram(PipeHost socket, Endpoint e) {
        if (socket.type() == SocketType.DGRAM) {
            throw new ZmqException(ZmqError.ENOCOMPATPROTO, socket.name() + ": cannot use " + e
                    + ": a DGRAM socket binds udp:// endpoints only");
        }
    }

    /** The JDK's Unix domain sockets, so NIO's, have no abstract namespace: say so instead of failing on the path. */
    private void checkAbstractIpc(Endpoint e, String socketName) {
        if (e.isAbstract() && io.transport() == IoTransport.NIO) {
            throw new ZmqException(ZmqError.ENOTSUP, socketName + ": cannot use " + e
                    + ": abstract ipc names need the epoll or io_uring transport (the JDK's Unix domain sockets have no"
                    + " abstract namespace); this context runs NIO");
        }
    }
}
