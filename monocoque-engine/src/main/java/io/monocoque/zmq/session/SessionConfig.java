package io.monocoque.zmq.session;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.wire.Metadata;
import java.util.Objects;

/**
 * What a session needs to know of its socket, read once when the connection starts.
 *
 * @param socketType this side's socket type
 * @param endpoint the endpoint, for messages and log lines
 * @param localMetadata what this side announces in READY
 * @param zapDomain the ZAP domain, empty for none
 * @param zapEnforceDomain whether a set ZAP domain without a ZAP handler refuses clients (ZAP_ENFORCE_DOMAIN)
 * @param maxMessageSize the largest message accepted from the peer, -1 for no limit
 * @param handshakeNanos the time the handshake may take, 0 for no limit
 * @param heartbeatIntervalNanos how often to PING, 0 for never
 * @param heartbeatTimeoutNanos how long the peer has to answer a PING with any traffic
 * @param heartbeatTtlNanos the TTL our PINGs announce, 0 for none
 * @param routingId this side's routing id (the identity a ZMTP 1.0/2.0 peer is told), or null
 */
public record SessionConfig(
        SocketType socketType,
        String endpoint,
        Metadata localMetadata,
        String zapDomain,
        boolean zapEnforceDomain,
        long maxMessageSize,
        long handshakeNanos,
        long heartbeatIntervalNanos,
        long heartbeatTimeoutNanos,
        long heartbeatTtlNanos,
        byte[] routingId) {

    public SessionConfig {
        Objects.requireNonNull(socketType, "socketType");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(localMetadata, "localMetadata");
        Objects.requireNonNull(zapDomain, "zapDomain");
    }

    /** A session of a socket that leaves ZAP_ENFORCE_DOMAIN off, libzmq's default. */
    public SessionConfig(SocketType socketType, String endpoint, Metadata localMetadata, String zapDomain,
            long maxMessageSize, long handshakeNanos, long heartbeatIntervalNanos, long heartbeatTimeoutNanos,
            long heartbeatTtlNanos, byte[] routingId) {
        this(socketType, endpoint, localMetadata, zapDomain, false, maxMessageSize, handshakeNanos,
                heartbeatIntervalNanos, heartbeatTimeoutNanos, heartbeatTtlNanos, routingId);
    }

    /** Whether this side takes subscriptions from its peers (it publishes). */
    boolean publisher() {
        return socketType.isPublisher();
    }

    /** Whether this side sends subscriptions to its peers. */
    boolean subscriber() {
        return socketType.isSubscriber();
    }
}
