package io.monocoque.spring.listener;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Counts what became of the messages each listener received, by outcome: {@value #SUCCEEDED}
 * (at the first attempt or after retries), {@value #ERROR_HANDLED} (the listener's error handler
 * handled the failure, e.g. with an error reply), {@value #DEAD_LETTERED} (sent to the
 * dead-letter socket) and {@value #FAILED} (logged and dropped); and the {@value #RETRIED}
 * attempts beyond the first. The metrics auto-configuration turns each into a
 * {@code zmq.listener.messages{listener,socket,outcome}} counter.
 */
public final class ZmqListenerOutcomes {

    public static final String SUCCEEDED = "succeeded";
    public static final String ERROR_HANDLED = "error-handled";
    public static final String DEAD_LETTERED = "dead-lettered";
    public static final String FAILED = "failed";
    /** Not an outcome of a message: an attempt after a failed one. */
    public static final String RETRIED = "retried";

    /** One counter: a listener on a socket, an outcome. */
    public record Key(String listenerId, String socketName, String outcome) {
    }

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
    private final List<Consumer<Key>> listeners = new CopyOnWriteArrayList<>();

    /** Counts one {@code outcome} of listener {@code listenerId} on socket {@code socketName}. */
    public void record(String listenerId, String socketName, String outcome) {
        Key key = new Key(listenerId, socketName, outcome);
        LongAdder count = counts.get(key);
        if (count == null) {
            LongAdder fresh = new LongAdder();
            count = counts.putIfAbsent(key, fresh);
            if (count == null) {
                count = fresh;
                listeners.forEach(l -> l.accept(key));
            }
        }
        count.increment();
    }

    /** The count of {@code key} so far. */
    public long count(Key key) {
        LongAdder count = counts.get(key);
        return count == null ? 0 : count.sum();
    }

    /** The count of an outcome of a listener, over every socket it has used. */
    public long count(String listenerId, String outcome) {
        return counts.entrySet().stream().filter(e -> e.getKey().listenerId().equals(listenerId) && e.getKey().outcome().equals(outcome))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    /** Calls {@code listener} for every key counted from now on, and at once for those counted already. */
    public void onNewKey(Consumer<Key> listener) {
        listeners.add(listener);
        counts.keySet().forEach(listener);
    }
}
