package io.monocoque.zmq.wire;

/**
 * The largest frame body a decoder accepts, checked from a frame's header before its body is
 * buffered; the same rule, and the same words for a refusal, in every framing (ZMTP 3.x, 2.0, 1.0).
 */
final class FrameSizeLimit {

    private final long maxFrameSize;
    private final long limit;
    private final String name;

    /**
     * @param maxFrameSize the largest body accepted, or -1 for none below
     *     {@link ZmtpFrameDecoder#MAX_FRAME_SIZE_CEILING}
     * @param name what the limit is called in a refusal, e.g. {@code "max-message-size"}
     * @throws IllegalArgumentException for a value below -1
     */
    FrameSizeLimit(long maxFrameSize, String name) {
        if (maxFrameSize < -1) {
            throw new IllegalArgumentException("maxFrameSize must be -1 (unlimited) or >= 0, got " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
        this.limit = maxFrameSize < 0
                ? ZmtpFrameDecoder.MAX_FRAME_SIZE_CEILING
                : Math.min(maxFrameSize, ZmtpFrameDecoder.MAX_FRAME_SIZE_CEILING);
        this.name = name;
    }

    /** The configured limit, -1 when unlimited. */
    long maxFrameSize() {
        return maxFrameSize;
    }

    /** Whether a body of {@code size} bytes is over the limit. */
    boolean exceededBy(long size) {
        return size > limit;
    }

    /** @throws ZmtpProtocolException (oversize) naming the size and the limit, when {@code size} is over it */
    void check(long size) {
        if (size > limit) {
            throw ZmtpProtocolException.oversize(limit == maxFrameSize
                    ? "frame of " + size + " bytes exceeds " + name + " of " + maxFrameSize + " bytes"
                    : "frame of " + size + " bytes exceeds the largest frame Monocoque can hold ("
                            + ZmtpFrameDecoder.MAX_FRAME_SIZE_CEILING + " bytes)");
        }
    }
}
