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
        this(ZmqError.EPROTO, message, false);
    }

    private final boolean cryptographic;

    private ZmtpProtocolException(ZmqError error, String message) {
        this(error, message, false);
    }

    private ZmtpProtocolException(ZmqError error, String message, boolean cryptographic) {
        super(error, message);
        this.cryptographic = cryptographic;
    }

    /**
     * A frame that a security mechanism's envelope refused after the handshake (CURVE: not a
     * MESSAGE, malformed, replayed or not decrypting). libzmq reports these to monitors as a
     * protocol failure of the handshake kind, and so do we.
     */
    public static ZmtpProtocolException cryptographic(String message) {
        return new ZmtpProtocolException(ZmqError.EPROTO, message, true);
    }

    /** Whether a mechanism's envelope refused the frame (see {@link #cryptographic}). */
    public boolean isCryptographic() {
        return cryptographic;
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
