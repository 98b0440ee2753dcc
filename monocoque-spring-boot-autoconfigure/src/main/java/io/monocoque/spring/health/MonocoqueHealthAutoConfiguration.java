package io.monocoque.spring.health;

import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.spring.autoconfigure.ZmqSocketTrackerConfiguration;
import io.monocoque.spring.core.ZmqSocketTracker;
import io.monocoque.spring.autoconfigure.MonocoqueProperties;
import io.monocoque.zmq.ZmqContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The {@code zmq} health component, when Spring Boot's health module is on the class path. */
@AutoConfiguration(after = MonocoqueAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ZmqContext.class})
@ConditionalOnBean(ZmqContext.class)
@ConditionalOnEnabledHealthIndicator("zmq")
@Import(ZmqSocketTrackerConfiguration.class)
public class MonocoqueHealthAutoConfiguration {

    /** Checks each of the context's I/O threads; not used when {@code monocoque.health.io-thread-timeout} is zero. */
    @Bean
    @ConditionalOnMissingBean
    public ZmqIoThreadProbe zmqIoThreadProbe(ZmqContext context, MonocoqueProperties properties) {
        return new ZmqIoThreadProbe(context, properties.getHealth().getIoThreadTimeout());
    }

    @Bean
    @ConditionalOnMissingBean(name = "zmqHealthIndicator")
    public ZmqHealthIndicator zmqHealthIndicator(ZmqContext context, ZmqSocketTracker tracker, MonocoqueProperties properties,
            ObjectProvider<ZmqIoThreadProbe> probe) {
        boolean probing = !properties.getHealth().getIoThreadTimeout().isZero();
        ZmqHealthIndicator indicator = new ZmqHealthIndicator(context, tracker, probing ? probe.getIfUnique() : null);
        indicator.setPeerTimeout(properties.getHealth().getPeerTimeout());
        return indicator;
    }
}
