package io.monocoque.spring.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.monocoque.spring.core.ZmqSocketTracker;
import io.monocoque.spring.messaging.ZmqMessageDiscards;
import io.monocoque.spring.messaging.ZmqMessageFailures;
import io.monocoque.zmq.SocketStatistics;
import io.monocoque.zmq.ZmqSocket;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for every socket Monocoque manages, tagged {@code socket} (its name) and
 * {@code type}: messages and bytes sent and received, messages dropped at the high-water mark,
 * connected peers, queued messages, handshake failures and reconnects; and, with
 * {@link ZmqMessageFailures}, the messages the channels, adapters and gateways on the socket
 * could not deliver ({@code zmq.messages.failed}); with {@link ZmqMessageDiscards}, the messages
 * a listener left queued when its shutdown timeout ran out ({@code zmq.messages.discarded}, tagged
 * {@code reason}). Meters read the counters when they are
 * published; nothing is counted twice on the message path.
 */
public class ZmqSocketMetrics {

    private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();

    /** Registers meters in {@code registry} for every socket {@code tracker} knows, now and later. */
    public ZmqSocketMetrics(ZmqSocketTracker tracker, MeterRegistry registry) {
        this(tracker, registry, null);
    }

    /**
     * Registers meters in {@code registry} for every socket {@code tracker} knows, now and later,
     * with a {@code zmq.messages.failed} counter reading {@code failures} (if not {@code null}).
     */
    public ZmqSocketMetrics(ZmqSocketTracker tracker, MeterRegistry registry, ZmqMessageFailures failures) {
        this(tracker, registry, failures, null);
    }

    /**
     * As {@link #ZmqSocketMetrics(ZmqSocketTracker, MeterRegistry, ZmqMessageFailures)}, with a
     * {@code zmq.messages.discarded} counter per reason reading {@code discards} (if not
     * {@code null}).
     */
    public ZmqSocketMetrics(ZmqSocketTracker tracker, MeterRegistry registry, ZmqMessageFailures failures, ZmqMessageDiscards discards) {
        tracker.onTrack((previous, socket) -> {
            List<Meter> old = meters.remove(socket.name());
            if (old != null) {
                old.forEach(registry::remove); // a listener restarted with a new socket of the same name
            }
            List<Meter> added = register(registry, socket.name(), socket.socket());
            if (failures != null) {
                String name = socket.name();
                added.add(FunctionCounter.builder("zmq.messages.failed", failures, f -> f.count(name))
                        .description("Messages a channel, adapter or gateway on the socket could not deliver")
                        .tags(Tags.of("socket", name, "type", socket.socket().type().name())).register(registry));
            }
            if (discards != null) {
                String name = socket.name();
                added.add(FunctionCounter.builder("zmq.messages.discarded", discards, d -> d.count(name, ZmqMessageDiscards.SHUTDOWN_TIMEOUT))
                        .description("Messages queued in the socket that a listener left unhandled when its shutdown timeout ran out")
                        .tags(Tags.of("socket", name, "type", socket.socket().type().name(), "reason", ZmqMessageDiscards.SHUTDOWN_TIMEOUT))
                        .register(registry));
            }
            meters.put(socket.name(), added);
        });
    }

    private static List<Meter> register(MeterRegistry registry, String name, ZmqSocket socket) {
        Tags tags = Tags.of("socket", name, "type", socket.type().name());
        List<Meter> list = new ArrayList<>();
        list.add(counter(registry, "zmq.messages.sent", "Messages the application sent", null, tags, socket, SocketStatistics::messagesSent));
        list.add(counter(registry, "zmq.messages.received", "Messages the application received", null, tags, socket, SocketStatistics::messagesReceived));
        list.add(counter(registry, "zmq.bytes.sent", "Frame bytes the application sent", "bytes", tags, socket, SocketStatistics::bytesSent));
        list.add(counter(registry, "zmq.bytes.received", "Frame bytes the application received", "bytes", tags, socket, SocketStatistics::bytesReceived));
        list.add(counter(registry, "zmq.messages.dropped", "Messages dropped at a peer's high-water mark", null, tags, socket, SocketStatistics::messagesDropped));
        list.add(counter(registry, "zmq.handshake.failures", "Connections that failed their ZMTP handshake", null, tags, socket, SocketStatistics::handshakeFailures));
        list.add(counter(registry, "zmq.reconnects", "Reconnect attempts", null, tags, socket, SocketStatistics::reconnects));
        list.add(gauge(registry, "zmq.peers", "Peers connected now", tags, socket, s -> s.connectedPeers()));
        list.add(gauge(registry, "zmq.queue.size", "Messages sent but not yet taken by a connection", tags, socket, s -> s.queuedMessages()));
        return list;
    }

    private static Meter counter(MeterRegistry registry, String name, String description, String unit, Tags tags,
            ZmqSocket socket, java.util.function.ToLongFunction<SocketStatistics> value) {
        return FunctionCounter.builder(name, socket, s -> value.applyAsLong(s.statistics()))
                .description(description).baseUnit(unit).tags(tags).register(registry);
    }

    private static Meter gauge(MeterRegistry registry, String name, String description, Tags tags,
            ZmqSocket socket, ToDoubleFunction<SocketStatistics> value) {
        return Gauge.builder(name, socket, s -> value.applyAsDouble(s.statistics()))
                .description(description).tags(tags).strongReference(false).register(registry);
    }
}
