package io.monocoque.zmq.transport;

import io.monocoque.zmq.auth.ZapClient;
import io.monocoque.zmq.pipe.EndpointHandle;
import io.monocoque.zmq.pipe.PipeHost;
import io.netty.channel.WriteBufferWaterMark;

/** Binds and connects sockets on the transport an endpoint names: tcp, ipc or inproc. */
public final class Transports {

    /** Per-connection bound on bytes queued in Netty beyond the pipe: enough to batch, small enough to push back. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(128 * 1024, 512 * 1024);

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
        Endpoint e = Endpoint.parse(endpoint);
        if (e.kind() == Endpoint.Kind.INPROC) {
            return inproc.bind(socket, e);
        }
        ConnectionOptions options = ConnectionOptions.of(socket, zap);
        new TcpAddressFamily(options.ipv6()).check(e, socket.name(), "bind");
        options.checkZapDomain(socket.name(), e);
        DeviceBinding.check(io.transport(), options.bindToDevice(), socket.name(), e);
        return new Listener(io, socket, e, options, options.security().mechanisms()).open();
    }

    public EndpointHandle connect(PipeHost socket, String endpoint) {
        Endpoint e = Endpoint.parse(endpoint).validateForConnect();
        if (e.kind() == Endpoint.Kind.INPROC) {
            return inproc.connect(socket, e);
        }
        ConnectionOptions options = ConnectionOptions.of(socket, zap);
        new TcpAddressFamily(options.ipv6()).check(e, socket.name(), "connect");
        options.checkZapDomain(socket.name(), e);
        DeviceBinding.check(io.transport(), options.bindToDevice(), socket.name(), e);
        return new Connecter(io, socket, e, options, options.security().mechanisms()).start();
    }
}
