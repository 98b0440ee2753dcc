package io.monocoque.zmq.transport;

import io.monocoque.zmq.security.Mechanism;
import io.monocoque.zmq.security.NullMechanism;
import io.monocoque.zmq.socket.EndpointHandle;
import io.monocoque.zmq.socket.SocketBase;
import io.netty.channel.WriteBufferWaterMark;

import java.util.function.Supplier;

/** Binds and connects sockets on the transport an endpoint names: tcp, ipc or inproc. */
public final class Transports {

    /** Per-connection bound on bytes queued in Netty beyond the pipe: enough to batch, small enough to push back. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(128 * 1024, 512 * 1024);

    private final NettyIo io;
    private final InprocRegistry inproc = new InprocRegistry();

    public Transports(NettyIo io) {
        this.io = io;
    }

    public NettyIo io() {
        return io;
    }

    public EndpointHandle bind(SocketBase socket, String endpoint) {
        Endpoint e = Endpoint.parse(endpoint);
        if (e.kind() == Endpoint.Kind.INPROC) {
            return inproc.bind(socket, e);
        }
        return new Listener(io, socket, e, ConnectionOptions.of(socket), mechanisms(socket)).open();
    }

    public EndpointHandle connect(SocketBase socket, String endpoint) {
        Endpoint e = Endpoint.parse(endpoint).validateForConnect();
        if (e.kind() == Endpoint.Kind.INPROC) {
            return inproc.connect(socket, e);
        }
        return new Connecter(io, socket, e, ConnectionOptions.of(socket), mechanisms(socket)).start();
    }

    private static Supplier<Mechanism> mechanisms(SocketBase socket) {
        return NullMechanism::new;
    }
}
