package io.monocoque.zmq.socket;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketStatistics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a socket counts for its {@link SocketStatistics}: messages and bytes each way (counted
 * under the socket's lock, which also guards reading them), drops, handshake failures and
 * reconnects (counted from any thread).
 */
final class SocketCounters {

    private long messagesSent;
    private long bytesSent;
    private long messagesReceived;
    private long bytesReceived;
    /** Messages the routing dropped (a PUB peer at its high-water mark, a ROUTER's unknown routing id). */
    final AtomicLong dropped = new AtomicLong();
    private final AtomicLong handshakeFailures = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();

    /** A message of {@code bytes} frame bytes was sent; lock held. */
    void sent(long bytes) {
        messagesSent++;
        bytesSent += bytes;
    }

    /** A message of {@code bytes} frame bytes was received; lock held. */
    void received(long bytes) {
        messagesReceived++;
        bytesReceived += bytes;
    }

    /** Counts what a monitor event reports: a failed handshake, a reconnect. */
    void count(MonitorEventType event) {
        switch (event) {
            case HANDSHAKE_FAILED_PROTOCOL, HANDSHAKE_FAILED_AUTH, HANDSHAKE_FAILED_NO_DETAIL -> handshakeFailures.incrementAndGet();
            case CONNECT_RETRIED -> reconnects.incrementAndGet();
            default -> {
            }
        }
    }

    /** A snapshot with the peers and queue depth the socket sees now; lock held. */
    SocketStatistics snapshot(int connectedPeers, long queuedMessages) {
        return new SocketStatistics(messagesSent, bytesSent, messagesReceived, bytesReceived, dropped.get(),
                connectedPeers, queuedMessages, handshakeFailures.get(), reconnects.get());
    }
}
