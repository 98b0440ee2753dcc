package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;

/**
 * Tells which ZMTP version a peer speaks from the first bytes it sent, as libzmq 4.3 does, so that
 * a ZMTP 3.x engine can also talk to ZMTP 1.0 (libzmq 2.x) and 2.0 (libzmq 3.x) peers. A pure
 * function: {@link #detect} looks at the readable bytes, consumes none and keeps no state, so it
 * is called again on each read until the answer is complete.
 *
 * <p>The rules (spec 15 "Backwards Interoperability", spec 23 "Detecting ZMTP 1.0 and 2.0 Peers"):
 * <ol>
 *   <li>A first octet other than {@code 0xFF} is the one-octet length of a 1.0 identity frame:
 *       ZMTP 1.0, decided from one byte.</li>
 *   <li>Otherwise octets 1 to 8 are a length (1.0) or padding (later versions) and octet 9 is the
 *       1.0 identity frame's flags (always 0 in 1.0) or the signature's {@code 0x7F}: bit 0 clear
 *       means ZMTP 1.0, set means a versioned peer ({@link PeerVersion.Stage#VERSIONED}).</li>
 *   <li>Octet 10 is the version: 0 is a revision-0 greeting with 1.0 framing (libzmq 3.1), 1 or 2
 *       is ZMTP 2.0 (spec 23; libzmq 4.3 reads 2 as 3.x, but no implementation sends 2, and
 *       {@link Greeting} refuses a 3.x greeting with major 2), 3 or more is ZMTP 3.x.</li>
 *   <li>Octet 11 is the socket type (1.0/2.0, ending a 12-octet greeting) or the minor version
 *       (3.x, whose greeting is 64 octets).</li>
 * </ol>
 * The padding is never validated: libzmq puts its identity length there, for 1.0 peers.
 *
 * <p>{@link GreetingExchange} writes what this side must send at each stage.
 */
public final class ZmtpVersionDetector {

    static final int SIGNATURE_SIZE = 10;
    static final int VERSION_OFFSET = 10;
    static final int MINOR_OR_TYPE_OFFSET = 11;
    /** Signature, revision and socket type. */
    public static final int LEGACY_GREETING_SIZE = 12;

    private ZmtpVersionDetector() {
    }

    /** What the readable bytes of {@code in}, the first a peer sent, say about its version; nothing is consumed. */
    public static PeerVersion detect(ByteBuf in) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        if (available == 0) {
            return PeerVersion.NEED_MORE;
        }
        if (in.getUnsignedByte(start) != 0xFF) {
            return PeerVersion.UNVERSIONED_1_0;
        }
        if (available < SIGNATURE_SIZE) {
            return PeerVersion.NEED_MORE;
        }
        if ((in.getUnsignedByte(start + SIGNATURE_SIZE - 1) & 0x01) == 0) {
            return PeerVersion.UNVERSIONED_1_0;
        }
        if (available <= VERSION_OFFSET) {
            return PeerVersion.VERSIONED;
        }
        int major = in.getUnsignedByte(start + VERSION_OFFSET);
        boolean octet11In = available > MINOR_OR_TYPE_OFFSET;
        int octet11 = octet11In ? in.getUnsignedByte(start + MINOR_OR_TYPE_OFFSET) : -1;
        if (major >= 3) {
            return new PeerVersion(PeerVersion.Stage.ZMTP_3, major, octet11, -1, Greeting.SIZE, available >= Greeting.SIZE);
        }
        PeerVersion.Stage stage = major == 0 ? PeerVersion.Stage.ZMTP_1_0 : PeerVersion.Stage.ZMTP_2_0;
        return new PeerVersion(stage, major, -1, octet11, LEGACY_GREETING_SIZE, octet11In);
    }
}
