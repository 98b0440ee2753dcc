package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;

/**
 * The frames of a ZMTP 1.0 or 2.0 peer: message frames only (these versions have no commands,
 * so no mechanism, no PING and subscriptions travel as messages).
 */
public final class LegacyFrameCodec implements FrameCodec {

    private final boolean zmtp1;
    private final Zmtp1FrameDecoder decoder1;
    private final Zmtp2FrameDecoder decoder2;

    private LegacyFrameCodec(boolean zmtp1, long maxFrameSize) {
        this.zmtp1 = zmtp1;
        this.decoder1 = zmtp1 ? new Zmtp1FrameDecoder(maxFrameSize) : null;
        this.decoder2 = zmtp1 ? null : new Zmtp2FrameDecoder(maxFrameSize);
    }

    /** ZMTP 1.0 framing (libzmq 2.x, or a revision-0 greeting). @param maxFrameSize -1 for no limit */
    public static LegacyFrameCodec zmtp1(long maxFrameSize) {
        return new LegacyFrameCodec(true, maxFrameSize);
    }

    /** ZMTP 2.0 framing (libzmq 3.x). @param maxFrameSize -1 for no limit */
    public static LegacyFrameCodec zmtp2(long maxFrameSize) {
        return new LegacyFrameCodec(false, maxFrameSize);
    }

    @Override
    public int messageFrameSize(int length) {
        return (int) (zmtp1 ? Zmtp1FrameEncoder.encodedSize(length) : Zmtp2FrameEncoder.encodedSize(length));
    }

    @Override
    public void writeMessageFrame(ByteBuf out, boolean more, byte[] body, int offset, int length) {
        if (zmtp1) {
            Zmtp1FrameEncoder.writeFrame(out, more, body, offset, length);
        } else {
            Zmtp2FrameEncoder.writeFrame(out, more, body, offset, length);
        }
    }

    @Override
    public int commandSize(Command command) {
        throw noCommands(command);
    }

    @Override
    public void writeCommand(ByteBuf out, Command command) {
        throw noCommands(command);
    }

    private IllegalStateException noCommands(Command command) {
        return new IllegalStateException("ZMTP " + (zmtp1 ? "1.0" : "2.0") + " has no commands: cannot send " + command.name());
    }

    @Override
    public void decode(ByteBuf in, FrameHandler handler) {
        if (zmtp1) {
            decoder1.decode(in, handler);
        } else {
            decoder2.decode(in, handler);
        }
    }

    @Override
    public long incompleteMessageFrameSize(ByteBuf in) {
        return zmtp1 ? decoder1.incompleteMessageFrameSize(in) : decoder2.incompleteMessageFrameSize(in);
    }

    @Override
    public int frameHeaderSize(ByteBuf in) {
        return zmtp1 ? Zmtp1FrameDecoder.frameHeaderSize(in) : Zmtp2FrameDecoder.frameHeaderSize(in);
    }

    @Override
    public boolean frameHasMore(ByteBuf in) {
        return zmtp1 ? Zmtp1FrameDecoder.frameHasMore(in) : Zmtp2FrameDecoder.frameHasMore(in);
    }
}
