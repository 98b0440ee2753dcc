package io.monocoque.spring.integration;

import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskExecutor;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.integration.dsl.IntegrationFlow;

import io.monocoque.zmq.ZmqContext;

/**
 * Spring Integration on Monocoque sockets: with {@code spring-integration-core} on the class path
 * the {@link io.monocoque.spring.integration.dsl.Zmq} DSL, the channel adapters, gateways and
 * {@link ZmqProxyBean} need nothing more than this (they take the {@code ZmqMessageMapper},
 * {@code ZmqSocketFactory} and {@code monocoque.sockets.<name>} beans from the context); it adds
 * the executor whose threads block in {@code receive} for the inbound adapters and gateways.
 * When the application uses them but has not enabled Spring Integration (no
 * {@code spring-boot-starter-integration}, no {@code @EnableIntegration}), it is enabled here,
 * with an INFO line that says what to add.
 */
@AutoConfiguration(after = {MonocoqueAutoConfiguration.class, TaskExecutionAutoConfiguration.class},
        afterName = "org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration")
@ConditionalOnClass({MessageProducerSupport.class, IntegrationFlow.class, ZmqContext.class})
@ConditionalOnBean(ZmqContext.class)
@Import(ZmqIntegrationEnablement.class)
public class MonocoqueIntegrationAutoConfiguration {

    /** The bean name of the executor the inbound adapters' and gateways' receiving threads come from. */
    public static final String TASK_EXECUTOR_BEAN_NAME = "zmqIntegrationTaskExecutor";

    /**
     * One thread per receiving thread of the inbound adapters and gateways (they block in receive
     * for as long as they run), named {@code zmq-integration-N}, built with Spring Boot's builder
     * (its task decorator included) as the listener threads are: virtual threads when
     * {@code spring.threads.virtual.enabled} is set on Java 21 or later.
     */
    @Bean(name = TASK_EXECUTOR_BEAN_NAME)
    @ConditionalOnMissingBean(name = TASK_EXECUTOR_BEAN_NAME)
    public TaskExecutor zmqIntegrationTaskExecutor(ObjectProvider<SimpleAsyncTaskExecutorBuilder> builder, Environment environment) {
        return builder.getIfAvailable(SimpleAsyncTaskExecutorBuilder::new).threadNamePrefix("zmq-integration-")
                .virtualThreads(Threading.VIRTUAL.isActive(environment))
                .concurrencyLimit(null)
                .rejectTasksWhenLimitReached(false)
                .build();
    }
}
