package io.monocoque.samples.marketdata;

import io.monocoque.spring.listener.ZmqListenerErrorHandler;
import io.monocoque.spring.listener.ZmqListenerExecutionFailedException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.stereotype.Component;

/**
 * Turns a failed quote request into a JSON error reply, so that a REQ client always hears back:
 * a request that is not JSON of the right shape, an unknown or missing symbol, or, should the
 * service itself fail, an internal error (logged here with its stack trace).
 */
@Component(QuoteErrorReplies.BEAN_NAME)
public class QuoteErrorReplies implements ZmqListenerErrorHandler {

    static final String BEAN_NAME = "quoteErrorReplies";
    static final String MALFORMED = "malformed request: expected a JSON object like {\"symbol\":\"ACME\"}";

    private static final Logger LOG = LoggerFactory.getLogger(QuoteErrorReplies.class);

    @Override
    public Object handleError(Message<?> message, ZmqListenerExecutionFailedException exception) {
        for (Throwable t = exception.getCause(); t != null; t = t.getCause()) {
            if (t instanceof QuoteRejectedException rejected) {
                LOG.debug("Quote request rejected: {}", rejected.getMessage());
                return new ErrorReply(rejected.getMessage());
            }
            if (t instanceof MessageConversionException || t instanceof MethodArgumentResolutionException) {
                LOG.debug("Unreadable quote request: {}", t.getMessage());
                return new ErrorReply(MALFORMED);
            }
        }
        LOG.error("Quote service failed on a request from socket '{}'", exception.getSocketName(), exception);
        return new ErrorReply("internal error: the quote service could not answer; try again");
    }
}
