package io.monocoque.zmq.security;

import io.monocoque.zmq.wire.Command;
import io.netty.buffer.ByteBuf;

/**
 * A ZMTP security mechanism, as a state machine driven by the connection: it is started once
 * the greetings are exchanged and fed every command frame until it calls
 * {@link HandshakeSession#complete} or {@link HandshakeSession#fail}. One instance per
 * connection. NULL, PLAIN and CURVE implement it.
 *
 * <p>A mechanism that protects the traffic after the handshake (CURVE) {@linkplain #wrapsFrames()
 * wraps frames}: the connection then hands it every outgoing frame, message or command, to
 * {@link #wrap} and every incoming frame to {@link #unwrap}, instead of writing and reading ZMTP
 * frames directly.
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

    /** Whether frames after the handshake travel wrapped by this mechanism (CURVE) rather than as they are. */
    default boolean wrapsFrames() {
        return false;
    }

    /**
     * The most bytes {@link #wrap} adds to a frame body of any length on the wire, so that a
     * max-message-size limit applies to what the application sent, not to its envelope.
     */
    default int frameOverhead() {
        return 0;
    }

    /** The number of bytes {@link #wrap} writes for a frame body of {@code length} bytes, frame header included. */
    default int wrappedSize(int length) {
        throw new UnsupportedOperationException(name() + " does not wrap frames");
    }

    /** Writes {@code length} bytes of {@code body} from {@code offset} as one wrapped message frame. */
    default void wrap(ByteBuf out, boolean more, byte[] body, int offset, int length) {
        throw new UnsupportedOperationException(name() + " does not wrap frames");
    }

    /** Writes {@code command} (SUBSCRIBE, CANCEL, PING, PONG, ...) as one wrapped frame. */
    default void wrap(ByteBuf out, Command command) {
        throw new UnsupportedOperationException(name() + " does not wrap frames");
    }

    /**
     * Unwraps one received frame whose body is the readable bytes of {@code frame}.
     *
     * @return a buffer owned by the mechanism, valid until the next call, whose readable bytes
     *     are the frame's flags octet ({@link WrappedFrame#MORE}, {@link WrappedFrame#COMMAND})
     *     followed by its body
     * @throws io.monocoque.zmq.wire.ZmtpProtocolException for a malformed, forged, replayed or
     *     reordered frame: the connection must close, and nothing of the frame reaches the application
     */
    default ByteBuf unwrap(boolean more, boolean command, ByteBuf frame) {
        throw new UnsupportedOperationException(name() + " does not wrap frames");
    }

    /** The connection has ended: wipe key material and release buffers. Called once, on the event loop. */
    default void destroy() {
    }
}
