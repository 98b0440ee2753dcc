package io.monocoque.spring.listener;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;

import java.lang.reflect.Method;

import org.springframework.messaging.Message;

/**
 * One call of a listener, as {@link ZmqListenerInterceptor}s see it.
 *
 * @param listenerId the listener's id ({@code @ZmqListener(id)}, or one made up from the method)
 * @param socketName the socket's name: the bean name of a configured socket, or the listener id
 *                   for a socket declared inline
 * @param socketType the socket's type as the listener sees it (REP for a REP listener that runs on
 *                   a router underneath)
 * @param message    the Spring message the method is called with: the payload frame as
 *                   {@code byte[]} and the {@code ZmqHeaders}
 * @param rawMessage the received message with every frame
 * @param method     the listener method, or {@code null} for a listener that is not a method
 */
public record ZmqListenerInvocation(
        String listenerId,
        String socketName,
        SocketType socketType,
        Message<?> message,
        ZmqMessage rawMessage,
        Method method) {
}
