package io.monocoque.spring.observation;

import io.micrometer.observation.ObservationRegistry;
import io.monocoque.spring.support.micrometer.ZmqListenerObservationConvention;
import io.monocoque.spring.support.micrometer.ZmqTracePropagation;
import io.monocoque.zmq.ZmqContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * An {@code Observation} around every {@code @ZmqListener} call, when an ObservationRegistry
 * exists, named and tagged by the {@link ZmqListenerObservationConvention} bean if there is one;
 * continuing traces from the wire when {@code monocoque.observation.propagation.enabled} is on.
 * ({@code ZmqTemplate} and the Spring Integration outbound components observe themselves with the
 * registry, see their auto-configurations.)
 */
@AutoConfiguration(afterName = {"io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass({ObservationRegistry.class, ZmqContext.class})
@ConditionalOnBean({ObservationRegistry.class, ZmqContext.class})
public class MonocoqueObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ZmqListenerObservationInterceptor zmqListenerObservationInterceptor(ObservationRegistry registry,
            ObjectProvider<ZmqListenerObservationConvention> convention, ObjectProvider<ZmqTracePropagation> propagation) {
        return new ZmqListenerObservationInterceptor(registry, convention.getIfUnique(), propagation.getIfAvailable());
    }
}
