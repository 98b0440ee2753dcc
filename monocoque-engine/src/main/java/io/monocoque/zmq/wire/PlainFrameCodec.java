package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** ZMTP 3.x frames as they are, for the mechanisms that do not protect traffic (NULL, PLAIN). */
public final class PlainFrameCodec implements FrameCodec {

    private final ZmtpFrameDecoder decoder;

    /** @param decoder the decoder, with the connection's frame size limit */
    public PlainFrameCodec(ZmtpFrameDecoder decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    @Override
    public int messageFrameSize(int length) {
        return ZmtpFrameEncoder.headerSize(length) + length;
    }

    @Override
    public void writeMessageFrame(ByteBuf out, boolean more, byte[] body, int offset, int length) {
        // The caller made room for messageFrameSize(length): header and body go straight in.
        ZmtpFrameEncoder.writeFrameHeader(out, more, false, length);
        out.writeBytes(body, offset, length);
    }

    @Override
    public int messageFrameHeaderSize(int length) {
        return ZmtpFrameEncoder.headerSize(length);
    }

    @Override
    public void writeMessageFrameHeader(ByteBuf out, boolean more, int length) {
        ZmtpFrameEncoder.writeFrameHeader(out, more, false, length);
    }

    @Override
    public int commandSize(Command command) {
        return ZmtpFrameEncoder.encodedSize(command);
    }

    @Override
    public void writeCommand(ByteBuf out, Command command) {
        ZmtpFrameEncoder.writeCommand(out, command);
    }

    @Override
    public void decode(ByteBuf in, FrameHandler handler) {
        decoder.decode(in, handler);
    }

    @Override
    public long incompleteMessageFrameSize(ByteBuf in) {
        return decoder.incompleteMessageFrameSize(in);
    }

    @Override
    public int frameHeaderSize(ByteBuf in) {
        return ZmtpFrameDecoder.frameHeaderSize(in);
    }

    @Override
    public boolean frameHasMore(ByteBuf in) {
        return ZmtpFrameDecoder.frameHasMore(in);
    }
}
