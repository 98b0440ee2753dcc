package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;

/** Receives the frames {@link ZmtpFrameDecoder} finds in a buffer, one call per frame. */
@FunctionalInterface
public interface FrameHandler {

    /**
     * Handles one frame.
     *
     * <p>{@code content} is a view of the frame body within the input buffer, valid only during the
     * call: read it (or take {@link ByteBuf#retainedSlice()} to keep it), but do not release it,
     * write to it or change its capacity.
     *
     * @param more whether further frames of the same message follow (always false for commands)
     * @param command whether this is a command frame rather than a message frame
     * @return {@code false} to stop decoding after this frame and leave the rest of the input for later
     */
    boolean frame(boolean more, boolean command, ByteBuf content);
}
