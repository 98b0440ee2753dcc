package io.monocoque.spring.reactive;

import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.spring.core.ZmqTemplate;
import io.monocoque.spring.support.ZmqMessageMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import reactor.core.publisher.Flux;

/** The {@link ReactiveZmqTemplate}, when Reactor is on the class path. */
@AutoConfiguration(after = MonocoqueAutoConfiguration.class)
@ConditionalOnClass(Flux.class)
@ConditionalOnBean(ZmqTemplate.class)
public class MonocoqueReactiveAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ReactiveZmqTemplate reactiveZmqTemplate(BeanFactory beanFactory, ZmqMessageMapper zmqMessageMapper, ZmqTemplate zmqTemplate) {
        return new ReactiveZmqTemplate(beanFactory, zmqMessageMapper, zmqTemplate);
    }
}
