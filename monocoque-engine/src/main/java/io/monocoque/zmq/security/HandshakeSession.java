package io.monocoque.zmq.security;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.wire.Command;
import io.monocoque.zmq.wire.Metadata;

/** What a {@link Mechanism} may do to the connection it is running the handshake for. */
public interface HandshakeSession {

    /** Sends a command frame to the peer. */
    void send(Command command);

    /** The properties this side announces in READY (Socket-Type, Identity, application metadata). */
    Metadata localMetadata();

    /** The negotiated ZMTP minor version (0 for a 3.0 peer, 1 for 3.1). */
    int peerMinorVersion();

    /** The handshake succeeded; the peer announced {@code peerMetadata}. */
    void complete(Metadata peerMetadata, String userId);

    /**
     * The handshake failed: the connection closes after an ERROR command carrying
     * {@code reason} when {@code sendError} is set, and monitors see {@code event}.
     */
    void fail(MonitorEventType event, String reason, boolean sendError);
}
