package io.monocoque.zmq.poll;

import io.monocoque.zmq.socket.Readiness;
import io.monocoque.zmq.socket.SocketBase;

/** A socket in a poll set: asks the socket for its events, and is told by it when they may have changed. */
final class SocketEntry extends PollEntry implements Readiness.Listener {

    private final SocketBase socket;

    SocketEntry(SocketBase socket, int events, Object attachment) {
        super(events, attachment);
        this.socket = socket;
    }

    @Override
    void added(PollSet s) {
        socket.addReadinessListener(this);
    }

    @Override
    void removed() {
        socket.removeReadinessListener(this);
    }

    @Override
    int check() {
        if (socket.isClosed()) {
            return ERR;
        }
        int wanted = interest() & (IN | OUT);
        return wanted == 0 ? 0 : socket.events() & wanted;
    }

    /** From an I/O thread or another socket's user, possibly under the socket's lock: only wakes the poller. */
    @Override
    public void readinessChanged() {
        PollSet s = set;
        if (s != null) {
            s.signal();
        }
    }

    @Override
    Object target() {
        return socket;
    }
}
