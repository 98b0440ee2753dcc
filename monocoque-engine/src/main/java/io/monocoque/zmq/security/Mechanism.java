package io.monocoque.zmq.security;

import io.netty.buffer.ByteBuf;

/**
 * A ZMTP security mechanism's handshake, as a state machine driven by the connection: it is
 * started once the greetings are exchanged and fed every command frame until it calls
 * {@link HandshakeSession#complete} or {@link HandshakeSession#fail}. One instance per
 * connection. NULL, PLAIN and CURVE implement it.
 */
public interface Mechanism {

    /** The name in the greeting: {@code NULL}, {@code PLAIN} or {@code CURVE}. */
    String name();

    /** Whether this side is the server of the mechanism (the greeting's as-server flag). */
    boolean asServer();

    /** The greetings are exchanged: send whatever this side sends first. */
    void start(HandshakeSession session);

    /** A command frame arrived during the handshake; {@code body} is valid during the call only. */
    void onCommand(HandshakeSession session, ByteBuf body);
}
