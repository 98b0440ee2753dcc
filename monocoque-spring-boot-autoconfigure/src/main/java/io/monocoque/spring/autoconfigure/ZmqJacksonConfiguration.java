package io.monocoque.spring.autoconfigure;

import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.spring.support.micrometer.ZmqTracePropagation;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

/** The beans that write and read JSON on the wire with the application's Jackson {@code JsonMapper}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JsonMapper.class)
class ZmqJacksonConfiguration {

    /**
     * A header mapper that carries every header, in JSON as the application's {@code JsonMapper}
     * (Spring Boot's, with its {@code spring.jackson.*} settings) writes it; inject it into
     * adapters, gateways and channels that should carry headers.
     */
    @Bean
    @ConditionalOnMissingBean
    ZmqHeaderFrameMapper zmqHeaderFrameMapper(ObjectProvider<JsonMapper> jsonMapper) {
        return new ZmqHeaderFrameMapper(jsonMapper.getIfUnique(JsonMapper::shared));
    }

    /**
     * The trace context in the header frame, with {@code monocoque.observation.propagation.enabled}:
     * written by the template and the outbound components, read by listeners and inbound components.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty("monocoque.observation.propagation.enabled")
    ZmqTracePropagation zmqTracePropagation(ZmqHeaderFrameMapper headerFrameMapper) {
        return new ZmqTracePropagation(headerFrameMapper);
    }
}
