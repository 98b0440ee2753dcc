package io.monocoque.spring.autoconfigure;

import io.monocoque.spring.annotation.EnableZmq;
import io.monocoque.spring.annotation.ZmqListenerConfigUtils;
import io.monocoque.spring.listener.DefaultZmqListenerContainerFactory;
import io.monocoque.spring.listener.ZmqListenerInterceptor;
import io.monocoque.spring.support.ZmqMessageMapper;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.validation.Validator;

/**
 * {@code @ZmqListener} support: the default listener container factory, and
 * {@link EnableZmq @EnableZmq} unless the application has turned it on itself.
 */
@Configuration(proxyBeanMethods = false)
class ZmqAnnotationDrivenConfiguration {

    /**
     * The factory behind every {@code @ZmqListener} that names none. Its receiving threads come
     * from a {@link SimpleAsyncTaskExecutor} built with Spring Boot's builder (its task
     * decorator included): virtual threads when {@code spring.threads.virtual.enabled} is set on
     * Java 21 or later, else one platform thread per receiving loop, named {@code zmq-listener-N}.
     */
    @Bean(name = ZmqListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
    @ConditionalOnMissingBean(name = ZmqListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
    DefaultZmqListenerContainerFactory zmqListenerContainerFactory(MonocoqueProperties properties, MonocoqueSocketFactory socketFactory,
            ZmqMessageMapper messageMapper, ObjectProvider<ZmqListenerInterceptor> interceptors,
            ObjectProvider<SimpleAsyncTaskExecutorBuilder> executorBuilder, ObjectProvider<Validator> validators,
            ConfigurableListableBeanFactory beanFactory, Environment environment) {
        DefaultZmqListenerContainerFactory factory = new DefaultZmqListenerContainerFactory();
        factory.setBeanFactory(beanFactory);
        factory.setSocketFactory(socketFactory);
        factory.setMessageMapper(messageMapper);
        factory.setConcurrency(properties.getListener().getConcurrency());
        factory.setAutoStartup(properties.getListener().isAutoStartup());
        factory.setShutdownTimeout(shutdownTimeout(properties.getListener().getShutdownTimeout(), environment));
        factory.setInterceptors(interceptors.orderedStream().toList());
        factory.setTaskExecutor(listenerExecutor(executorBuilder.getIfAvailable(SimpleAsyncTaskExecutorBuilder::new), environment));
        Validator validator = validators.getIfUnique();
        if (validator == null && beanFactory.containsBean("defaultValidator")) {
            validator = beanFactory.getBean("defaultValidator", Validator.class);
        }
        factory.setValidator(validator);
        return factory;
    }

    /** The listener shutdown timeout, cut to Spring Boot's timeout per shutdown phase when that is shorter. */
    static Duration shutdownTimeout(Duration configured, Environment environment) {
        Duration phase = Binder.get(environment).bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class).orElse(null);
        return phase != null && phase.compareTo(configured) < 0 ? phase : configured;
    }

    static SimpleAsyncTaskExecutor listenerExecutor(SimpleAsyncTaskExecutorBuilder builder, Environment environment) {
        // Receiving loops run as long as their listener: no concurrency limit may hold one back.
        return builder.threadNamePrefix("zmq-listener-")
                .virtualThreads(Threading.VIRTUAL.isActive(environment))
                .concurrencyLimit(null)
                .rejectTasksWhenLimitReached(false)
                .build();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableZmq
    @ConditionalOnMissingBean(name = ZmqListenerConfigUtils.ZMQ_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME)
    static class EnableZmqConfiguration {
    }
}
