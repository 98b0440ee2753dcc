package io.monocoque.spring.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.monocoque.spring.listener.ZmqListenerOutcomes;

/**
 * {@code zmq.listener.messages{listener,socket,outcome}}: what became of the messages each
 * listener received (succeeded, error-handled, dead-lettered, failed), and the attempts retried
 * ({@code outcome=retried}), read from {@link ZmqListenerOutcomes}.
 */
public class ZmqListenerMetrics {

    public ZmqListenerMetrics(ZmqListenerOutcomes outcomes, MeterRegistry registry) {
        outcomes.onNewKey(key -> FunctionCounter.builder("zmq.listener.messages", outcomes, o -> o.count(key))
                .description("Messages a listener handled, by outcome; outcome=retried counts attempts after a failed one")
                .tags(Tags.of("listener", key.listenerId(), "socket", key.socketName(), "outcome", key.outcome()))
                .register(registry));
    }
}
