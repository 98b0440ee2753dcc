package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;

/** Receives the frames {@link ZmtpFrameDecoder} finds in a buffer, one call per frame. */
@FunctionalInterface
public interface FrameHandler {

    /**
     * Handles one frame.
     *
     * <p>{@code content} is a view of the frame body within the input buffer, valid only during the
     * call: read it (copy what is to be kept), but do not retain, release or write to it, or
     * change its capacity. It may be the buffer a leak tracker forwards to, whose retained slices
     * the tracker would not see ({@link TrackedBuffers}).
     *
     * @param more whether further frames of the same message follow (always false for commands)
     * @param command whether this is a command frame rather than a message frame
     * @return {@code false} to stop decoding after this frame and leave the rest of the input for later
     */
    boolean frame(boolean more, boolean command, ByteBuf content);

    /**
     * Whether this handler takes a message frame of {@code size} body bytes as an array of its
     * own, through {@link #frame(boolean, byte[])}. An enveloping codec (CURVE) asks before it
     * opens a frame, and then opens it straight into that array; a frame this handler would
     * rather copy elsewhere (into pooled memory) comes through {@link #frame(boolean, boolean, ByteBuf)}
     * instead. False unless overridden.
     */
    default boolean takesArray(int size) {
        return false;
    }

    /**
     * Handles one message frame whose body is {@code body}, an array made for it that passes to
     * the handler with this call; only for sizes {@link #takesArray} accepted.
     *
     * @param more whether further frames of the same message follow
     * @return {@code false} to stop decoding after this frame and leave the rest of the input for later
     */
    default boolean frame(boolean more, byte[] body) {
        throw new UnsupportedOperationException("this handler takes no arrays");
    }
}
