package io.monocoque.spring.listener;

import io.monocoque.spring.core.ZmqConfigurationException;
import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.spring.support.PeerInfoArgumentResolver;
import io.monocoque.spring.support.ZmqMessageArgumentResolver;
import io.monocoque.spring.messaging.ZmqMessageDiscards;
import io.monocoque.spring.messaging.ZmqMessageFailures;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.ZmqSocket;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.format.support.DefaultFormattingConversionService;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.util.Assert;
import org.springframework.validation.Validator;

/**
 * Makes {@link DefaultZmqListenerContainer}s. Named sockets are looked up in the bean factory;
 * inline sockets are made by the {@link ZmqSocketFactory}. Receiving threads come from the
 * {@link TaskExecutor} (by default a {@link SimpleAsyncTaskExecutor}: one thread per receiving
 * loop, virtual when so configured).
 */
public class DefaultZmqListenerContainerFactory implements ZmqListenerContainerFactory<DefaultZmqListenerContainer>, BeanFactoryAware {

    private BeanFactory beanFactory;
    private ZmqSocketFactory socketFactory;
    private ZmqMessageMapper messageMapper;
    private TaskExecutor taskExecutor;
    private int concurrency = 1;
    private boolean autoStartup = true;
    private int phase = ZmqListenerContainer.DEFAULT_PHASE;
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private List<ZmqListenerInterceptor> interceptors = List.of();
    private ZmqListenerErrorHandler errorHandler;
    private RetryPolicy retryPolicy;
    private ZmqMessageRecoverer recoverer;
    private Validator validator;
    private MessageHandlerMethodFactory messageHandlerMethodFactory;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    /** Makes the sockets that listeners declare inline. */
    public void setSocketFactory(ZmqSocketFactory socketFactory) {
        this.socketFactory = socketFactory;
    }

    /** Maps frames to messages and converts payloads. */
    public void setMessageMapper(ZmqMessageMapper messageMapper) {
        this.messageMapper = messageMapper;
    }

    public ZmqMessageMapper getMessageMapper() {
        return messageMapper;
    }

    /** Where receiving threads come from; each listener thread runs for as long as its container. */
    public void setTaskExecutor(TaskExecutor taskExecutor) {
        this.taskExecutor = taskExecutor;
    }

    public TaskExecutor getTaskExecutor() {
        return taskExecutor;
    }

    /** Threads per listener that does not say (default 1). */
    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    /** Whether listeners that do not say start with the application (default true). */
    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    public void setPhase(int phase) {
        this.phase = phase;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    /**
     * How long stopping a container waits for calls in progress, and shutting it down for the
     * messages queued in its socket (default 10 s).
     */
    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    /** Around-advice for every listener call, outermost first. */
    public void setInterceptors(List<ZmqListenerInterceptor> interceptors) {
        this.interceptors = List.copyOf(interceptors);
    }

    public List<ZmqListenerInterceptor> getInterceptors() {
        return interceptors;
    }

    /** The error handler of listeners that name none; without one failures are logged. */
    public void setErrorHandler(ZmqListenerErrorHandler errorHandler) {
        this.errorHandler = errorHandler;
    }

    public ZmqListenerErrorHandler getErrorHandler() {
        return errorHandler;
    }

    /**
     * How failed listener calls are tried again (Spring Framework's {@link RetryPolicy});
     * {@code null}, the default, tries once.
     */
    public void setRetryPolicy(RetryPolicy retryPolicy) {
        this.retryPolicy = retryPolicy;
    }

    public RetryPolicy getRetryPolicy() {
        return retryPolicy;
    }

    /**
     * What becomes of a message after its last failed attempt, when no error handler handled it
     * (e.g. a {@link ZmqDeadLetterRecoverer}); {@code null}, the default, logs it.
     */
    public void setRecoverer(ZmqMessageRecoverer recoverer) {
        this.recoverer = recoverer;
    }

    public ZmqMessageRecoverer getRecoverer() {
        return recoverer;
    }

    /** Validates {@code @Valid @Payload} parameters. */
    public void setValidator(Validator validator) {
        this.validator = validator;
    }

    /** Replaces the spring-messaging handler method factory (argument resolution) built by default. */
    public void setMessageHandlerMethodFactory(MessageHandlerMethodFactory messageHandlerMethodFactory) {
        this.messageHandlerMethodFactory = messageHandlerMethodFactory;
    }

    @Override
    public DefaultZmqListenerContainer createListenerContainer(ZmqListenerEndpoint endpoint) {
        Assert.state(messageMapper != null, "a ZmqMessageMapper is required");
        String id = endpoint.getId();
        String description = endpoint.getDescription();
        ListenerSocket source;
        if (endpoint.getSocket() != null) {
            String name = endpoint.getSocket();
            source = ListenerSocket.named(description, name, () -> lookup(name, description), endpoint.getTopics(), endpoint.getGroups());
        } else {
            Assert.state(socketFactory != null, "a ZmqSocketFactory is required for listeners that declare their socket inline");
            source = ListenerSocket.inline(description, id, endpoint.getSocketType(), endpoint.getBind(), endpoint.getConnect(),
                    endpoint.getTopics(), endpoint.getGroups(), socketFactory);
        }
        int threads = endpoint.getConcurrency() != null ? endpoint.getConcurrency() : concurrency;
        if (threads < 1) {
            throw new ZmqConfigurationException("@ZmqListener(concurrency)", threads, description + " asks for fewer than one thread",
                    "Set the concurrency to 1 or more.");
        }
        DefaultZmqListenerContainer container = new DefaultZmqListenerContainer(id, description, source, executor(), threads);
        container.setConcurrencyExplicit(endpoint.getConcurrency() != null);
        container.setBatch(endpoint.getBatchSize(), endpoint.getBatchWindow());
        container.setAutoStartup(endpoint.getAutoStartup() != null ? endpoint.getAutoStartup() : autoStartup);
        container.setPhase(phase);
        container.setShutdownTimeout(shutdownTimeout);
        container.setMessageListener(endpoint.createMessageListener(container, support()));
        container.setFailures(ZmqMessageFailures.find(beanFactory));
        container.setDiscards(ZmqMessageDiscards.find(beanFactory));
        container.setOutcomes(beanFactory == null ? null : beanFactory.getBeanProvider(ZmqListenerOutcomes.class).getIfUnique());
        container.setRetryPolicy(retryPolicy);
        container.setRecoverer(recoverer);
        return container;
    }

    private ZmqSocket lookup(String name, String description) {
        try {
            return beanFactory.getBean(name, ZmqSocket.class);
        } catch (NoSuchBeanDefinitionException e) {
            throw new ZmqConfigurationException("@ZmqListener(socket)", name, description + " listens on socket '" + name
                    + "', and there is no ZmqSocket bean of that name",
                    "Declare the socket under monocoque.sockets." + name + " (with its type and bind or connect), "
                            + "or declare it inline with @ZmqListener(type, bind/connect).", e);
        }
    }

    private synchronized TaskExecutor executor() {
        if (taskExecutor == null) {
            taskExecutor = new SimpleAsyncTaskExecutor("zmq-listener-");
        }
        return taskExecutor;
    }

    private synchronized ZmqListenerSupport support() {
        if (messageHandlerMethodFactory == null) {
            DefaultMessageHandlerMethodFactory factory = new DefaultMessageHandlerMethodFactory();
            factory.setMessageConverter(messageMapper.getMessageConverter());
            DefaultFormattingConversionService conversion = new DefaultFormattingConversionService();
            // routing ids and other frames arrive as bytes; a String parameter means UTF-8 text
            conversion.addConverter(byte[].class, String.class, bytes -> new String(bytes, StandardCharsets.UTF_8));
            factory.setConversionService(conversion);
            if (validator != null) {
                factory.setValidator(validator);
            }
            List<org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver> resolvers = new ArrayList<>();
            resolvers.add(new ZmqMessageArgumentResolver());
            resolvers.add(new PeerInfoArgumentResolver());
            factory.setCustomArgumentResolvers(resolvers);
            if (beanFactory != null) {
                factory.setBeanFactory(beanFactory);
            }
            factory.afterPropertiesSet();
            messageHandlerMethodFactory = factory;
        }
        return new ZmqListenerSupport(messageMapper, messageHandlerMethodFactory, interceptors, errorHandler, beanFactory);
    }
}
