package io.monocoque.spring.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.spring.autoconfigure.ZmqSocketTrackerConfiguration;
import io.monocoque.spring.core.ZmqSocketTracker;
import io.monocoque.spring.listener.ZmqListenerOutcomes;
import io.monocoque.spring.messaging.ZmqMessageDiscards;
import io.monocoque.spring.messaging.ZmqMessageFailures;
import io.monocoque.zmq.ZmqContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Micrometer meters for every Monocoque socket, when the application has a MeterRegistry,
 * including the messages its channels, adapters and gateways could not deliver.
 */
@AutoConfiguration(after = MonocoqueAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, ZmqContext.class})
@ConditionalOnBean({ZmqContext.class, MeterRegistry.class})
@Import(ZmqSocketTrackerConfiguration.class)
public class MonocoqueMetricsAutoConfiguration {

    /** Where channels, adapters and gateways count what they could not deliver, per socket. */
    @Bean
    @ConditionalOnMissingBean
    public ZmqMessageFailures zmqMessageFailures() {
        return new ZmqMessageFailures();
    }

    /** A {@code zmq.listener.messages{listener,socket,outcome}} counter per outcome each listener has had. */
    @Bean
    @ConditionalOnBean(ZmqListenerOutcomes.class)
    public ZmqListenerMetrics zmqListenerMetrics(ZmqListenerOutcomes outcomes, MeterRegistry registry) {
        return new ZmqListenerMetrics(outcomes, registry);
    }

    /** Where listener containers count the messages they discard, per socket and reason. */
    @Bean
    @ConditionalOnMissingBean
    public ZmqMessageDiscards zmqMessageDiscards() {
        return new ZmqMessageDiscards();
    }

    /**
     * Meters for every tracked socket, with the failures counted by {@link ZmqMessageFailures}
     * and the discards counted by {@link ZmqMessageDiscards}.
     */
    @Bean
    @ConditionalOnMissingBean
    public ZmqSocketMetrics zmqSocketMetrics(ZmqSocketTracker tracker, MeterRegistry registry, ObjectProvider<ZmqMessageFailures> failures,
            ObjectProvider<ZmqMessageDiscards> discards) {
        return new ZmqSocketMetrics(tracker, registry, failures.getIfUnique(), discards.getIfUnique());
    }
}
