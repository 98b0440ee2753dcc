package io.monocoque.spring.core;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.ZmqSocket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * Every socket Monocoque manages in an application (configured or declared by a listener), by
 * name, with the last failure its monitor reported: the one place metrics and health look.
 * Fed by a socket customizer, so it sees each socket before it binds or connects.
 */
public final class ZmqSocketTracker {

    /**
     * An endpoint a tracked socket connects to, as its monitor reports it: whether a peer is
     * there (a completed handshake; for {@code inproc://}, the connection), since when none has
     * been, the reconnect attempts and the last error.
     */
    public static final class ConnectEndpoint {

        private final String endpoint;
        private volatile boolean peer;
        private volatile Instant withoutPeerSince;
        private volatile long reconnects;
        private volatile String lastError;

        ConnectEndpoint(String endpoint, Instant now) {
            this.endpoint = endpoint;
            this.withoutPeerSince = now;
        }

        public String endpoint() {
            return endpoint;
        }

        /** Whether a peer is connected (handshake completed) on this endpoint now. */
        public boolean hasPeer() {
            return peer;
        }

        /** Since when no peer has been connected here (meaningless while {@link #hasPeer()}). */
        public Instant withoutPeerSince() {
            return withoutPeerSince;
        }

        /** Reconnect attempts on this endpoint so far. */
        public long reconnects() {
            return reconnects;
        }

        /** Why the last connection here closed or failed its handshake, or {@code null}. */
        public String lastError() {
            return lastError;
        }

        void record(MonitorEvent event, Instant now) {
            switch (event.type()) {
                case CONNECT_RETRIED -> reconnects++;
                case HANDSHAKE_SUCCEEDED -> peer = true;
                case CONNECTED -> {
                    if (endpoint.startsWith("inproc://")) {
                        peer = true; // no handshake over inproc
                    }
                }
                case DISCONNECTED -> {
                    if (peer) {
                        peer = false;
                        withoutPeerSince = now;
                    }
                    if (event.reason() != null) {
                        lastError = "disconnected: " + event.reason();
                    }
                }
                case HANDSHAKE_FAILED_PROTOCOL, HANDSHAKE_FAILED_AUTH, HANDSHAKE_FAILED_NO_DETAIL ->
                        lastError = event.type() + (event.reason() == null ? "" : ": " + event.reason());
                default -> {
                }
            }
        }
    }

    /** A tracked socket and what went wrong with it last, if anything. */
    public static final class TrackedSocket {

        private final String name;
        private final ZmqSocket socket;
        private volatile MonitorEvent lastFailure;
        private volatile Instant lastFailureTime;
        private final Map<String, ConnectEndpoint> connects = new ConcurrentHashMap<>();

        TrackedSocket(String name, ZmqSocket socket) {
            this.name = name;
            this.socket = socket;
        }

        public String name() {
            return name;
        }

        public ZmqSocket socket() {
            return socket;
        }

        /** The last failure event (bind, accept or handshake failure), or {@code null}. */
        public MonitorEvent lastFailure() {
            return lastFailure;
        }

        /** When {@link #lastFailure()} happened, or {@code null}. */
        public Instant lastFailureTime() {
            return lastFailureTime;
        }

        /** The endpoints this socket connects to (it has tried to, at least), in no particular order. */
        public List<ConnectEndpoint> connectEndpoints() {
            return new ArrayList<>(connects.values());
        }

        void record(MonitorEvent event) {
            Instant now = Instant.now();
            if (event.endpoint() != null) {
                MonitorEventType type = event.type();
                ConnectEndpoint endpoint = type == MonitorEventType.CONNECT_DELAYED || type == MonitorEventType.CONNECT_RETRIED
                        || (type == MonitorEventType.CONNECTED && event.endpoint().startsWith("inproc://"))
                        ? connects.computeIfAbsent(event.endpoint(), e -> new ConnectEndpoint(e, now))
                        : connects.get(event.endpoint());
                if (endpoint != null) {
                    endpoint.record(event, now);
                }
            }
            if (event.type() == MonitorEventType.BIND_FAILED || event.type() == MonitorEventType.ACCEPT_FAILED
                    || event.type() == MonitorEventType.HANDSHAKE_FAILED_PROTOCOL
                    || event.type() == MonitorEventType.HANDSHAKE_FAILED_AUTH
                    || event.type() == MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL) {
                lastFailure = event;
                lastFailureTime = Instant.now();
            }
        }
    }

    private final Map<String, TrackedSocket> sockets = new ConcurrentHashMap<>();
    private final List<BiConsumer<TrackedSocket, TrackedSocket>> listeners = new CopyOnWriteArrayList<>();

    /** Starts tracking {@code socket} under {@code name}, replacing a socket of that name made earlier. */
    public void track(String name, ZmqSocket socket) {
        TrackedSocket tracked = new TrackedSocket(name, socket);
        socket.monitor(tracked::record);
        TrackedSocket previous = sockets.put(name, tracked);
        listeners.forEach(l -> l.accept(previous, tracked));
    }

    /** The tracked sockets, in no particular order. */
    public List<TrackedSocket> sockets() {
        return new ArrayList<>(sockets.values());
    }

    /**
     * Calls {@code listener} with (the socket replaced or {@code null}, the new socket) for every
     * socket tracked from now on, and at once for each socket already tracked.
     */
    public void onTrack(BiConsumer<TrackedSocket, TrackedSocket> listener) {
        listeners.add(listener);
        sockets.values().forEach(s -> listener.accept(null, s));
    }
}
