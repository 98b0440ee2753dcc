package io.monocoque.spring.health;

import io.monocoque.spring.core.ZmqSocketTracker;
import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.SocketStatistics;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code zmq} health component: the context's transport and, for each socket, its type,
 * endpoints, connected peers, queued messages and the last failure its monitor reported.
 *
 * <p>DOWN when the context is closed; when an endpoint a socket connects to has had no peer for
 * longer than the {@linkplain #setPeerTimeout peer timeout} (the socket's detail then lists it
 * under {@code unreachable}, with the time without a peer, the reconnect attempts and the last
 * error); and when the {@linkplain ZmqIoThreadProbe I/O thread probe} finds a stuck I/O thread.
 */
public class ZmqHealthIndicator extends AbstractHealthIndicator {

    private final ZmqContext context;
    private final ZmqSocketTracker tracker;
    private final ZmqIoThreadProbe probe;
    private volatile Duration peerTimeout = Duration.ofSeconds(30);

    /** A component without the I/O thread probe. */
    public ZmqHealthIndicator(ZmqContext context, ZmqSocketTracker tracker) {
        this(context, tracker, null);
    }

    /** @param probe checks the I/O threads on every health check ({@code null}: not checked) */
    public ZmqHealthIndicator(ZmqContext context, ZmqSocketTracker tracker, ZmqIoThreadProbe probe) {
        super("ZeroMQ health check failed");
        this.context = context;
        this.tracker = tracker;
        this.probe = probe;
    }

    /** How long a connect endpoint may go without a peer before it turns the component DOWN (default 30 s). */
    public void setPeerTimeout(Duration peerTimeout) {
        this.peerTimeout = peerTimeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean down = context.isClosed();
        Instant now = Instant.now();
        Map<String, Object> sockets = new LinkedHashMap<>();
        for (ZmqSocketTracker.TrackedSocket tracked : sortedSockets()) {
            ZmqSocket socket = tracked.socket();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("type", socket.type().name());
            details.put("endpoints", socket.endpoints());
            if (socket.isClosed()) {
                details.put("status", "CLOSED"); // e.g. a stopped listener's socket: reported, not alarming
            } else {
                SocketStatistics stats = socket.statistics();
                details.put("peers", stats.connectedPeers());
                details.put("queued", stats.queuedMessages());
                details.put("reconnects", stats.reconnects());
                List<Map<String, Object>> unreachable = unreachable(tracked, now);
                if (!unreachable.isEmpty()) {
                    details.put("status", "UNREACHABLE");
                    details.put("unreachable", unreachable);
                    down = true;
                }
            }
            MonitorEvent failure = tracked.lastFailure();
            if (failure != null) {
                details.put("lastError", failure.type() + (failure.reason() == null ? "" : ": " + failure.reason()));
                details.put("lastErrorTime", String.valueOf(tracked.lastFailureTime()));
            }
            sockets.put(tracked.name(), details);
        }
        builder.withDetail("transport", context.transport().name());
        if (probe != null && !context.isClosed()) {
            ZmqIoThreadProbe.Result io = probe.check();
            Map<String, Object> ioDetails = new LinkedHashMap<>();
            ioDetails.put("status", io.alive() ? "UP" : "STUCK");
            ioDetails.put("probeMillis", io.took().toMillis());
            ioDetails.put("threads", io.latencies().size());
            if (io.problem() != null) {
                ioDetails.put("problem", io.problem());
                ioDetails.put("stuckThreads", io.stuckThreads());
                down = true;
            }
            builder.withDetail("ioThreads", ioDetails);
        }
        builder.status(down ? Status.DOWN : Status.UP).withDetail("sockets", sockets);
    }

    private List<Map<String, Object>> unreachable(ZmqSocketTracker.TrackedSocket tracked, Instant now) {
        List<Map<String, Object>> list = new ArrayList<>();
        List<ZmqSocketTracker.ConnectEndpoint> endpoints = tracked.connectEndpoints();
        endpoints.sort(Comparator.comparing(ZmqSocketTracker.ConnectEndpoint::endpoint));
        for (ZmqSocketTracker.ConnectEndpoint e : endpoints) {
            if (e.hasPeer()) {
                continue;
            }
            Duration without = Duration.between(e.withoutPeerSince(), now);
            if (without.compareTo(peerTimeout) > 0) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("endpoint", e.endpoint());
                d.put("withoutPeerFor", without.toMillis() + " ms");
                d.put("reconnects", e.reconnects());
                if (e.lastError() != null) {
                    d.put("lastError", e.lastError());
                }
                list.add(d);
            }
        }
        return list;
    }

    private List<ZmqSocketTracker.TrackedSocket> sortedSockets() {
        List<ZmqSocketTracker.TrackedSocket> list = tracker.sockets();
        list.sort(Comparator.comparing(ZmqSocketTracker.TrackedSocket::name));
        return list;
    }
}
