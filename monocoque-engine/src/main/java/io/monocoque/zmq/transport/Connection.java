package io.monocoque.zmq.transport;

import io.monocoque.zmq.pipe.PipeOwner;
import io.monocoque.zmq.pipe.PipeHost;
import io.monocoque.zmq.security.Mechanism;
import io.monocoque.zmq.session.SessionConfig;
import io.netty.channel.ChannelHandler;

/**
 * One tcp or ipc connection as the listener or connecter that made it sees it, whatever it
 * speaks: ZMTP ({@link ZmtpConnection}) or raw bytes for a STREAM socket ({@link RawConnection}).
 */
interface Connection extends PipeOwner, ChannelHandler {

    /** The endpoint this connection belongs to was unbound or disconnected: flush (linger) and close. */
    void socketReleased();

    /** Closes the connection now, whatever is still queued (a linger deadline passed). */
    void closeNow();

    /**
     * Whether the socket itself asked for this connection to close (a STREAM sending an empty
     * frame): a connecter then stops dialling that endpoint instead of reconnecting, as libzmq's
     * session for a raw socket ends with its pipe.
     */
    default boolean closedBySocket() {
        return false;
    }

    /**
     * Whether the connection ended before its handshake completed for a reason of its own (for
     * RECONNECT_STOP_HANDSHAKE_FAILED). A raw connection has no handshake, so it never does.
     */
    default boolean handshakeFailed() {
        return false;
    }

    /**
     * The handler for a new channel of {@code socket}: raw for a STREAM, ZMTP for every other type.
     *
     * @param session what a ZMTP session of the endpoint is made with ({@link SessionConfig#endpoint()}
     *     names it), shared by every connection of one bind or connect
     */
    static Connection create(PipeHost socket, ConnectionOptions options, SessionConfig session, ConnectionSide side,
            java.util.function.Supplier<Mechanism> mechanisms) {
        return socket.type().isRaw()
                ? new RawConnection(socket, session.endpoint(), side)
                : new ZmtpConnection(socket, options, session, side, mechanisms.get());
    }
}
