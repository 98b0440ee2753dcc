package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The 64-byte ZMTP 3.x greeting (signature, version, security mechanism and as-server flag) that
 * each peer sends first on a connection.
 *
 * <p>Decoding is sans-I/O: {@link #decode(ByteBuf)} inspects the bytes received so far and only
 * consumes them once the whole greeting is there, failing as soon as the available prefix proves
 * the peer cannot be talked to.
 */
public final class Greeting {

    /** The size of a complete greeting in bytes. */
    public static final int SIZE = 64;

    /** The longest mechanism name the greeting can carry. */
    public static final int MAX_MECHANISM_LENGTH = 20;

    /** Our own protocol version: ZMTP 3.1. */
    public static final int OUR_MAJOR = 3;
    /** Our own protocol version: ZMTP 3.1. */
    public static final int OUR_MINOR = 1;

    private static final int SIGNATURE_END = 9;
    private static final int MAJOR_OFFSET = 10;
    private static final int MINOR_OFFSET = 11;
    private static final int MECHANISM_OFFSET = 12;
    private static final int AS_SERVER_OFFSET = 32;
    private static final int FILLER_LENGTH = 31;

    private final int major;
    private final int minor;
    private final String mechanism;
    private final boolean asServer;

    /**
     * @param mechanism 1 to 20 characters from {@code A-Z 0-9 - _ . +}
     * @throws IllegalArgumentException for a version outside 0..255 or an invalid mechanism name
     */
    public Greeting(int major, int minor, String mechanism, boolean asServer) {
        if (major < 0 || major > 255 || minor < 0 || minor > 255) {
            throw new IllegalArgumentException("version " + major + "." + minor + " does not fit the greeting's two octets");
        }
        Objects.requireNonNull(mechanism, "mechanism");
        if (mechanism.isEmpty() || mechanism.length() > MAX_MECHANISM_LENGTH) {
            throw new IllegalArgumentException("mechanism name '" + mechanism + "' must be 1 to 20 characters");
        }
        for (int i = 0; i < mechanism.length(); i++) {
            if (!isMechanismChar(mechanism.charAt(i))) {
                throw new IllegalArgumentException("mechanism name '" + mechanism + "' has invalid character '"
                        + mechanism.charAt(i) + "'; allowed are A-Z, 0-9, '-', '_', '.', '+'");
            }
        }
        this.major = major;
        this.minor = minor;
        this.mechanism = mechanism;
        this.asServer = asServer;
    }

    /** The greeting this implementation sends: ZMTP 3.1 with the given mechanism. */
    public static Greeting ours(String mechanism, boolean asServer) {
        return new Greeting(OUR_MAJOR, OUR_MINOR, mechanism, asServer);
    }

    public int major() {
        return major;
    }

    public int minor() {
        return minor;
    }

    /** The security mechanism name without its NUL padding, e.g. {@code "NULL"}. */
    public String mechanism() {
        return mechanism;
    }

    public boolean asServer() {
        return asServer;
    }

    /** Writes the full 64-byte greeting. */
    public void encode(ByteBuf out) {
        out.ensureWritable(SIZE);
        out.writeByte(0xFF);
        // The padding carries no meaning in 3.x; the spec asks for zeros when not doing 1.0 detection.
        out.writeZero(8);
        out.writeByte(0x7F);
        out.writeByte(major);
        out.writeByte(minor);
        out.writeCharSequence(mechanism, StandardCharsets.US_ASCII);
        out.writeZero(MAX_MECHANISM_LENGTH - mechanism.length());
        out.writeByte(asServer ? 1 : 0);
        out.writeZero(FILLER_LENGTH);
    }

    /**
     * Decodes a peer greeting from the readable bytes of {@code in}.
     *
     * @return {@code null} (nothing consumed) while fewer than 64 bytes are available, otherwise the
     *     greeting, having consumed exactly 64 bytes
     * @throws ZmtpProtocolException as soon as the available bytes show that this is not a ZMTP 3.x
     *     greeting (a 1.0 or 2.0 peer, or a revision below 3) or carries an invalid mechanism name;
     *     nothing is consumed. A session never gets here with an older peer: it tells them apart
     *     first ({@link ZmtpVersionDetector}) and speaks their framing.
     */
    public static Greeting decode(ByteBuf in) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        if (available == 0) {
            return null;
        }
        // ZMTP 1.0 peers start with a frame length: either a short one (first byte != 0xFF) or a
        // long one whose final byte is a flags octet with the MORE bit clear.
        if (in.getUnsignedByte(start) != 0xFF) {
            throw new ZmtpProtocolException(String.format(
                    "not a ZMTP 3.x greeting: the first byte is 0x%02X, not 0xFF (a ZMTP 1.0 frame length)",
                    in.getUnsignedByte(start)));
        }
        if (available <= SIGNATURE_END) {
            return null;
        }
        if ((in.getUnsignedByte(start + SIGNATURE_END) & 0x01) == 0) {
            throw new ZmtpProtocolException(String.format(
                    "not a ZMTP 3.x greeting: signature byte 9 is 0x%02X, low bit clear (a ZMTP 1.0 frame header)",
                    in.getUnsignedByte(start + SIGNATURE_END)));
        }
        if (available <= MAJOR_OFFSET) {
            return null;
        }
        int major = in.getUnsignedByte(start + MAJOR_OFFSET);
        if (major < 3) {
            throw new ZmtpProtocolException("not a ZMTP 3.x greeting: revision " + major
                    + (major == 0 ? " (a versioned ZMTP 1.0 peer)" : " (a ZMTP 2.0 peer)"));
        }
        // Validate mechanism octets as they arrive so garbage is refused before the full 64 bytes.
        int mechanismEnd = Math.min(available, MECHANISM_OFFSET + MAX_MECHANISM_LENGTH);
        boolean padding = false;
        int mechanismLength = 0;
        for (int i = MECHANISM_OFFSET; i < mechanismEnd; i++) {
            int c = in.getUnsignedByte(start + i);
            if (c == 0) {
                if (i == MECHANISM_OFFSET) {
                    throw new ZmtpProtocolException("peer greeting has an empty security mechanism name");
                }
                padding = true;
            } else if (padding) {
                throw new ZmtpProtocolException(String.format(
                        "peer greeting's mechanism name has byte 0x%02X after its NUL padding", c));
            } else if (!isMechanismChar((char) c)) {
                throw new ZmtpProtocolException(String.format(
                        "peer greeting's mechanism name has invalid byte 0x%02X at position %d; allowed are A-Z, 0-9, '-', '_', '.', '+'",
                        c, i - MECHANISM_OFFSET));
            } else {
                mechanismLength++;
            }
        }
        if (available < SIZE) {
            return null;
        }
        int minor = in.getUnsignedByte(start + MINOR_OFFSET);
        String mechanism = in.toString(start + MECHANISM_OFFSET, mechanismLength, StandardCharsets.US_ASCII);
        // The spec only defines 0x00/0x01; any non-zero value is read as "server" rather than
        // refused, as libzmq does.
        boolean asServer = in.getUnsignedByte(start + AS_SERVER_OFFSET) != 0;
        in.skipBytes(SIZE);
        return new Greeting(major, minor, mechanism, asServer);
    }

    /**
     * The ZMTP 3.x minor version to use with this peer: a peer at a higher major version is talked
     * to as 3.1 (the spec requires accepting higher versions), otherwise the lower of its minor
     * version and ours, so 3.0 peers such as JeroMQ get 3.0 behaviour.
     */
    public static int negotiatedMinor(Greeting peer) {
        if (peer.major > OUR_MAJOR) {
            return OUR_MINOR;
        }
        return Math.min(peer.minor, OUR_MINOR);
    }

    private static boolean isMechanismChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '+';
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Greeting)) {
            return false;
        }
        Greeting g = (Greeting) o;
        return major == g.major && minor == g.minor && asServer == g.asServer && mechanism.equals(g.mechanism);
    }

    @Override
    public int hashCode() {
        return Objects.hash(major, minor, mechanism, asServer);
    }

    @Override
    public String toString() {
        return "Greeting[ZMTP " + major + "." + minor + ", " + mechanism + (asServer ? ", as-server]" : "]");
    }
}
