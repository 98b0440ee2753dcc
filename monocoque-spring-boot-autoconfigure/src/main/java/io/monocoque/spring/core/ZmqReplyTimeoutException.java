package io.monocoque.spring.core;

import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;

/** No reply came within the time a {@link ZmqTemplate} request/reply call allowed. */
public class ZmqReplyTimeoutException extends ZmqException {

    private static final long serialVersionUID = 1L;

    public ZmqReplyTimeoutException(String message) {
        super(ZmqError.EAGAIN, message);
    }
}
