package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.pipe.Pipe;

/** PROBE_ROUTER: the empty message a ROUTER, DEALER or REQ sends a new peer first, as libzmq does on attach. */
final class Probes {

    private Probes() {
    }

    /** Queues the probe on {@code pipe} if the socket asks for one; lock held. */
    static void probe(SocketBase socket, Pipe pipe) {
        if (socket.getOption(SocketOption.PROBE_ROUTER) && pipe.checkWrite()) {
            pipe.write(new byte[0]);
            socket.wakeups.afterWrite(pipe);
        }
    }
}
