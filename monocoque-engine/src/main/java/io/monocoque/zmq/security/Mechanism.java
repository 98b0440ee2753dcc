package io.monocoque.zmq.security;

import io.monocoque.zmq.wire.FrameCodec;
import io.monocoque.zmq.wire.PlainFrameCodec;
import io.monocoque.zmq.wire.ZmtpFrameDecoder;
import io.netty.buffer.ByteBuf;

/**
 * A ZMTP security mechanism, as a state machine driven by the connection: it is started once
 * the greetings are exchanged and fed every command frame until it calls
 * {@link HandshakeSession#complete} or {@link HandshakeSession#fail}. One instance per
 * connection. NULL, PLAIN and CURVE implement it.
 *
 * <p>When the handshake is done the mechanism hands the connection the {@link #dataCodec frame
 * codec} for the traffic that follows: ZMTP frames as they are, or (CURVE) sealed in its
 * envelope.
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

    // ---- data phase -------------------------------------------------------------------------------

    /**
     * The most bytes this mechanism's envelope adds to a frame body of any length on the wire, so
     * that a max-message-size limit applies to what the application sent, not to its envelope.
     */
    default int frameOverhead() {
        return 0;
    }

    /**
     * How frames travel once the handshake has completed: called once, right after
     * {@link HandshakeSession#complete}. Mechanisms that leave traffic alone (NULL, PLAIN) keep
     * ZMTP's frames as they are; CURVE seals each one in a MESSAGE box.
     *
     * @param decoder the ZMTP frame decoder with the connection's size limit (this mechanism's
     *     {@link #frameOverhead()} included)
     */
    default FrameCodec dataCodec(ZmtpFrameDecoder decoder) {
        return new PlainFrameCodec(decoder);
    }

    /** The connection has ended: wipe key material and release buffers. Called once, on the event loop. */
    default void destroy() {
    }
}
