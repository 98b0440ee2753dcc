package io.monocoque.spring.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.beans.factory.BeanFactory;

/**
 * Counts, per socket name and reason, the messages Monocoque took off a socket's queue, or left
 * in it as the socket closed, without handing them to the application: the
 * {@code zmq.messages.discarded{socket,reason}} meter reads these counts. The metrics
 * auto-configuration provides the bean; without it nothing is counted (the log line still says
 * how many).
 */
public final class ZmqMessageDiscards {

    /**
     * The application stopped and the listener's shutdown timeout ran out before the messages
     * already queued in the socket were handled.
     */
    public static final String SHUTDOWN_TIMEOUT = "shutdown-timeout";

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** The application's instance, or {@code null} when there is none (no metrics). */
    public static ZmqMessageDiscards find(BeanFactory beanFactory) {
        return beanFactory == null ? null : beanFactory.getBeanProvider(ZmqMessageDiscards.class).getIfUnique();
    }

    /** Counts {@code messages} discarded on the socket named {@code socketName} for {@code reason}. */
    public void record(String socketName, String reason, long messages) {
        counts.computeIfAbsent(key(socketName, reason), n -> new LongAdder()).add(messages);
    }

    /** The messages counted so far on the socket named {@code socketName} for {@code reason}. */
    public long count(String socketName, String reason) {
        LongAdder count = counts.get(key(socketName, reason));
        return count == null ? 0 : count.sum();
    }

    private static String key(String socketName, String reason) {
        return reason + '\u0000' + socketName;
    }
}
