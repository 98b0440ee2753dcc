package io.monocoque.spring.listener;

import org.springframework.messaging.Message;

/**
 * Handles a listener's failure; name a bean of this type in {@code @ZmqListener(errorHandler)}.
 * Without one, the failure is logged with the listener and socket names, and the listener goes
 * on with the next message.
 *
 * <p>What the handler returns is the reply, sent where the listener's return value would have
 * gone (back to the requester on rep and router sockets, or to the {@code @SendTo} socket):
 * that is how a REQ/REP conversation gets an error reply. Return {@code null} for no reply. An
 * exception thrown here is logged; the listener keeps running either way.
 */
@FunctionalInterface
public interface ZmqListenerErrorHandler {

    /**
     * @param message   the message the listener failed on (payload frame and {@code ZmqHeaders})
     * @param exception the failure, with the listener id and socket name; its cause is what the
     *                  listener threw
     * @return the reply to send, or {@code null}
     */
    Object handleError(Message<?> message, ZmqListenerExecutionFailedException exception) throws Exception;
}
