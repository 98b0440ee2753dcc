package io.monocoque.zmq.socket;

import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;

/** The errors for operations a socket type does not have (libzmq's ENOTSUP). */
final class Unsupported {

    private Unsupported() {
    }

    static ZmqException receive(SocketBase socket) {
        return new ZmqException(ZmqError.ENOTSUP, socket.name() + ": a " + socket.type() + " socket cannot receive");
    }

    static ZmqException connectPeer(SocketBase socket) {
        return new ZmqException(ZmqError.ENOTSUP, socket.name() + ": connectPeer needs a PEER socket, not a " + socket.type());
    }

    static ZmqException send(SocketBase socket) {
        return new ZmqException(ZmqError.ENOTSUP, socket.name() + ": a " + socket.type() + " socket cannot send");
    }

    static ZmqException groups(SocketBase socket) {
        return new ZmqException(ZmqError.ENOTSUP, socket.name() + ": join and leave need a DISH socket, not a " + socket.type());
    }
}
