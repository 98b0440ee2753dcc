package io.monocoque.zmq.transport;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.pipe.PipeHost;

/**
 * The messages a connection adds to the traffic on its own, as libzmq's sessions and engines
 * do: ROUTER_NOTIFY's empty connect and disconnect notifications, HELLO_MSG (sent to the peer
 * first), DISCONNECT_MSG and HICCUP_MSG (delivered to the socket when the connection ends). Read
 * from the socket's options once, when the connection starts; each applies only to the socket
 * types and the side (connecting or accepted) libzmq 4.3.5 gives it to: HELLO_MSG to ROUTER,
 * DEALER, SERVER, CLIENT and PEER, DISCONNECT_MSG to ROUTER, SERVER and PEER, HICCUP_MSG to
 * DEALER, CLIENT and PEER.
 *
 * @param notifyConnect deliver an empty message when the handshake completes
 * @param notifyDisconnect deliver an empty message when a connection that completed its handshake ends
 * @param hello sent to the peer before anything else, or null
 * @param disconnect delivered when an accepted connection that completed its handshake ends, or null
 * @param hiccup delivered when a connection this side made that completed its handshake ends, or null
 */
record ConnectionNotices(boolean notifyConnect, boolean notifyDisconnect, byte[] hello, byte[] disconnect, byte[] hiccup) {

    static final ConnectionNotices NONE = new ConnectionNotices(false, false, null, null, null);

    static ConnectionNotices of(PipeHost socket, boolean connecting) {
        SocketType type = socket.type();
        // libzmq's can_send_hello_msg, can_recv_disconnect_msg and can_recv_hiccup_msg, per type.
        boolean hello = type == SocketType.ROUTER || type == SocketType.DEALER || type == SocketType.SERVER
                || type == SocketType.CLIENT || type == SocketType.PEER;
        if (!hello) {
            return NONE;
        }
        boolean disconnect = type == SocketType.ROUTER || type == SocketType.SERVER || type == SocketType.PEER;
        boolean hiccup = type == SocketType.DEALER || type == SocketType.CLIENT || type == SocketType.PEER;
        int notify = type == SocketType.ROUTER ? socket.getOption(SocketOption.ROUTER_NOTIFY) : 0;
        return new ConnectionNotices(
                (notify & SocketOption.NOTIFY_CONNECT) != 0,
                (notify & SocketOption.NOTIFY_DISCONNECT) != 0,
                copy(socket.getOption(SocketOption.HELLO_MSG)),
                disconnect && !connecting ? copy(socket.getOption(SocketOption.DISCONNECT_MSG)) : null,
                hiccup && connecting ? copy(socket.getOption(SocketOption.HICCUP_MSG)) : null);
    }

    /** The option's bytes, copied so later changes to the array do not reach this connection; null for none or empty. */
    private static byte[] copy(byte[] value) {
        return value == null || value.length == 0 ? null : value.clone();
    }
}
