package io.monocoque.zmq.wire;

import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;

/**
 * A peer broke the ZMTP wire protocol (greeting, framing or command syntax); the connection that
 * produced it must be closed.
 *
 * <p>{@link #error()} is {@link ZmqError#EPROTO} for malformed input and {@link ZmqError#EMSGSIZE}
 * when the peer announced a frame larger than the configured limit ({@link #isOversize()}).
 */
public final class ZmtpProtocolException extends ZmqException {

    private static final long serialVersionUID = 1L;

    /** A malformed-input failure ({@link ZmqError#EPROTO}). */
    public ZmtpProtocolException(String message) {
        super(ZmqError.EPROTO, message);
    }

    private ZmtpProtocolException(ZmqError error, String message) {
        super(error, message);
    }

    /** A frame-size failure ({@link ZmqError#EMSGSIZE}). */
    public static ZmtpProtocolException oversize(String message) {
        return new ZmtpProtocolException(ZmqError.EMSGSIZE, message);
    }

    /** Whether the peer announced a frame larger than this side accepts. */
    public boolean isOversize() {
        return error() == ZmqError.EMSGSIZE;
    }
}
