package io.monocoque.zmq;

import io.monocoque.zmq.security.curve.CryptoBox;
import io.monocoque.zmq.keys.CurveCertificate;
import io.monocoque.zmq.keys.Z85;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A CURVE key pair (Curve25519), the long-term identity of a CURVE server or client, as raw
 * 32-byte keys or as the 40-character Z85 text libzmq uses ({@code zmq_curve_keypair}).
 * {@link #toString()} shows the public key only.
 */
public final class CurveKeyPair {

    private static final int Z85_KEY_CHARS = 40;
    /** One generator for the process: SecureRandom is thread-safe and seeding it is slow. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] publicKey;
    private final byte[] secretKey;

    private CurveKeyPair(byte[] publicKey, byte[] secretKey) {
        this.publicKey = publicKey;
        this.secretKey = secretKey;
    }

    /** A fresh key pair: a random secret key and its public key, like {@code zmq_curve_keypair}. */
    public static CurveKeyPair generate() {
        byte[] secret = new byte[CryptoBox.KEY_BYTES];
        RANDOM.nextBytes(secret);
        return new CurveKeyPair(CryptoBox.publicKey(secret), secret);
    }

    /**
     * The pair of a 32-byte secret key (copied), its public key derived like
     * {@code zmq_curve_public}.
     *
     * @throws ZmqException EINVAL when the key is not 32 bytes
     */
    public static CurveKeyPair fromSecretKey(byte[] secret32) {
        if (secret32 == null || secret32.length != CryptoBox.KEY_BYTES) {
            throw new ZmqException(ZmqError.EINVAL, "a CURVE secret key is 32 bytes, got "
                    + (secret32 == null ? "null" : secret32.length + " bytes"));
        }
        byte[] secret = secret32.clone();
        return new CurveKeyPair(CryptoBox.publicKey(secret), secret);
    }

    /**
     * The pair of a Z85 secret key (40 characters).
     *
     * @throws ZmqException EINVAL when the text is not a Z85 key
     */
    public static CurveKeyPair fromSecretKey(String secretZ85) {
        byte[] secret = decodeKey(secretZ85);
        return new CurveKeyPair(CryptoBox.publicKey(secret), secret);
    }

    /**
     * A pair from its two Z85 keys, checking that the public key belongs to the secret one.
     *
     * @throws ZmqException EINVAL when either key is malformed or they do not belong together
     *     (the message never contains the secret key)
     */
    public static CurveKeyPair of(String publicZ85, String secretZ85) {
        byte[] publicKey = decodeKey(publicZ85);
        byte[] secret = decodeKey(secretZ85);
        if (!Arrays.equals(CryptoBox.publicKey(secret), publicKey)) {
            Arrays.fill(secret, (byte) 0);
            throw new ZmqException(ZmqError.EINVAL, "the CURVE public key " + publicZ85
                    + " does not belong to the given secret key");
        }
        return new CurveKeyPair(publicKey, secret);
    }

    /**
     * Decodes a 40-character Z85 CURVE key to its 32 bytes. The error message says what is
     * wrong (missing, length, a character outside the Z85 alphabet and where) without echoing
     * the text, which may be a secret key.
     *
     * @throws ZmqException EINVAL when the text is null or not a Z85 key
     */
    public static byte[] decodeKey(String z85OrNull) {
        if (z85OrNull == null) {
            throw new ZmqException(ZmqError.EINVAL, "a CURVE key is required, got null");
        }
        if (z85OrNull.length() != Z85_KEY_CHARS) {
            throw new ZmqException(ZmqError.EINVAL, "a CURVE key is " + Z85_KEY_CHARS
                    + " Z85 characters, got " + z85OrNull.length()
                    + (z85OrNull.length() == 2 * CryptoBox.KEY_BYTES ? " (hex keys are not accepted; use Z85)" : ""));
        }
        try {
            return Z85.decodeRedacted(z85OrNull);
        } catch (IllegalArgumentException e) {
            throw new ZmqException(ZmqError.EINVAL, "a CURVE key is not valid Z85: " + e.getMessage(), e);
        }
    }

    /**
     * The pair in a czmq secret certificate ({@code .key_secret} file, as written by
     * {@code zcert_save} or {@link CurveCertificate#save}).
     *
     * @throws ZmqException EINVAL when the file cannot be read, is not a certificate, or has no
     *     secret key
     */
    public static CurveKeyPair load(Path certificateFile) {
        Objects.requireNonNull(certificateFile, "certificateFile");
        CurveCertificate cert;
        try {
            cert = CurveCertificate.load(certificateFile);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ZmqException(ZmqError.EINVAL, e.getMessage(), e);
        }
        byte[] secret = cert.secretKey();
        if (secret == null) {
            throw new ZmqException(ZmqError.EINVAL, certificateFile
                    + ": has no secret-key; it is a public certificate (load the .key_secret file)");
        }
        return new CurveKeyPair(cert.publicKey(), secret);
    }

    /** The 32-byte public key (a copy). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The 32-byte secret key (a copy). */
    public byte[] secretKey() {
        return secretKey.clone();
    }

    /** The public key as 40 Z85 characters. */
    public String publicKeyZ85() {
        return Z85.encode(publicKey);
    }

    /** The secret key as 40 Z85 characters. */
    public String secretKeyZ85() {
        return Z85.encode(secretKey);
    }

    /** Equal when the secret keys are equal (the public keys then are too). */
    @Override
    public boolean equals(Object o) {
        // MessageDigest.isEqual runs in constant time: no early exit on the first differing byte.
        return o instanceof CurveKeyPair other && MessageDigest.isEqual(secretKey, other.secretKey);
    }

    @Override
    public int hashCode() {
        // Hash the public key only: a hash of the secret would be a (weak) fingerprint of it.
        return Arrays.hashCode(publicKey);
    }

    /** Shows the public key only. */
    @Override
    public String toString() {
        return "CurveKeyPair[public=" + publicKeyZ85() + "]";
    }
}
