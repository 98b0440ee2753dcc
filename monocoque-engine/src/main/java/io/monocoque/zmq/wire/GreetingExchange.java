package io.monocoque.zmq.wire;

import io.monocoque.zmq.SocketType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Objects;

/**
 * This side's half of a greeting that also lets ZMTP 1.0 and 2.0 peers in: it sends the greeting
 * in the stages libzmq 4.3 uses, each one only once the peer's bytes show it is safe to, and
 * tells the caller which version the peer speaks. Sans-I/O: bytes in, bytes out, no channel.
 * One instance per connection; not thread-safe.
 *
 * <p>The stages, and why:
 * <ol>
 *   <li>{@link #start}: 10 octets at once, {@code 0xFF}, the identity length plus 1 as a 64-bit
 *       big-endian number, {@code 0x7F}. A 3.x or 2.0 peer reads this as the signature (the padding
 *       is not significant); a 1.0 peer reads it as the long-form header of our identity frame
 *       (length, flags {@code 0x7F}), which is why nothing else may follow yet.</li>
 *   <li>Once the peer's 10 octets show a versioned peer ({@link PeerVersion.Stage#VERSIONED} or
 *       later): our major version octet, {@code 0x03}. Sent before the peer's own version octet
 *       is known, because the peer may be waiting for ours.</li>
 *   <li>Once the peer's version octet is known:
 *     <ul>
 *       <li>3.x: octets 11 to 63 of our {@link Greeting} (minor, mechanism, as-server, filler);
 *           the peer's 64 octets are then for {@link Greeting#decode}.</li>
 *       <li>2.0 (1 or 2): our socket-type octet ({@link Zmtp2SocketType}) and our identity as a 2.0
 *           frame {@code 0x00 length identity}. To a 2.0 peer our {@code 0x03} is its "revision",
 *           which libzmq 3.x accepts as "2.0 or later".</li>
 *       <li>revision 0: our socket-type octet and our identity as a complete 1.0 frame.</li>
 *     </ul></li>
 *   <li>Unversioned 1.0, decided from the peer's first octet or octet 9: only the identity bytes,
 *       which complete the identity frame the signature started.</li>
 * </ol>
 *
 * <p>Then, for a legacy peer, once {@link PeerVersion#complete()}: skip
 * {@link PeerVersion#greetingSize()} octets (0 or 12), read the peer's identity with
 * {@link LegacyIdentity#readZmtp1}/{@link LegacyIdentity#readZmtp2}, and use
 * {@link Zmtp1FrameDecoder}/{@link Zmtp1FrameEncoder} or {@link Zmtp2FrameDecoder}/{@link Zmtp2FrameEncoder}
 * for every message after it; no mechanism, no commands, no heartbeats.
 *
 * <p>Downgrade protection (spec 23): ZMTP 1.0 and 2.0 have no security, so a legacy peer is
 * refused, with nothing sent beyond what the stage had already sent, when this side's mechanism
 * is not NULL or ZAP is enabled: the rule of libzmq 4.3.
 */
public final class GreetingExchange {

    private enum Sent { NOTHING, SIGNATURE, MAJOR, ALL }

    private final Greeting ours;
    private final SocketType socketType;
    private final byte[] identity;
    private final boolean zapEnabled;
    private Sent sent = Sent.NOTHING;

    /**
     * @param ours the 3.x greeting this side sends to 3.x peers (its major is the octet sent at stage 2)
     * @param socketType this side's socket type, announced to 2.0 and revision-0 peers
     * @param identity this side's routing identity, 0 to 255 bytes (empty: anonymous)
     * @param zapEnabled whether each peer is authenticated through ZAP (a ZAP domain is set), which
     *     a legacy peer cannot take part in
     * @throws IllegalArgumentException for an identity over 255 bytes
     */
    public GreetingExchange(Greeting ours, SocketType socketType, byte[] identity, boolean zapEnabled) {
        this.ours = Objects.requireNonNull(ours, "ours");
        this.socketType = Objects.requireNonNull(socketType, "socketType");
        this.identity = LegacyIdentity.requireValid(identity).clone();
        this.zapEnabled = zapEnabled;
    }

    /**
     * Writes the 10-octet signature; call once, when the connection is up, before {@link #onReceived}.
     *
     * @throws IllegalStateException when called twice
     */
    public void start(ByteBuf out) {
        if (sent != Sent.NOTHING) {
            throw new IllegalStateException("the signature has already been sent");
        }
        writeSignature(out, identity.length);
        sent = Sent.SIGNATURE;
    }

    /**
     * Looks at everything the peer has sent so far (the readable bytes of {@code in}, none
     * consumed) and writes to {@code out} whatever of our greeting has become due; call it after
     * every read until the result is {@link PeerVersion#complete()}.
     *
     * @throws IllegalStateException before {@link #start}
     * @throws ZmtpProtocolException for a 1.0 or 2.0 peer when this side cannot accept one, or a
     *     2.0 peer when this side's socket type has no 2.0 code
     */
    public PeerVersion onReceived(ByteBuf in, ByteBuf out) {
        if (sent == Sent.NOTHING) {
            throw new IllegalStateException("start() first: the signature must go out before anything else");
        }
        PeerVersion peer = ZmtpVersionDetector.detect(in);
        switch (peer.stage()) {
            case NEED_MORE:
                return peer;
            case VERSIONED:
                sendMajorOnce(out);
                return peer;
            case ZMTP_3:
                sendMajorOnce(out);
                if (sent == Sent.MAJOR) {
                    writeZmtp3Rest(out, ours);
                    sent = Sent.ALL;
                }
                return peer;
            default:
                requireLegacyAccepted(peer);
                if (peer.isUnversioned()) {
                    if (sent == Sent.SIGNATURE) {
                        writeZmtp1Rest(out, identity);
                        sent = Sent.ALL;
                    }
                    return peer;
                }
                sendMajorOnce(out);
                if (sent == Sent.MAJOR) {
                    int code = Zmtp2SocketType.code(socketType);
                    if (code < 0) {
                        throw new ZmtpProtocolException("a " + socketType + " socket cannot talk to a "
                                + describe(peer) + " peer: that protocol has no such socket type");
                    }
                    if (peer.stage() == PeerVersion.Stage.ZMTP_2_0) {
                        writeZmtp2Rest(out, code, identity);
                    } else {
                        writeRevision0Rest(out, code, identity);
                    }
                    sent = Sent.ALL;
                }
                return peer;
        }
    }

    private void sendMajorOnce(ByteBuf out) {
        if (sent == Sent.SIGNATURE) {
            out.writeByte(ours.major());
            sent = Sent.MAJOR;
        }
    }

    private void requireLegacyAccepted(PeerVersion peer) {
        if (!"NULL".equals(ours.mechanism())) {
            throw new ZmtpProtocolException("peer speaks " + describe(peer) + ", which has no security mechanism;"
                    + " this socket uses " + ours.mechanism() + ", so it only accepts ZMTP 3.0 or later");
        }
        if (zapEnabled) {
            throw new ZmtpProtocolException("peer speaks " + describe(peer) + ", which cannot be authenticated;"
                    + " this socket asks ZAP about every peer, so it only accepts ZMTP 3.0 or later");
        }
    }

    private static String describe(PeerVersion peer) {
        if (peer.stage() == PeerVersion.Stage.ZMTP_2_0) {
            return "ZMTP 2.0";
        }
        return peer.isUnversioned() ? "ZMTP 1.0" : "ZMTP 1.0 (revision 0)";
    }

    /**
     * Stage 1: {@code 0xFF}, {@code identityLength + 1} as 8 big-endian octets, {@code 0x7F}.
     */
    public static void writeSignature(ByteBuf out, int identityLength) {
        if (identityLength < 0 || identityLength > LegacyIdentity.MAX_LENGTH) {
            throw new IllegalArgumentException("identity length " + identityLength + " is not within 0.." + LegacyIdentity.MAX_LENGTH);
        }
        out.ensureWritable(ZmtpVersionDetector.SIGNATURE_SIZE);
        out.writeByte(0xFF);
        out.writeLong(identityLength + 1L);
        out.writeByte(0x7F);
    }

    /** Stage 3 for a 3.x peer: octets 11 to 63 of {@code ours} (minor, mechanism, as-server, filler). */
    public static void writeZmtp3Rest(ByteBuf out, Greeting ours) {
        byte[] whole = new byte[Greeting.SIZE];
        ByteBuf view = Unpooled.wrappedBuffer(whole);
        try {
            view.writerIndex(0);
            ours.encode(view);
        } finally {
            view.release();
        }
        int from = ZmtpVersionDetector.MINOR_OR_TYPE_OFFSET;
        out.writeBytes(whole, from, Greeting.SIZE - from);
    }

    /** Stage 3 for a 2.0 peer: the socket-type octet, then the identity as a 2.0 frame. */
    public static void writeZmtp2Rest(ByteBuf out, int socketTypeCode, byte[] identity) {
        out.writeByte(socketTypeCode);
        LegacyIdentity.writeZmtp2(out, identity);
    }

    /** Stage 3 for a revision-0 peer: the socket-type octet, then the identity as a complete 1.0 frame. */
    public static void writeRevision0Rest(ByteBuf out, int socketTypeCode, byte[] identity) {
        out.writeByte(socketTypeCode);
        LegacyIdentity.writeZmtp1(out, identity);
    }

    /**
     * The only thing sent to an unversioned 1.0 peer after the signature: the identity bytes, the
     * body of the frame whose header the signature was.
     */
    public static void writeZmtp1Rest(ByteBuf out, byte[] identity) {
        out.writeBytes(LegacyIdentity.requireValid(identity));
    }
}
