package io.monocoque.zmq.socket;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A socket's monitor listeners. Events reach each through the context's single event thread,
 * in the order they were emitted, never on the I/O thread that emitted them; once a listener
 * has had MONITOR_STOPPED it gets nothing else, even an event emitted concurrently with the stop.
 */
final class Monitors {

    private final List<Monitor> monitors = new CopyOnWriteArrayList<>();
    private final Executor events;

    Monitors(Executor events) {
        this.events = events;
    }

    void add(Consumer<MonitorEvent> listener) {
        monitors.add(new Monitor(listener));
    }

    /** Stops {@code listener}: its last event is MONITOR_STOPPED. */
    void remove(Consumer<MonitorEvent> listener) {
        for (Monitor m : monitors) {
            if (m.listener == listener && monitors.remove(m)) {
                events.execute(m::stop);
                return;
            }
        }
    }

    /** Reports an event to every listener, off the calling thread. */
    void emit(MonitorEventType type, String endpoint, long value, String reason) {
        if (monitors.isEmpty()) {
            return;
        }
        MonitorEvent event = new MonitorEvent(type, endpoint, value, reason);
        for (Monitor m : monitors) {
            events.execute(() -> m.deliver(event));
        }
    }

    /** The socket closed: every listener gets MONITOR_STOPPED, after what was emitted before. */
    void stopAll() {
        for (Monitor m : monitors) {
            events.execute(m::stop);
        }
        monitors.clear();
    }

    private static final class Monitor {
        final Consumer<MonitorEvent> listener;
        volatile boolean stopped;

        Monitor(Consumer<MonitorEvent> listener) {
            this.listener = listener;
        }

        void deliver(MonitorEvent event) {
            if (!stopped) {
                listener.accept(event);
            }
        }

        void stop() {
            if (!stopped) {
                stopped = true;
                listener.accept(new MonitorEvent(MonitorEventType.MONITOR_STOPPED, null, 0, null));
            }
        }
    }
}
