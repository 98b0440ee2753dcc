package io.monocoque.zmq;

/**
 * A failed ZeroMQ operation. The message names the socket, the endpoint where one applies and
 * what the caller can do about it; {@link #error()} gives the libzmq errno equivalent.
 */
public class ZmqException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ZmqError error;

    public ZmqException(ZmqError error, String message) {
        super(message);
        this.error = error;
    }

    public ZmqException(ZmqError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    /** The libzmq errno this failure corresponds to. */
    public ZmqError error() {
        return error;
    }
}
