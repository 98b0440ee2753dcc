package io.monocoque.spring.autoconfigure;

import io.monocoque.spring.annotation.EnableZmq;
import io.monocoque.spring.annotation.ZmqListenerConfigUtils;
import io.monocoque.spring.core.ZmqConfigurationException;
import io.monocoque.spring.listener.DefaultZmqListenerContainerFactory;
import io.monocoque.spring.listener.ZmqDeadLetterRecoverer;
import io.monocoque.spring.listener.ZmqListenerErrorHandler;
import io.monocoque.spring.listener.ZmqListenerContainer;
import io.monocoque.spring.listener.ZmqListenerEndpointRegistry;
import io.monocoque.spring.listener.ZmqListenerOutcomes;
import io.monocoque.spring.listener.ZmqListenerInterceptor;
import io.monocoque.spring.support.ZmqMessageMapper;

import java.time.Duration;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.retry.RetryPolicy;
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
     * Applies the {@code monocoque.listener.*} settings and the application's beans to a
     * listener container factory: the auto-configured one, or a second one the application
     * declares (see {@link ZmqListenerContainerFactoryConfigurer}).
     */
    @Bean
    @ConditionalOnMissingBean
    ZmqListenerContainerFactoryConfigurer zmqListenerContainerFactoryConfigurer(MonocoqueProperties properties,
            MonocoqueSocketFactory socketFactory, ZmqMessageMapper messageMapper, ObjectProvider<ZmqListenerInterceptor> interceptors,
            ObjectProvider<SimpleAsyncTaskExecutorBuilder> executorBuilder, ObjectProvider<Validator> validators,
            ConfigurableListableBeanFactory beanFactory, Environment environment) {
        Validator validator = validators.getIfUnique();
        if (validator == null && beanFactory.containsBean("defaultValidator")) {
            validator = beanFactory.getBean("defaultValidator", Validator.class);
        }
        MonocoqueProperties.Listener listener = properties.getListener();
        ZmqListenerErrorHandler errorHandler = listener.getErrorHandler() != null && !listener.getErrorHandler().isBlank()
                ? errorHandler(beanFactory, listener.getErrorHandler()) : null;
        ZmqDeadLetterRecoverer recoverer = null;
        if (listener.getDeadLetter().getSocket() != null && !listener.getDeadLetter().getSocket().isBlank()) {
            recoverer = new ZmqDeadLetterRecoverer(beanFactory, listener.getDeadLetter().getSocket(), null);
            recoverer.setErrorFrame(listener.getDeadLetter().isErrorFrame());
        }
        return new ZmqListenerContainerFactoryConfigurer(beanFactory, socketFactory, messageMapper, listener.getConcurrency(),
                listener.isAutoStartup(), shutdownTimeout(listener.getShutdownTimeout(), environment), interceptors.orderedStream().toList(),
                listenerExecutor(executorBuilder.getIfAvailable(SimpleAsyncTaskExecutorBuilder::new), environment), validator,
                errorHandler, retryPolicy(listener.getRetry()), recoverer);
    }

    /**
     * The factory behind every {@code @ZmqListener} that names none. Its receiving threads come
     * from a {@link SimpleAsyncTaskExecutor} built with Spring Boot's builder (its task
     * decorator included): virtual threads when {@code spring.threads.virtual.enabled} is set on
     * Java 21 or later, else one platform thread per receiving loop, named {@code zmq-listener-N}.
     */
    @Bean(name = ZmqListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
    @ConditionalOnMissingBean(name = ZmqListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
    DefaultZmqListenerContainerFactory zmqListenerContainerFactory(ZmqListenerContainerFactoryConfigurer configurer) {
        DefaultZmqListenerContainerFactory factory = new DefaultZmqListenerContainerFactory();
        configurer.configure(factory);
        return factory;
    }

    /**
     * Puts the listener registry in the phase {@code monocoque.listener.phase} names (default
     * {@code ZmqListenerContainer.DEFAULT_PHASE}), which must be above the sockets' phase.
     */
    @Bean
    static BeanPostProcessor zmqListenerPhase(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof ZmqListenerEndpointRegistry registry) {
                    int phase = Binder.get(environment).bind("monocoque.listener.phase", Integer.class)
                            .orElse(ZmqListenerContainer.DEFAULT_PHASE);
                    if (phase <= ZmqSocketsLifecycle.PHASE) {
                        throw new ZmqConfigurationException("monocoque.listener.phase", phase, "listeners would stop after their sockets "
                                + "close (the sockets' phase is " + ZmqSocketsLifecycle.PHASE + ")",
                                "Set monocoque.listener.phase above " + ZmqSocketsLifecycle.PHASE + ", or remove it.");
                    }
                    registry.setPhase(phase);
                }
                return bean;
            }
        };
    }

    /** Counts what became of every message, per listener and outcome (read by the metrics). */
    @Bean
    @ConditionalOnMissingBean
    ZmqListenerOutcomes zmqListenerOutcomes() {
        return new ZmqListenerOutcomes();
    }

    private static ZmqListenerErrorHandler errorHandler(ConfigurableListableBeanFactory beanFactory, String name) {
        try {
            return beanFactory.getBean(name, ZmqListenerErrorHandler.class);
        } catch (BeansException e) {
            throw new ZmqConfigurationException("monocoque.listener.error-handler", name, "there is no ZmqListenerErrorHandler bean named '"
                    + name + "'", "Declare a ZmqListenerErrorHandler bean of that name, or correct monocoque.listener.error-handler.", e);
        }
    }

    /** The retry policy the properties describe, or {@code null} for one attempt. */
    static RetryPolicy retryPolicy(MonocoqueProperties.Retry retry) {
        if (retry.getMaxAttempts() < 1) {
            throw new ZmqConfigurationException("monocoque.listener.retry.max-attempts", retry.getMaxAttempts(),
                    "a listener needs at least one attempt per message", "Set monocoque.listener.retry.max-attempts to 1 (no retry) or more.");
        }
        if (retry.getMaxAttempts() == 1) {
            return null;
        }
        if (retry.getMultiplier() < 1) {
            throw new ZmqConfigurationException("monocoque.listener.retry.multiplier", retry.getMultiplier(),
                    "the wait between attempts cannot shrink", "Set monocoque.listener.retry.multiplier to 1 (a fixed wait) or more.");
        }
        return RetryPolicy.builder().maxRetries(retry.getMaxAttempts() - 1L).delay(retry.getDelay()).multiplier(retry.getMultiplier())
                .maxDelay(retry.getMaxDelay()).build();
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
