package io.monocoque.spring.autoconfigure;

import io.monocoque.spring.core.ZmqSocketTracker;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link ZmqSocketTracker} that metrics and health read, fed by a socket customizer so it
 * sees every socket Monocoque makes. Imported by the observability auto-configurations.
 */
@Configuration(proxyBeanMethods = false)
public class ZmqSocketTrackerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ZmqSocketTracker zmqSocketTracker() {
        return new ZmqSocketTracker();
    }

    @Bean
    public ZmqSocketCustomizer zmqSocketTrackingCustomizer(ZmqSocketTracker tracker) {
        return tracker::track;
    }
}
