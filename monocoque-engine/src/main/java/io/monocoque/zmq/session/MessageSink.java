package io.monocoque.zmq.session;

/** Where a session's complete messages go: the connection's end of its pipe. */
public interface MessageSink {

    /**
     * A single-frame message, as its own array (which the receiver may keep).
     *
     * @return false when the receiving side is now full: the session stops decoding until resumed
     */
    boolean deliver(byte[] frame);

    /** A multi-frame message; returns as {@link #deliver(byte[])} does. */
    boolean deliver(byte[][] frames);

    /**
     * A single-frame message in a RADIO's group (what a DISH receives), the body as its own
     * array; returns as {@link #deliver(byte[])} does.
     */
    boolean deliverInGroup(String group, byte[] body);
}
