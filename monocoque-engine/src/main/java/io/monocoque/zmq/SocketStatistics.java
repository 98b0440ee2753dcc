package io.monocoque.zmq;

/**
 * A snapshot of a socket's counters since it was created, for metrics and health checks.
 *
 * @param messagesSent       messages the application sent (queued to a peer)
 * @param bytesSent          their total frame bytes
 * @param messagesReceived   messages the application received
 * @param bytesReceived      their total frame bytes
 * @param messagesDropped    messages dropped at a peer's high-water mark (PUB, XPUB, ROUTER), and by a ROUTER
 *                           for want of a peer with the routing id they name
 * @param connectedPeers     peers with a completed handshake (or inproc peers) right now
 * @param queuedMessages     messages sent but not yet taken by a connection, over every peer
 * @param handshakeFailures  connections that failed their handshake
 * @param reconnects         reconnect attempts scheduled
 */
public record SocketStatistics(
        long messagesSent,
        long bytesSent,
        long messagesReceived,
        long bytesReceived,
        long messagesDropped,
        int connectedPeers,
        long queuedMessages,
        long handshakeFailures,
        long reconnects) {
}
