package io.monocoque.zmq.transport;

import io.monocoque.zmq.PeerInfo;
import io.monocoque.zmq.pipe.Pipe;

/**
 * The end that made a connection — a listener that accepted it or a connecter that dialled it —
 * which decides which pipe the connection serves and what happens when it ends.
 */
interface ConnectionSide {

    /** The connection is up (before the handshake). */
    void active(Connection connection);

    /**
     * The handshake succeeded (a raw connection: it is up): returns the socket's end of the pipe
     * the connection now serves (the connection takes the other end), or why the socket refuses
     * the peer.
     */
    Attachment attach(Connection connection, PeerInfo peer, byte[] routingId);

    /** Whether this side dialled the connection (a connecter), rather than accepted it. */
    boolean connecting();

    /**
     * What became of a connection whose handshake succeeded: the socket's end of its pipe, or
     * (pipe {@code null}) why the socket refused the peer.
     */
    record Attachment(Pipe pipe, String refusal) {

        static Attachment of(Pipe pipe) {
            return new Attachment(pipe, null);
        }

        static Attachment refused(String reason) {
            return new Attachment(null, reason);
        }
    }

    /**
     * The connection has ended: the socket stops sending into it. A binding side (or an
     * {@code immediate} connecter) terminates the pipe, so the socket forgets the peer; a connecter
     * keeps it for the next connection. Called before the connection reports DISCONNECTED, so that
     * what the application sends once it has seen that event never goes into the dead connection's
     * pipe. {@code attached} tells whether {@link #attach} had succeeded.
     */
    void letGo(Connection connection, Pipe pipe, boolean attached);

    /**
     * The connection closed, after {@link #letGo} and its DISCONNECTED event: the side's own
     * bookkeeping (reconnect, linger, the endpoint's end).
     */
    void closed(Connection connection, Pipe pipe, boolean attached);
}
