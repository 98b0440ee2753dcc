package io.monocoque.zmq.pipe;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;

/**
 * A socket as its connections see it: what a transport may ask of the socket it carries
 * messages for, and nothing of how the socket routes them. Sockets implement it; the transport's
 * listeners, connecters and connections hold one instead of the socket class.
 */
public interface PipeHost extends PipeOwner {

    /** The socket's name, for messages and log lines. */
    String name();

    SocketType type();

    /** An option's current value (connections read them once, when they start). */
    <T> T getOption(SocketOption<T> option);

    /**
     * Takes a new peer's pipe: {@code ready} when the peer's connection is up (a handshake
     * succeeded), not when a connecter attaches its pipe before connecting.
     *
     * @return {@code null} when the socket took the pipe, else why it refuses the peer (its
     *     routing id is in use, its one peer is taken, it is closed), for the connection's
     *     DISCONNECTED event
     */
    String attachPipe(Pipe pipe, boolean ready);

    /**
     * A pipe attached earlier (a connecter's, which outlives reconnects) has completed a
     * handshake: {@code null} when the socket takes it, else why it refuses it (a duplicate
     * routing id, say).
     */
    String pipeReady(Pipe pipe);

    /** Lets go of a pipe whose endpoint was unbound or disconnected. */
    void detachPipe(Pipe pipe);

    /**
     * A connected endpoint ended by itself: it stopped reconnecting (RECONNECT_STOP, or a
     * reconnect interval that allows no retry) and its pipe is gone. The socket forgets it, as
     * after a {@code disconnect}. {@code handle.hasEnded()} is already true, so a call that
     * arrives before the socket has recorded the endpoint is not lost.
     */
    void endpointEnded(EndpointHandle handle);

    /** Reports a monitor event (off the calling I/O thread). */
    void emit(MonitorEventType type, String endpoint, long value, String reason);

    /**
     * The transport dropped {@code count} messages for this socket (a malformed or oversize
     * datagram, a full receive queue over udp): counted in the socket's statistics.
     */
    void countDropped(long count);

    /** How long a closing connection may go on flushing what the socket sent: 0 none, negative forever. */
    long lingerNanos();
}
