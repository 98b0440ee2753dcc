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

    /** A tracked socket and what went wrong with it last, if anything. */
    public static final class TrackedSocket {

        private final String name;
        private final ZmqSocket socket;
        private volatile MonitorEvent lastFailure;
        private volatile Instant lastFailureTime;

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

        void record(MonitorEvent event) {
            if (event.type() == MonitorEventType.BIND_FAILED || event.type() == MonitorEventType.ACCEPT_FAILED
                    || event.type() == MonitorEventType.HANDSHAKE_FAILED_PROTOCOL
                    || event.type() == MonitorEventType.HANDSHAKE_FAILED_AUTH) {
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
