package io.monocoque.zmq.security;

/** The flags octet that leads the plaintext of a wrapped (CURVE MESSAGE) frame, as libzmq encodes it. */
public final class WrappedFrame {

    /** More frames of the same message follow (libzmq's {@code msg_t::more}). */
    public static final int MORE = 0x01;
    /** The frame is a ZMTP command such as SUBSCRIBE or PING (libzmq's {@code msg_t::command}). */
    public static final int COMMAND = 0x02;

    private WrappedFrame() {
    }
}
