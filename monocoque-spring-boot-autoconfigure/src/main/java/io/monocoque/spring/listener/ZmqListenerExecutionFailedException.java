package io.monocoque.spring.listener;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/** A listener failed: converting the payload, resolving a parameter, or in the method itself. */
public class ZmqListenerExecutionFailedException extends MessagingException {

    private static final long serialVersionUID = 1L;

    private final String listenerId;
    private final String socketName;

    public ZmqListenerExecutionFailedException(String listenerId, String socketName, Message<?> message, Throwable cause) {
        super(message, "@ZmqListener '" + listenerId + "' on socket '" + socketName + "' failed: " + cause, cause);
        this.listenerId = listenerId;
        this.socketName = socketName;
    }

    /** The failing listener's id. */
    public String getListenerId() {
        return listenerId;
    }

    /** The name of the socket the message came from. */
    public String getSocketName() {
        return socketName;
    }
}
