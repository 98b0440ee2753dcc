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
}
