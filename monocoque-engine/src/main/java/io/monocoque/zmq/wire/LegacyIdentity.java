package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * The identity frame that each side of a ZMTP 1.0 or 2.0 connection sends first, before any
 * message: the sender's routing identity (what ZMTP 3.x carries in READY's {@code Identity}
 * property), 0 to 255 bytes, where empty means "anonymous". Reading is sans-I/O and bounded:
 * the declared length is refused above 255 before any of the body is buffered.
 *
 * <p>The flags of the frame are not validated in 1.0 (spec 13 says so, and libzmq 4.x's pseudo
 * signature, which a 1.0 peer reads as the header of our identity frame, has flags {@code 0x7F}).
 * In 2.0 the grammar makes it a final frame ({@code %x00 size body}); a MORE flag is refused there,
 * a long size form is accepted since it is unambiguous. Whether an identity starting with a zero
 * byte is acceptable (spec 13 reserves those) is the ROUTER's decision, as it is for 3.x peers.
 *
 * <p>Subscriptions from and to old peers: {@link LegacySubscriptions}.
 */
public final class LegacyIdentity {

    /** The longest identity either version carries. */
    public static final int MAX_LENGTH = 255;

    private LegacyIdentity() {
    }

    /**
     * Checks an identity this side is about to send.
     *
     * @throws IllegalArgumentException for an identity longer than 255 bytes
     */
    public static byte[] requireValid(byte[] identity) {
        Objects.requireNonNull(identity, "identity");
        if (identity.length > MAX_LENGTH) {
            throw new IllegalArgumentException("identity of " + identity.length
                    + " bytes; ZMTP 1.0 and 2.0 carry at most " + MAX_LENGTH);
        }
        return identity;
    }

    /** Writes {@code identity} as a complete ZMTP 1.0 frame (flags 0). */
    public static void writeZmtp1(ByteBuf out, byte[] identity) {
        requireValid(identity);
        Zmtp1FrameEncoder.writeFrame(out, false, identity, 0, identity.length);
    }

    /** Writes {@code identity} as a complete ZMTP 2.0 frame: {@code 0x00 length body}. */
    public static void writeZmtp2(ByteBuf out, byte[] identity) {
        requireValid(identity);
        Zmtp2FrameEncoder.writeFrame(out, false, identity, 0, identity.length);
    }

    /**
     * Reads the identity frame at the front of a ZMTP 1.0 peer's stream, ignoring its flags.
     *
     * @return {@code null} (nothing consumed) while the frame is incomplete, otherwise the identity,
     *     the frame consumed
     * @throws ZmtpProtocolException for a length of 0 or an identity over 255 bytes, as soon as the
     *     length field shows it
     */
    public static byte[] readZmtp1(ByteBuf in) {
        long size = Zmtp1FrameDecoder.declaredBodySize(in);
        if (size < 0) {
            return null;
        }
        checkSize(size, "1.0");
        int headerSize = Zmtp1FrameDecoder.frameHeaderSize(in);
        return take(in, headerSize, (int) size);
    }

    /**
     * Reads the identity frame at the front of a ZMTP 2.0 peer's stream (after its 12-octet greeting).
     *
     * @return {@code null} (nothing consumed) while the frame is incomplete, otherwise the identity,
     *     the frame consumed
     * @throws ZmtpProtocolException for an identity over 255 bytes (as soon as the size field shows
     *     it), the COMMAND bit, or the MORE flag
     */
    public static byte[] readZmtp2(ByteBuf in) {
        long size = Zmtp2FrameDecoder.declaredBodySize(in);
        if (size < 0) {
            return null;
        }
        checkSize(size, "2.0");
        if (Zmtp2FrameDecoder.frameHasMore(in)) {
            throw new ZmtpProtocolException("ZMTP 2.0 identity frame has the MORE flag set; the identity is a single final frame");
        }
        return take(in, Zmtp2FrameDecoder.frameHeaderSize(in), (int) size);
    }

    private static void checkSize(long size, String version) {
        if (size > MAX_LENGTH) {
            throw new ZmtpProtocolException("ZMTP " + version + " peer announces an identity of " + size
                    + " bytes; at most " + MAX_LENGTH + " are allowed");
        }
    }

    private static byte[] take(ByteBuf in, int headerSize, int size) {
        if (in.readableBytes() < headerSize + size) {
            return null;
        }
        byte[] identity = new byte[size];
        in.skipBytes(headerSize);
        in.readBytes(identity);
        return identity;
    }
}
