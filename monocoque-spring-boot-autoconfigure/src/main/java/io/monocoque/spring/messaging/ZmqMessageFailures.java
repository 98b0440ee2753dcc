package io.monocoque.spring.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.beans.factory.BeanFactory;

/**
 * Counts, per socket name, the messages Monocoque's channels, adapters and gateways could not
 * deliver: taken from a socket but failed downstream (a subscriber or flow threw, the payload
 * did not convert), or given to send and not sent (conversion, routing, a timeout). The
 * {@code zmq.messages.failed} meter reads these counts next to the socket's
 * {@code zmq.messages.sent} and {@code zmq.messages.received} meters, under the same
 * {@code socket} tag.
 *
 * <p>The metrics auto-configuration provides the bean; without it nothing is counted. Only
 * failures are counted here: messages that go through are counted once, by the socket itself.
 */
public final class ZmqMessageFailures {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** The application's instance, or {@code null} when there is none (no metrics). */
    public static ZmqMessageFailures find(BeanFactory beanFactory) {
        return beanFactory == null ? null : beanFactory.getBeanProvider(ZmqMessageFailures.class).getIfUnique();
    }

    /** Counts one failed message on the socket named {@code socketName}. */
    public void record(String socketName) {
        counts.computeIfAbsent(socketName, n -> new LongAdder()).increment();
    }

    /** The failed messages counted so far on the socket named {@code socketName}. */
    public long count(String socketName) {
        LongAdder count = counts.get(socketName);
        return count == null ? 0 : count.sum();
    }
}
