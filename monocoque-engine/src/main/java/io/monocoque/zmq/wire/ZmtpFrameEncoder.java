package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Writes ZMTP 3.x frames and command frames into a {@link ByteBuf}; the short size form is used
 * exactly when the body is at most 255 bytes, as libzmq does.
 */
public final class ZmtpFrameEncoder {

    private static final int MAX_SHORT_SIZE = 255;

    private ZmtpFrameEncoder() {
    }

    /** The size of the flags and size fields for a body of this length: 2, or 9 above 255 bytes. */
    public static int headerSize(long bodyLength) {
        if (bodyLength < 0) {
            throw new IllegalArgumentException("negative frame length " + bodyLength);
        }
        return bodyLength <= MAX_SHORT_SIZE ? ZmtpFrameDecoder.SHORT_HEADER_SIZE : ZmtpFrameDecoder.LONG_HEADER_SIZE;
    }

    /**
     * Writes the flags and size of a frame whose {@code length} body bytes the caller writes next.
     *
     * @throws IllegalArgumentException for a negative length or a command with {@code more} set
     */
    public static void writeFrameHeader(ByteBuf out, boolean more, boolean command, long length) {
        if (command && more) {
            throw new IllegalArgumentException("a command frame cannot have the MORE flag");
        }
        int flags = (more ? ZmtpFrameDecoder.FLAG_MORE : 0) | (command ? ZmtpFrameDecoder.FLAG_COMMAND : 0);
        if (headerSize(length) == ZmtpFrameDecoder.SHORT_HEADER_SIZE) {
            out.writeByte(flags);
            out.writeByte((int) length);
        } else {
            out.writeByte(flags | ZmtpFrameDecoder.FLAG_LONG);
            out.writeLong(length);
        }
    }

    /** Writes a complete message frame with {@code len} bytes of {@code body} from {@code off}. */
    public static void writeFrame(ByteBuf out, boolean more, byte[] body, int off, int len) {
        Objects.checkFromIndexSize(off, len, body.length);
        out.ensureWritable(headerSize(len) + len);
        writeFrameHeader(out, more, false, len);
        out.writeBytes(body, off, len);
    }

    /** Writes a complete message frame whose body is the readable bytes of {@code body} (indices untouched). */
    public static void writeFrame(ByteBuf out, boolean more, ByteBuf body) {
        int len = body.readableBytes();
        out.ensureWritable(headerSize(len) + len);
        writeFrameHeader(out, more, false, len);
        out.writeBytes(body, body.readerIndex(), len);
    }

    /** Writes {@code cmd} as a complete command frame. */
    public static void writeCommand(ByteBuf out, Command cmd) {
        int bodySize = cmd.bodySize();
        out.ensureWritable(headerSize(bodySize) + bodySize);
        writeFrameHeader(out, false, true, bodySize);
        cmd.writeBody(out);
    }

    /** The number of bytes {@link #writeCommand} writes for {@code cmd}, header included. */
    public static int encodedSize(Command cmd) {
        int bodySize = cmd.bodySize();
        return headerSize(bodySize) + bodySize;
    }
}
