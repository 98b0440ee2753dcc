package io.monocoque.zmq.security;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.security.curve.BoxCipher;
import io.monocoque.zmq.security.curve.CryptoBox;
import io.monocoque.zmq.wire.Command;
import io.monocoque.zmq.wire.FrameCodec;
import io.monocoque.zmq.wire.Metadata;
import io.monocoque.zmq.wire.ZmtpFrameDecoder;
import io.monocoque.zmq.wire.UnknownCommand;
import io.monocoque.zmq.wire.ZmtpFrameEncoder;
import io.monocoque.zmq.wire.ZmtpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * What the CURVE client and server (RFC 25/26) share: nonces, the data phase and wiping.
 *
 * <p>After the handshake every frame, message or command, travels as a MESSAGE command inside a
 * plain message frame, exactly as libzmq's {@code curve_mechanism_base} encodes it:
 * {@code "\x07MESSAGE"}, an 8-byte big-endian short nonce, then
 * {@code Box[flags + body](sender' -> receiver')} under the nonce prefix
 * {@code CurveZMQMESSAGEC} (from the client) or {@code CurveZMQMESSAGES} (from the server). The
 * flags octet carries MORE (bit 0) and COMMAND (bit 1). Short nonces start at 1 and increase by
 * one per command sent, handshake commands included; a received nonce must be larger than every
 * earlier one from that peer, or the connection closes.
 *
 * <p>Sealing encrypts a message frame straight from its array into the connection's outgoing
 * batch buffer, and opening decrypts a message frame straight into the array that becomes the
 * frame (or, for frames the receiver puts in pooled memory, and commands, into one reusable
 * buffer), through a per-connection {@link BoxCipher}.
 */
public abstract class CurveMechanism implements Mechanism {

    public static final String NAME = "CURVE";

    static final int KEY = CryptoBox.KEY_BYTES;
    static final int MAC = CryptoBox.MAC_BYTES;
    /** {@code "\x07MESSAGE"}: the MESSAGE command's name with its length octet. */
    static final byte[] MESSAGE_NAME = "\u0007MESSAGE".getBytes(StandardCharsets.US_ASCII);
    /** Name (8), short nonce (8), MAC (16), flags (1). */
    static final int MESSAGE_OVERHEAD = 8 + 8 + MAC + 1;

    static final byte[] HELLO_PREFIX = ascii("CurveZMQHELLO---");
    static final byte[] WELCOME_PREFIX = ascii("WELCOME-");
    static final byte[] COOKIE_PREFIX = ascii("COOKIE--");
    static final byte[] INITIATE_PREFIX = ascii("CurveZMQINITIATE");
    static final byte[] VOUCH_PREFIX = ascii("VOUCH---");
    static final byte[] READY_PREFIX = ascii("CurveZMQREADY---");
    static final byte[] MESSAGE_CLIENT_PREFIX = ascii("CurveZMQMESSAGEC");
    static final byte[] MESSAGE_SERVER_PREFIX = ascii("CurveZMQMESSAGES");

    static final String HELLO = "HELLO";
    static final String WELCOME = "WELCOME";
    static final String INITIATE = "INITIATE";

    /** HELLO: version (2), padding (72), C' (32), short nonce (8), signature box (80) after the name. */
    static final int HELLO_DATA = 2 + 72 + KEY + 8 + 80;
    /** WELCOME: long nonce (16) and box [S' + cookie] (144). */
    static final int WELCOME_DATA = 16 + 144;
    /** A cookie: long nonce (16) and box [C' + s'] (80). */
    static final int COOKIE = 16 + 80;
    /** A vouch: long nonce (16) and box [C' + S] (80). */
    static final int VOUCH = 16 + 80;
    /** INITIATE without metadata: cookie (96), short nonce (8), box [C + vouch] (144). */
    static final int INITIATE_MIN_DATA = COOKIE + 8 + 32 + VOUCH + MAC;
    /** READY: short nonce (8) and a box of at least a MAC. */
    static final int READY_MIN_DATA = 8 + MAC;

    protected final SecureRandom random;
    private final byte[] sendNonce = new byte[CryptoBox.NONCE_BYTES];
    private final byte[] receiveNonce = new byte[CryptoBox.NONCE_BYTES];
    private long nextNonce = 1;
    private long peerNonce;
    private boolean peerNonceSeen;
    private BoxCipher cipher;
    private ByteBuf sealScratch;
    private ByteBuf openScratch;
    private boolean destroyed;

    CurveMechanism(SecureRandom random, byte[] sendPrefix, byte[] receivePrefix) {
        this.random = random;
        System.arraycopy(sendPrefix, 0, sendNonce, 0, 16);
        System.arraycopy(receivePrefix, 0, receiveNonce, 0, 16);
    }

    @Override
    public final String name() {
        return NAME;
    }

    // ---- nonces and key helpers ---------------------------------------------------------------

    /** The next short nonce this side sends (1, 2, ...), for handshake commands and messages alike. */
    final long takeNonce() {
        long n = nextNonce;
        if (n == 0) {
            // 2^64 commands: the spec forbids reuse, so the connection must end instead.
            throw new ZmtpProtocolException("CURVE short nonces exhausted on this connection");
        }
        nextNonce = n + 1;
        return n;
    }

    /** Records a short nonce received from the peer, refusing one that does not increase. */
    final void acceptPeerNonce(long nonce, String what) {
        if (peerNonceSeen && Long.compareUnsigned(nonce, peerNonce) <= 0) {
            throw new ZmtpProtocolException("CURVE " + what + " nonce " + Long.toUnsignedString(nonce)
                    + " does not increase (last was " + Long.toUnsignedString(peerNonce) + "): replayed or reordered");
        }
        peerNonce = nonce;
        peerNonceSeen = true;
    }

    /** Whether a nonce would be accepted, without recording it. */
    final boolean nonceIncreases(long nonce) {
        return !peerNonceSeen || Long.compareUnsigned(nonce, peerNonce) > 0;
    }

    static byte[] nonce(byte[] prefix, byte[] tail, int tailOffset) {
        byte[] n = new byte[CryptoBox.NONCE_BYTES];
        System.arraycopy(prefix, 0, n, 0, prefix.length);
        System.arraycopy(tail, tailOffset, n, prefix.length, CryptoBox.NONCE_BYTES - prefix.length);
        return n;
    }

    static byte[] shortNonce(byte[] prefix, long value) {
        byte[] n = new byte[CryptoBox.NONCE_BYTES];
        System.arraycopy(prefix, 0, n, 0, 16);
        putLong(n, 16, value);
        return n;
    }

    static void putLong(byte[] a, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            a[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    static long getLong(byte[] a, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (a[at + i] & 0xff);
        }
        return v;
    }

    final byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** NaCl's shared key, refusing low-order public keys (a hostile peer's way to a known key). */
    static byte[] sharedKey(byte[] theirPublic, byte[] ourSecret, String what) {
        try {
            return CryptoBox.beforenm(theirPublic, ourSecret);
        } catch (IllegalArgumentException e) {
            throw new ZmtpProtocolException("CURVE " + what + " is not a usable public key (" + e.getMessage() + ")");
        }
    }

    static boolean equal(byte[] a, int aOff, byte[] b, int bOff, int len) {
        return MessageDigest.isEqual(Arrays.copyOfRange(a, aOff, aOff + len), Arrays.copyOfRange(b, bOff, bOff + len));
    }

    static void wipe(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }

    static byte[] metadataBytes(Metadata m) {
        return PlainMechanism.metadataBytes(m);
    }

    static Metadata decodeMetadata(byte[] a, int from, int to, String what) {
        ByteBuf b = Unpooled.wrappedBuffer(a, from, to - from);
        try {
            return Metadata.decode(b);
        } catch (ZmtpProtocolException e) {
            throw new ZmtpProtocolException("malformed CURVE " + what + " metadata: " + e.getMessage());
        } finally {
            b.release();
        }
    }

    /** The data phase starts with this shared key (the caller wipes its copy). */
    final void startTraffic(byte[] precomputed) {
        cipher = new BoxCipher(precomputed);
    }

    /** Ends the handshake with a protocol failure and no ERROR (CurveZMQ closes silently on malformed commands). */
    final void protocolFailure(HandshakeSession session, String reason) {
        wipeHandshake();
        session.fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, 0, reason, null);
    }

    /** Parses a handshake command, or fails the session and returns null. */
    final UnknownCommand parse(HandshakeSession session, ByteBuf body) {
        try {
            return Command.decodeRaw(body);
        } catch (ZmtpProtocolException e) {
            protocolFailure(session, "malformed command in CURVE handshake: " + e.getMessage());
            return null;
        }
    }

    /** Forget the transient handshake secrets (called on success, failure and destroy). */
    abstract void wipeHandshake();

    // ---- data phase ---------------------------------------------------------------------------

    @Override
    public final FrameCodec dataCodec(ZmtpFrameDecoder decoder) {
        return new CurveFrameCodec(this, decoder);
    }

    @Override
    public final int frameOverhead() {
        return MESSAGE_OVERHEAD;
    }

    /** The bytes {@link #wrap} writes for a frame body of {@code length} bytes: the MESSAGE frame, header included. */
    public final int wrappedSize(int length) {
        int body = MESSAGE_OVERHEAD + length;
        return ZmtpFrameEncoder.headerSize(body) + body;
    }

    /**
     * Seals {@code length} bytes of {@code body} from {@code offset} as one MESSAGE frame, straight
     * from {@code body} into {@code out} (no copy of the plaintext first).
     */
    public final void wrap(ByteBuf out, boolean more, byte[] body, int offset, int length) {
        wrapWithFlags(out, more ? WrappedFrame.MORE : 0, body, offset, length);
    }

    /** {@link #wrap(ByteBuf, boolean, byte[], int, int)} with any flags octet (tests seal reserved bits with it). */
    final void wrapWithFlags(ByteBuf out, int flags, byte[] body, int offset, int length) {
        int boxed = MAC + 1 + length;
        int frameBody = 8 + 8 + boxed;
        startMessage(out, frameBody);
        cipher.sealFrame(sendNonce, flags, body, offset, length, out);
    }

    /** Seals {@code command} (SUBSCRIBE, CANCEL, PING, PONG, ...) as one MESSAGE frame. */
    public final void wrap(ByteBuf out, Command command) {
        ByteBuf plain = sealScratch(1 + command.bodySize());
        plain.writeByte(WrappedFrame.COMMAND);
        command.writeBody(plain);
        seal(out, plain);
    }

    private ByteBuf sealScratch(int size) {
        if (sealScratch == null) {
            sealScratch = ByteBufAllocator.DEFAULT.heapBuffer(Math.max(256, size));
        }
        sealScratch.clear();
        sealScratch.ensureWritable(size);
        return sealScratch;
    }

    private void seal(ByteBuf out, ByteBuf plain) {
        int len = plain.readableBytes();
        startMessage(out, 8 + 8 + MAC + len);
        cipher.seal(sendNonce, plain, plain.readerIndex(), len, out);
        shrink();
    }

    /**
     * Takes the next short nonce into {@link #sendNonce} and writes a MESSAGE frame's header, name
     * and short nonce for a frame body of {@code body} bytes; the box follows.
     */
    private void startMessage(ByteBuf out, int body) {
        if (cipher == null) {
            throw new IllegalStateException("CURVE traffic before the handshake completed");
        }
        long n = takeNonce();
        putLong(sendNonce, 16, n);
        out.ensureWritable(ZmtpFrameEncoder.headerSize(body) + body);
        // A plain message frame (no COMMAND flag, no MORE), as libzmq and JeroMQ send MESSAGE.
        ZmtpFrameEncoder.writeFrameHeader(out, false, false, body);
        out.writeBytes(MESSAGE_NAME);
        out.writeLong(n);
    }

    /**
     * The body size of the frame inside a received MESSAGE frame of {@code frameSize} bytes, or
     * a negative number for a frame too short to be one (which {@link #unwrap} refuses).
     */
    public static int openedBodySize(int frameSize) {
        return frameSize - MESSAGE_OVERHEAD;
    }

    /**
     * Opens one received MESSAGE frame, the readable bytes of {@code frame}, straight into
     * {@code body}, which must be exactly {@link #openedBodySize} bytes long: the frame's body is
     * copied there once and decrypted in place, so that the array can become the message frame.
     *
     * @return the frame's flags octet, {@link WrappedFrame#MORE} and/or {@link WrappedFrame#COMMAND}
     * @throws ZmtpProtocolException for a malformed, forged, replayed or reordered frame
     */
    public final int unwrap(ByteBuf frame, byte[] body) {
        long n = checkMessage(frame);
        int len = frame.readableBytes();
        if (body.length != openedBodySize(len)) {
            throw new IllegalArgumentException("a " + len + "-byte MESSAGE opens into " + openedBodySize(len)
                    + " bytes, not " + body.length);
        }
        int flags = cipher.openFrame(receiveNonce, frame, frame.readerIndex() + 16, len - 16, body, 0);
        if (flags < 0) {
            throw forged();
        }
        acceptPeerNonce(n, "MESSAGE");
        return checkFlags(flags);
    }

    /**
     * Opens one received MESSAGE frame whose body is the readable bytes of {@code frame}, into a
     * buffer of this mechanism's.
     *
     * @return a buffer owned by this mechanism, valid until the next call, whose readable bytes
     *     are the frame's flags octet ({@link WrappedFrame#MORE}, {@link WrappedFrame#COMMAND})
     *     followed by its body
     * @throws ZmtpProtocolException for a malformed, forged, replayed or reordered frame
     */
    public final ByteBuf unwrap(ByteBuf frame) {
        long n = checkMessage(frame);
        int len = frame.readableBytes();
        if (openScratch != null && openScratch.capacity() > 256 * 1024 && len < 64 * 1024) {
            wipeAndRelease(openScratch); // the big message that grew it is long delivered
            openScratch = null;
        }
        if (openScratch == null) {
            openScratch = ByteBufAllocator.DEFAULT.heapBuffer(Math.max(256, len));
        }
        openScratch.clear();
        if (!cipher.open(receiveNonce, frame, frame.readerIndex() + 16, len - 16, openScratch)) {
            throw forged();
        }
        acceptPeerNonce(n, "MESSAGE");
        int at = openScratch.readerIndex();
        openScratch.setByte(at, checkFlags(openScratch.getUnsignedByte(at)));
        return openScratch;
    }

    /**
     * Checks that {@code frame} is a MESSAGE command long enough to hold a box, and that its short
     * nonce increases, and puts the nonce in {@link #receiveNonce}; it is recorded only once the
     * box has opened.
     *
     * @return the short nonce
     */
    private long checkMessage(ByteBuf frame) {
        if (cipher == null) {
            throw new IllegalStateException("CURVE traffic before the handshake completed");
        }
        int at = frame.readerIndex();
        int len = frame.readableBytes();
        if (len < MESSAGE_NAME.length || !startsWith(frame, at, MESSAGE_NAME)) {
            throw new ZmtpProtocolException("CURVE peer sent a frame that is not a MESSAGE command after the handshake");
        }
        if (len < MESSAGE_OVERHEAD) {
            throw new ZmtpProtocolException("malformed CURVE MESSAGE: " + len + " bytes, at least " + MESSAGE_OVERHEAD + " needed");
        }
        long n = frame.getLong(at + 8);
        if (!nonceIncreases(n)) {
            acceptPeerNonce(n, "MESSAGE"); // throws, naming the nonces
        }
        putLong(receiveNonce, 16, n);
        return n;
    }

    private static ZmtpProtocolException forged() {
        return new ZmtpProtocolException("CURVE MESSAGE does not decrypt: forged, corrupted or sealed with another key");
    }

    /** A decrypted flags octet with reserved bits 2-7 masked, as libzmq masks them; a command with MORE is refused. */
    private static int checkFlags(int flags) {
        if ((flags & (WrappedFrame.MORE | WrappedFrame.COMMAND)) == (WrappedFrame.MORE | WrappedFrame.COMMAND)) {
            throw new ZmtpProtocolException("CURVE MESSAGE carries a command with the MORE flag");
        }
        return flags & (WrappedFrame.MORE | WrappedFrame.COMMAND);
    }

    private static boolean startsWith(ByteBuf b, int at, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b.getByte(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** After a large message, give the memory back rather than hold it for the connection's life. */
    private void shrink() {
        if (sealScratch != null && sealScratch.capacity() > 256 * 1024) {
            wipeAndRelease(sealScratch);
            sealScratch = null;
        }
    }

    private static void wipeAndRelease(ByteBuf b) {
        b.setZero(0, b.capacity());
        b.release();
    }

    @Override
    public final void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        wipeHandshake();
        if (cipher != null) {
            cipher.destroy();
        }
        if (sealScratch != null) {
            wipeAndRelease(sealScratch);
            sealScratch = null;
        }
        if (openScratch != null) {
            wipeAndRelease(openScratch);
            openScratch = null;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
