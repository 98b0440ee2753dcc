package io.monocoque.spring.health;

import io.monocoque.spring.core.ZmqSocketTracker;
import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.SocketStatistics;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code zmq} health component: the context's transport and, for each socket, its type,
 * endpoints, connected peers, queued messages and the last failure its monitor reported. DOWN
 * when the context is closed.
 */
public class ZmqHealthIndicator extends AbstractHealthIndicator {

    private final ZmqContext context;
    private final ZmqSocketTracker tracker;

    public ZmqHealthIndicator(ZmqContext context, ZmqSocketTracker tracker) {
        super("ZeroMQ health check failed");
        this.context = context;
        this.tracker = tracker;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean down = context.isClosed();
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
            }
            MonitorEvent failure = tracked.lastFailure();
            if (failure != null) {
                details.put("lastError", failure.type() + (failure.reason() == null ? "" : ": " + failure.reason()));
                details.put("lastErrorTime", String.valueOf(tracked.lastFailureTime()));
            }
            sockets.put(tracked.name(), details);
        }
        builder.status(down ? org.springframework.boot.health.contributor.Status.DOWN
                : org.springframework.boot.health.contributor.Status.UP)
                .withDetail("transport", context.transport().name())
                .withDetail("sockets", sockets);
    }

    private java.util.List<ZmqSocketTracker.TrackedSocket> sortedSockets() {
        java.util.List<ZmqSocketTracker.TrackedSocket> list = tracker.sockets();
        list.sort(Comparator.comparing(ZmqSocketTracker.TrackedSocket::name));
        return list;
    }
}
