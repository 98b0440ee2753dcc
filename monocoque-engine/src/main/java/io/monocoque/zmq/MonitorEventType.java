package io.monocoque.zmq;

/** What a {@link MonitorEvent} reports, named after libzmq's {@code ZMQ_EVENT_*} constants. */
public enum MonitorEventType {
    /** An outgoing connection was established (before the handshake). */
    CONNECTED,
    /** A connect attempt did not complete at once and is in progress. */
    CONNECT_DELAYED,
    /**
     * A reconnect was scheduled; the value is the delay in milliseconds, the reason why the last
     * attempt did not connect when it did not (refused, unreachable, a SOCKS proxy's refusal).
     */
    CONNECT_RETRIED,
    /** The socket is bound and listening. */
    LISTENING,
    /** A bind failed. */
    BIND_FAILED,
    /** An incoming connection was accepted. */
    ACCEPTED,
    /** An incoming connection could not be accepted. */
    ACCEPT_FAILED,
    /**
     * A listener was closed (unbind or socket close), or a connecting endpoint stopped dialling
     * without a disconnect (a reconnect interval of zero or less, {@link SocketOption#RECONNECT_STOP});
     * the reason then says why and what became of the endpoint.
     */
    CLOSED,
    /** A connection was closed or broken. */
    DISCONNECTED,
    /**
     * The handshake did not complete, for a reason that is neither a protocol violation nor a
     * refused authentication: the peer closed the connection or it broke before the handshake
     * finished, or the handshake interval ran out. A {@link #DISCONNECTED} follows. As libzmq's
     * {@code ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL}; the reason says which.
     */
    HANDSHAKE_FAILED_NO_DETAIL,
    /** The ZMTP handshake completed: the connection carries messages. */
    HANDSHAKE_SUCCEEDED,
    /** The peer violated the protocol during the handshake (bad greeting, unsupported version, incompatible socket type, ...). */
    HANDSHAKE_FAILED_PROTOCOL,
    /** The peer failed authentication. */
    HANDSHAKE_FAILED_AUTH,
    /** The monitor was removed or its socket closed; the last event a listener gets. */
    MONITOR_STOPPED
}
