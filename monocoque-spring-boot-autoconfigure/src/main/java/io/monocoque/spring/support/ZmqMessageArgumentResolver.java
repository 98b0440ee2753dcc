package io.monocoque.spring.support;

import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.zmq.ZmqMessage;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/** Resolves {@code ZmqMessage} listener parameters to the message with every frame. */
public class ZmqMessageArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == ZmqMessage.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, Message<?> message) {
        return message.getHeaders().get(ZmqHeaders.RAW_MESSAGE, ZmqMessage.class);
    }
}
