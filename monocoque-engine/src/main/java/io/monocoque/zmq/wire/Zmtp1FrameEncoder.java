package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Writes ZMTP 1.0 frames (spec 13) into a {@link ByteBuf}: {@code length flags body}, where the
 * length counts the flags octet. The one-octet length is used exactly when it is at most 254 (a
 * body of at most 253 bytes), since 255 is the escape for the eight-octet form; libzmq's 1.0
 * encoder draws the line at the same place. The flags octet carries only MORE.
 */
public final class Zmtp1FrameEncoder {

    /** The largest length (body plus flags octet) the one-octet form can carry. */
    private static final int MAX_SHORT_LENGTH = 254;

    private Zmtp1FrameEncoder() {
    }

    /** The size of the length and flags fields for a body of this length: 2, or 10 above 253 bytes. */
    public static int headerSize(long bodyLength) {
        if (bodyLength < 0) {
            throw new IllegalArgumentException("negative frame length " + bodyLength);
        }
        return bodyLength + 1 <= MAX_SHORT_LENGTH ? Zmtp1FrameDecoder.SHORT_HEADER_SIZE : Zmtp1FrameDecoder.LONG_HEADER_SIZE;
    }

    /** The number of bytes a frame with a body of this length takes, header included. */
    public static long encodedSize(long bodyLength) {
        return headerSize(bodyLength) + bodyLength;
    }

    /**
     * Writes the length and flags of a frame whose {@code length} body bytes the caller writes next.
     *
     * @throws IllegalArgumentException for a negative length, or one whose length field (body plus
     *     flags octet) would not fit in 63 bits
     */
    public static void writeFrameHeader(ByteBuf out, boolean more, long length) {
        if (length == Long.MAX_VALUE) {
            throw new IllegalArgumentException("a ZMTP 1.0 length field cannot hold a body of " + length + " bytes");
        }
        int flags = more ? Zmtp1FrameDecoder.FLAG_MORE : 0;
        if (headerSize(length) == Zmtp1FrameDecoder.SHORT_HEADER_SIZE) {
            out.writeByte((int) length + 1);
        } else {
            out.writeByte(Zmtp1FrameDecoder.LONG_LENGTH_ESCAPE);
            out.writeLong(length + 1);
        }
        out.writeByte(flags);
    }

    /** Writes a complete frame with {@code len} bytes of {@code body} from {@code off}. */
    public static void writeFrame(ByteBuf out, boolean more, byte[] body, int off, int len) {
        Objects.checkFromIndexSize(off, len, body.length);
        out.ensureWritable(headerSize(len) + len);
        writeFrameHeader(out, more, len);
        out.writeBytes(body, off, len);
    }

    /** Writes a complete frame whose body is the readable bytes of {@code body} (indices untouched). */
    public static void writeFrame(ByteBuf out, boolean more, ByteBuf body) {
        int len = body.readableBytes();
        out.ensureWritable(headerSize(len) + len);
        writeFrameHeader(out, more, len);
        out.writeBytes(body, body.readerIndex(), len);
    }
}
