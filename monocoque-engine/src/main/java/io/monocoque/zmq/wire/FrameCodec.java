package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;

/**
 * How a connection's frames look on the wire once its handshake is done: as they are (NULL,
 * PLAIN: {@link PlainFrameCodec}) or sealed in a mechanism's envelope (CURVE's MESSAGE boxes).
 * The mechanism that completed the handshake chooses it, so the session that reads and writes
 * frames never asks which mechanism it runs.
 *
 * <p>Sans-I/O and used on one connection's event loop only; an instance may keep scratch state
 * (CURVE's nonces and cipher), so it belongs to one connection.
 */
public interface FrameCodec {

    /** The bytes {@link #writeMessageFrame} writes for a body of {@code length} bytes, header included. */
    int messageFrameSize(int length);

    /** Writes {@code length} bytes of {@code body} from {@code offset} as one message frame. */
    void writeMessageFrame(ByteBuf out, boolean more, byte[] body, int offset, int length);

    /**
     * For a codec whose message frames carry the application's bytes as they are: the size of the
     * header {@link #writeMessageFrameHeader} writes before a body of {@code length} bytes that
     * then follows on the wire unchanged (so a pooled body can be written as it is, without a
     * copy); -1 for a codec that must rewrite the body (an envelope), which is the default.
     */
    default int messageFrameHeaderSize(int length) {
        return -1;
    }

    /**
     * Writes the header of a message frame whose {@code length} body bytes the caller writes next,
     * unchanged; only where {@link #messageFrameHeaderSize} is not -1.
     */
    default void writeMessageFrameHeader(ByteBuf out, boolean more, int length) {
        throw new UnsupportedOperationException("this codec does not send bodies as they are");
    }

    /** The bytes {@link #writeCommand} writes for {@code command}, header included. */
    int commandSize(Command command);

    /** Writes {@code command} (SUBSCRIBE, CANCEL, PING, PONG, ...) as one command frame. */
    void writeCommand(ByteBuf out, Command command);

    /**
     * Decodes and consumes every complete frame of {@code in}, handing each, as the application
     * frame or command it carries, to {@code handler} (whose return value stops decoding early),
     * and leaves an incomplete trailing frame in place.
     *
     * @throws ZmtpProtocolException for malformed, oversized or (for an enveloping codec) forged
     *     input; {@link ZmtpProtocolException#isCryptographic()} tells a failed envelope apart
     */
    void decode(ByteBuf in, FrameHandler handler);

    /**
     * For a codec whose message frames are the application's bytes as they are: the body length
     * of the message frame at the front of {@code in} whose header is complete but whose body is
     * not (see {@link ZmtpFrameDecoder#incompleteMessageFrameSize}), so that the body can be
     * assembled as it arrives; -1 otherwise, and always -1 for an enveloping codec, whose frames
     * must be whole before they can be opened.
     */
    long incompleteMessageFrameSize(ByteBuf in);

    /** The header size of the frame {@link #incompleteMessageFrameSize} described. */
    default int frameHeaderSize(ByteBuf in) {
        throw new UnsupportedOperationException("this codec does not stream frames");
    }

    /** Whether the frame {@link #incompleteMessageFrameSize} described has the MORE flag. */
    default boolean frameHasMore(ByteBuf in) {
        throw new UnsupportedOperationException("this codec does not stream frames");
    }
}
