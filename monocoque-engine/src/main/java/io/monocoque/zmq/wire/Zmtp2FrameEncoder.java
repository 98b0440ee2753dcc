package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;

/**
 * Writes ZMTP 2.0 frames (spec 15) into a {@link ByteBuf}. A 2.0 message frame is byte for byte a
 * ZMTP 3.x message frame ({@code flags size body}, the short form exactly up to 255 bytes, as
 * libzmq's 2.0 encoder writes it), so this delegates to {@link ZmtpFrameEncoder}; what it adds is
 * that there is no way to write a command, which a 2.0 peer could not read.
 */
public final class Zmtp2FrameEncoder {

    private Zmtp2FrameEncoder() {
    }

    /** The size of the flags and size fields for a body of this length: 2, or 9 above 255 bytes. */
    public static int headerSize(long bodyLength) {
        return ZmtpFrameEncoder.headerSize(bodyLength);
    }

    /** The number of bytes a frame with a body of this length takes, header included. */
    public static long encodedSize(long bodyLength) {
        return headerSize(bodyLength) + bodyLength;
    }

    /** Writes the flags and size of a frame whose {@code length} body bytes the caller writes next. */
    public static void writeFrameHeader(ByteBuf out, boolean more, long length) {
        ZmtpFrameEncoder.writeFrameHeader(out, more, false, length);
    }

    /** Writes a complete frame with {@code len} bytes of {@code body} from {@code off}. */
    public static void writeFrame(ByteBuf out, boolean more, byte[] body, int off, int len) {
        ZmtpFrameEncoder.writeFrame(out, more, body, off, len);
    }

    /** Writes a complete frame whose body is the readable bytes of {@code body} (indices untouched). */
    public static void writeFrame(ByteBuf out, boolean more, ByteBuf body) {
        ZmtpFrameEncoder.writeFrame(out, more, body);
    }
}
