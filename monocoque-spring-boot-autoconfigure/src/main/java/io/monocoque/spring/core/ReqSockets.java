package io.monocoque.spring.core;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqSocket;

/** What request/reply over a REQ socket may do after a request timed out. */
public final class ReqSockets {

    private ReqSockets() {
    }

    /**
     * Whether {@code socket} may send its next request before the reply to a timed-out one has
     * come, and drops that reply when it does: a REQ socket with {@code REQ_RELAXED} and
     * {@code REQ_CORRELATE}. Relaxed alone is not enough: the late reply could pass for the next
     * request's.
     */
    public static boolean goesOnAfterATimeout(ZmqSocket socket) {
        return socket.type() == SocketType.REQ
                && Boolean.TRUE.equals(socket.getOption(SocketOption.REQ_RELAXED))
                && Boolean.TRUE.equals(socket.getOption(SocketOption.REQ_CORRELATE));
    }
}
