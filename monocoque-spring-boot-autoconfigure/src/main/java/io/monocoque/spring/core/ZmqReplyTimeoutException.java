package io.monocoque.spring.core;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * No reply came (or the request could not be sent) within the time a request/reply call allowed:
 * the one exception {@link ZmqTemplate#sendAndReceive}, {@link ZmqTemplate#sendAndReceiveAsync}
 * and the Spring Integration outbound gateway fail with when a request times out.
 *
 * <p>It is a Spring {@link MessagingException}, so Spring Integration passes it on to the caller
 * of a gateway as it is (with the request as {@linkplain #getFailedMessage() failed message}),
 * instead of wrapping it.
 */
public class ZmqReplyTimeoutException extends MessagingException {

    private static final long serialVersionUID = 1L;

    /** A timed-out request that was not a Spring {@link Message}. */
    public ZmqReplyTimeoutException(String description) {
        super(description);
    }

    /** The request {@code failedMessage} timed out. */
    public ZmqReplyTimeoutException(Message<?> failedMessage, String description) {
        super(failedMessage, description);
    }
}
