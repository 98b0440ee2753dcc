package io.monocoque.zmq.security;

import io.monocoque.zmq.wire.Command;
import io.monocoque.zmq.wire.FrameCodec;
import io.monocoque.zmq.wire.FrameHandler;
import io.monocoque.zmq.wire.ZmtpFrameDecoder;
import io.monocoque.zmq.wire.ZmtpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * CURVE's traffic after the handshake (RFC 26): every frame, message or command, travels sealed
 * in a MESSAGE box. Decoding opens each box and hands on the frame inside it; a box that is not
 * a MESSAGE, is malformed, replayed or does not decrypt fails as
 * {@linkplain ZmtpProtocolException#cryptographic cryptographic}.
 */
final class CurveFrameCodec implements FrameCodec {

    private final CurveMechanism curve;
    private final ZmtpFrameDecoder decoder;
    private FrameHandler target;
    /** Opens one wire frame and passes the frame inside it to {@link #target}; allocated once. */
    private final FrameHandler opener = this::open;

    CurveFrameCodec(CurveMechanism curve, ZmtpFrameDecoder decoder) {
        this.curve = curve;
        this.decoder = decoder;
    }

    @Override
    public int messageFrameSize(int length) {
        return curve.wrappedSize(length);
    }

    @Override
    public void writeMessageFrame(ByteBuf out, boolean more, byte[] body, int offset, int length) {
        curve.wrap(out, more, body, offset, length);
    }

    @Override
    public int commandSize(Command command) {
        return curve.wrappedSize(command.bodySize());
    }

    @Override
    public void writeCommand(ByteBuf out, Command command) {
        curve.wrap(out, command);
    }

    @Override
    public void decode(ByteBuf in, FrameHandler handler) {
        target = handler;
        try {
            decoder.decode(in, opener);
        } finally {
            target = null;
        }
    }

    /**
     * Opens one wire frame. A message frame the handler takes as an array is opened straight into
     * a fresh array of the body's size, which becomes the message frame: the ciphertext is
     * copied once, out of the input, and decrypted where it lands. Anything else (a frame the
     * handler puts in pooled memory, or a command) is opened into the mechanism's reusable buffer.
     * Which of the two a frame is, is known only once it is open (its flags are inside the box),
     * so the choice is made by size.
     */
    private boolean open(boolean more, boolean command, ByteBuf box) {
        int size = CurveMechanism.openedBodySize(box.readableBytes());
        if (size >= 0 && target.takesArray(size)) {
            byte[] body = new byte[size];
            int flags;
            try {
                flags = curve.unwrap(box, body);
            } catch (ZmtpProtocolException e) {
                throw ZmtpProtocolException.cryptographic(e.getMessage());
            }
            if ((flags & WrappedFrame.COMMAND) != 0) {
                return target.frame(false, true, Unpooled.wrappedBuffer(body));
            }
            return target.frame((flags & WrappedFrame.MORE) != 0, body);
        }
        ByteBuf plain;
        try {
            plain = curve.unwrap(box);
        } catch (ZmtpProtocolException e) {
            throw ZmtpProtocolException.cryptographic(e.getMessage());
        }
        int flags = plain.readUnsignedByte();
        return target.frame((flags & WrappedFrame.MORE) != 0, (flags & WrappedFrame.COMMAND) != 0, plain);
    }

    @Override
    public long incompleteMessageFrameSize(ByteBuf in) {
        return -1;
    }
}
