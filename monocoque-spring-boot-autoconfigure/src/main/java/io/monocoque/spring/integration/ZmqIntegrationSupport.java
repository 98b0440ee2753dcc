package io.monocoque.spring.integration;

import io.monocoque.spring.messaging.ZmqReceiveLoop;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.spring.support.micrometer.ZmqTracePropagation;
import io.monocoque.zmq.ZmqMessage;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.GenericMessage;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.task.TaskExecutor;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;

/** What the adapters take from the application context when they are not given it. */
final class ZmqIntegrationSupport {

    private ZmqIntegrationSupport() {
    }

    static ZmqMessageMapper mapper(BeanFactory beanFactory) {
        ZmqMessageMapper mapper = beanFactory == null ? null : beanFactory.getBeanProvider(ZmqMessageMapper.class).getIfUnique();
        return mapper != null ? mapper
                : new ZmqMessageMapper(new CompositeMessageConverter(List.of(new ByteArrayMessageConverter(), new StringMessageConverter())));
    }

    /**
     * The payload of {@code message} converted to {@code type}; text is always UTF-8 (as the mapper
     * writes it), whatever other converters (Spring Integration's datatype converter, which turns
     * byte[] into "104,101,...") the chain holds.
     */
    static Message<?> convert(ZmqMessageMapper mapper, Message<?> message, Class<?> type) {
        if (type.isInstance(message.getPayload()) && type != Object.class) {
            return message;
        }
        Object payload;
        if (type == String.class && message.getPayload() instanceof byte[] bytes) {
            payload = new String(bytes, StandardCharsets.UTF_8);
        } else if (type == byte[].class && message.getPayload() instanceof String text) {
            payload = text.getBytes(StandardCharsets.UTF_8); // text a header frame said was text
        } else {
            payload = mapper.fromMessage(message, type);
        }
        // the same headers, id and timestamp included (a carried header frame may have set them)
        return new GenericMessage<>(payload, message.getHeaders());
    }

    /**
     * {@code message} with the headers of the header frame of {@code body} that it does not have yet
     * (the sender's trace context, for Spring Integration's own observation to continue), when
     * trace propagation is on; else {@code message} as it is.
     */
    static Message<?> withCarriedTraceContext(Message<?> message, ZmqTracePropagation propagation, ZmqMessage body, int first) {
        if (propagation == null) {
            return message;
        }
        Map<String, Object> carried = propagation.carriedHeaders(body, first);
        if (carried.isEmpty()) {
            return message;
        }
        MessageBuilder<?> builder = MessageBuilder.fromMessage(message);
        carried.forEach((name, value) -> {
            if (!MessageHeaders.ID.equals(name) && !MessageHeaders.TIMESTAMP.equals(name)) {
                builder.setHeaderIfAbsent(name, value);
            }
        });
        return builder.build();
    }

    /** The application's trace propagation: a bean only when it is switched on. */
    static ZmqTracePropagation tracePropagation(BeanFactory beanFactory) {
        return beanFactory == null ? null : beanFactory.getBeanProvider(ZmqTracePropagation.class).getIfAvailable();
    }

    static TaskExecutor taskExecutor(BeanFactory beanFactory, String threadNamePrefix) {
        if (beanFactory != null && beanFactory.containsBean(MonocoqueIntegrationAutoConfiguration.TASK_EXECUTOR_BEAN_NAME)) {
            return beanFactory.getBean(MonocoqueIntegrationAutoConfiguration.TASK_EXECUTOR_BEAN_NAME, TaskExecutor.class);
        }
        return ZmqReceiveLoop.defaultExecutor(threadNamePrefix);
    }
}
