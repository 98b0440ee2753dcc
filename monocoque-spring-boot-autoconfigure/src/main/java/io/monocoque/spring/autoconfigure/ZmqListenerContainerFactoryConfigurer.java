package io.monocoque.spring.autoconfigure;

import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.spring.listener.DefaultZmqListenerContainerFactory;
import io.monocoque.spring.listener.ZmqListenerErrorHandler;
import io.monocoque.spring.listener.ZmqListenerInterceptor;
import io.monocoque.spring.listener.ZmqMessageRecoverer;
import io.monocoque.spring.support.ZmqMessageMapper;

import java.time.Duration;
import java.util.List;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.task.TaskExecutor;
import org.springframework.validation.Validator;

/**
 * Configures a {@link DefaultZmqListenerContainerFactory} as Spring Boot configures the default
 * one: socket factory, converters, {@code monocoque.listener.*} (concurrency, auto-startup,
 * shutdown timeout, error handler, retry, dead letters), interceptors, the listener threads and
 * the validator. A second factory then differs only in what it sets afterwards:
 *
 * <pre>{@code
 * @Bean
 * DefaultZmqListenerContainerFactory bulkFactory(ZmqListenerContainerFactoryConfigurer configurer) {
 *     DefaultZmqListenerContainerFactory factory = new DefaultZmqListenerContainerFactory();
 *     configurer.configure(factory);
 *     factory.setConcurrency(8);
 *     return factory;
 * }
 * }</pre>
 */
public class ZmqListenerContainerFactoryConfigurer {

    private final BeanFactory beanFactory;
    private final ZmqSocketFactory socketFactory;
    private final ZmqMessageMapper messageMapper;
    private final int concurrency;
    private final boolean autoStartup;
    private final Duration shutdownTimeout;
    private final List<ZmqListenerInterceptor> interceptors;
    private final TaskExecutor taskExecutor;
    private final Validator validator;
    private final ZmqListenerErrorHandler errorHandler;
    private final RetryPolicy retryPolicy;
    private final ZmqMessageRecoverer recoverer;

    ZmqListenerContainerFactoryConfigurer(BeanFactory beanFactory, ZmqSocketFactory socketFactory, ZmqMessageMapper messageMapper,
            int concurrency, boolean autoStartup, Duration shutdownTimeout, List<ZmqListenerInterceptor> interceptors,
            TaskExecutor taskExecutor, Validator validator, ZmqListenerErrorHandler errorHandler, RetryPolicy retryPolicy,
            ZmqMessageRecoverer recoverer) {
        this.beanFactory = beanFactory;
        this.socketFactory = socketFactory;
        this.messageMapper = messageMapper;
        this.concurrency = concurrency;
        this.autoStartup = autoStartup;
        this.shutdownTimeout = shutdownTimeout;
        this.interceptors = List.copyOf(interceptors);
        this.taskExecutor = taskExecutor;
        this.validator = validator;
        this.errorHandler = errorHandler;
        this.retryPolicy = retryPolicy;
        this.recoverer = recoverer;
    }

    /** Applies the auto-configuration's settings to {@code factory}. */
    public void configure(DefaultZmqListenerContainerFactory factory) {
        factory.setBeanFactory(beanFactory);
        factory.setSocketFactory(socketFactory);
        factory.setMessageMapper(messageMapper);
        factory.setConcurrency(concurrency);
        factory.setAutoStartup(autoStartup);
        factory.setShutdownTimeout(shutdownTimeout);
        factory.setInterceptors(interceptors);
        factory.setTaskExecutor(taskExecutor);
        factory.setValidator(validator);
        factory.setErrorHandler(errorHandler);
        factory.setRetryPolicy(retryPolicy);
        factory.setRecoverer(recoverer);
    }
}
