package io.monocoque.spring.observation;

import io.micrometer.observation.ObservationRegistry;
import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.zmq.ZmqContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** An {@code Observation} around every {@code @ZmqListener} call, when an ObservationRegistry exists. */
@AutoConfiguration(after = MonocoqueAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ObservationRegistry.class, ZmqContext.class})
@ConditionalOnBean({ObservationRegistry.class, ZmqContext.class})
public class MonocoqueObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ZmqListenerObservationInterceptor zmqListenerObservationInterceptor(ObservationRegistry registry) {
        return new ZmqListenerObservationInterceptor(registry);
    }
}
