package io.monocoque.zmq.security;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.wire.Command;
import io.monocoque.zmq.wire.Metadata;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a {@link Mechanism} may do to the connection it is running the handshake for. Every
 * method is called, and every callback runs, on the connection's event loop.
 */
public interface HandshakeSession {

    /** Sends a command frame to the peer. */
    void send(Command command);

    /** The properties this side announces in READY (Socket-Type, Identity, application metadata). */
    Metadata localMetadata();

    /** The negotiated ZMTP minor version (0 for a 3.0 peer, 1 for 3.1). */
    int peerMinorVersion();

    /**
     * The peer's properties are known (its READY or INITIATE): checks, before this side answers
     * or asks ZAP about it, that its socket type can talk to ours. When it cannot, the handshake
     * has failed (monitors told, ERROR sent) and the mechanism must stop.
     *
     * @return whether the handshake may go on
     */
    default boolean acceptsPeer(Metadata peerMetadata) {
        return true;
    }

    /** The handshake succeeded; the peer announced {@code peerMetadata}. */
    default void complete(Metadata peerMetadata, String userId) {
        complete(peerMetadata, userId, Map.of());
    }

    /**
     * The handshake succeeded: the peer announced {@code peerMetadata}, authentication established
     * {@code userId} (or {@code null}) and the ZAP handler added {@code zapProperties}; all of it
     * reaches the application with every message ({@code ZmqMessage.peer()}).
     */
    void complete(Metadata peerMetadata, String userId, Map<String, byte[]> zapProperties);

    /**
     * The handshake failed: the connection closes after an ERROR command carrying
     * {@code reason} when {@code sendError} is set, and monitors see {@code event}.
     */
    default void fail(MonitorEventType event, String reason, boolean sendError) {
        fail(event, 0, reason, sendError ? reason : null);
    }

    /**
     * The handshake failed: monitors see {@code event} with {@code value} (the ZAP status code for
     * authentication failures, as libzmq reports it) and {@code reason}; the connection closes,
     * after an ERROR command carrying {@code errorReason} unless that is {@code null}. The two
     * reasons differ because what the peer is told (a ZAP status code) is less than what the
     * local monitor may know.
     */
    void fail(MonitorEventType event, long value, String reason, String errorReason);

    /** The ZAP domain of this socket ({@code ZAP_DOMAIN}), empty when not set. */
    String zapDomain();

    /**
     * Whether the socket follows RFC 27 strictly ({@code ZAP_ENFORCE_DOMAIN}): with a ZAP domain
     * set, no ZAP handler means no client is let in.
     */
    default boolean zapEnforceDomain() {
        return false;
    }

    /**
     * Asks ZAP (RFC 27) whether the peer may connect, without blocking: {@code then} runs later on
     * the connection's event loop with the reply, or with {@code null} when neither an in-process
     * authenticator nor a ZAP handler socket is configured (each mechanism decides what that
     * means, as libzmq's do). Nothing runs if the connection has ended meanwhile.
     *
     * @param mechanism   {@code NULL}, {@code PLAIN} or {@code CURVE}
     * @param credentials the mechanism's credential frames (PLAIN: user name and password;
     *                    CURVE: the client's 32-byte long-term public key)
     */
    void authenticate(String mechanism, List<byte[]> credentials, Consumer<ZapReply> then);
}
