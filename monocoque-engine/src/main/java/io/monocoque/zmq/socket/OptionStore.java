package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketOption;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A socket's option values: what was set, validated, else each option's default. Read from any
 * thread (connections read them when they start); the send and receive timeouts, read on every
 * blocking call, are kept ready in nanoseconds.
 */
final class OptionStore {

    private final Map<SocketOption<?>, Object> values = new ConcurrentHashMap<>();
    private volatile long sendTimeoutNanos = -1;
    private volatile long receiveTimeoutNanos = -1;

    /** Sets {@code option} ({@code null}: back to its default) after validating the value. */
    <T> void set(SocketOption<T> option, T value) {
        option.validate(value);
        if (value == null) {
            values.remove(option);
        } else {
            values.put(option, value);
        }
        if (option == SocketOption.SEND_TIMEOUT) {
            sendTimeoutNanos = toNanos((Duration) value);
        } else if (option == SocketOption.RECEIVE_TIMEOUT) {
            receiveTimeoutNanos = toNanos((Duration) value);
        }
    }

    @SuppressWarnings("unchecked")
    <T> T get(SocketOption<T> option) {
        Object v = values.get(option);
        return v == null ? option.defaultValue() : (T) v;
    }

    /** Forgets a value, as options used once (CONNECT_ROUTING_ID) are after use. */
    void clear(SocketOption<?> option) {
        values.remove(option);
    }

    /** The send timeout in nanoseconds: negative waits forever. */
    long sendTimeoutNanos() {
        return sendTimeoutNanos;
    }

    /** The receive timeout in nanoseconds: negative waits forever. */
    long receiveTimeoutNanos() {
        return receiveTimeoutNanos;
    }

    /** The linger time in nanoseconds: negative is forever. */
    long lingerNanos() {
        return toNanos(get(SocketOption.LINGER));
    }

    private static long toNanos(Duration d) {
        return d == null || d.isNegative() ? -1 : d.toNanos();
    }
}
