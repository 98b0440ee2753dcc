package io.monocoque.spring.listener;

import io.monocoque.spring.support.ZmqMessageMapper;

import java.util.List;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;

/**
 * What a container factory gives endpoints to build their message listeners with.
 *
 * @param messageMapper               frames to messages and back, with the converter chain
 * @param messageHandlerMethodFactory invocable listener methods with spring-messaging's argument resolution
 * @param interceptors                around-advice for every call, outermost first
 * @param errorHandler                the error handler of listeners that name none, or {@code null}
 * @param beanFactory                 where {@code @SendTo} sockets and error handlers are looked up
 */
public record ZmqListenerSupport(
        ZmqMessageMapper messageMapper,
        MessageHandlerMethodFactory messageHandlerMethodFactory,
        List<ZmqListenerInterceptor> interceptors,
        ZmqListenerErrorHandler errorHandler,
        BeanFactory beanFactory) {
}
