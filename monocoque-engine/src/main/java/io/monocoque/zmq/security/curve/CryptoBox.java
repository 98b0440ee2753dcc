package io.monocoque.zmq.security.curve;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * NaCl {@code crypto_box} / {@code crypto_secretbox} (Curve25519-XSalsa20-Poly1305), the
 * cryptography of CurveZMQ (RFC 26): Bouncy Castle's X25519 and Salsa20 core (for HSalsa20), and
 * our own Salsa20 stream ({@code Salsa20Stream}) and Poly1305 ({@code Poly1305Mac}), which are
 * checked against NaCl's vectors and Bouncy Castle's engines.
 *
 * <p>{@code crypto_box(m, n, pk, sk)} is {@code seal(beforenm(pk, sk), n, m)}: CurveZMQ code
 * computes the shared key once with {@link #beforenm} and then seals and opens with it. Boxes
 * are in libsodium's "easy" layout, {@code MAC(16) || ciphertext}, which is exactly what goes on
 * the wire in CURVE commands. For the per-message path keep a {@link BoxCipher} per connection;
 * these static methods build one per call, which suits the handshake.
 */
public final class CryptoBox {

    /** Bytes in a public key, a secret key and a shared (beforenm) key. */
    public static final int KEY_BYTES = 32;
    /** Bytes in a nonce. */
    public static final int NONCE_BYTES = 24;
    /** Bytes the Poly1305 MAC adds in front of the ciphertext. */
    public static final int MAC_BYTES = 16;

    /** HSalsa20's input when deriving the box key: NaCl's 16 zero bytes. */
    private static final byte[] ZERO_INPUT = new byte[16];

    private CryptoBox() {
    }

    /** The public key of {@code secretKey} (X25519 base-point multiplication; the scalar is clamped as in NaCl). */
    public static byte[] publicKey(byte[] secretKey) {
        checkKey(secretKey, "secret key");
        byte[] publicKey = new byte[KEY_BYTES];
        X25519.scalarMultBase(secretKey, 0, publicKey, 0);
        return publicKey;
    }

    /**
     * NaCl's {@code crypto_box_beforenm}: HSalsa20 of the X25519 shared secret with 16 zero bytes.
     *
     * @throws IllegalArgumentException when {@code theirPublicKey} is a low-order point (the
     *     shared secret is all zeros, so the box key would be known to anyone)
     */
    public static byte[] beforenm(byte[] theirPublicKey, byte[] ourSecretKey) {
        checkKey(theirPublicKey, "public key");
        checkKey(ourSecretKey, "secret key");
        byte[] shared = new byte[KEY_BYTES];
        try {
            if (!X25519.calculateAgreement(ourSecretKey, 0, theirPublicKey, 0, shared, 0)) {
                throw new IllegalArgumentException(
                        "the public key is a low-order point: the X25519 shared secret is all zeros");
            }
            byte[] key = new byte[KEY_BYTES];
            HSalsa20.derive(shared, ZERO_INPUT, 0, key, new int[16], new int[16]);
            return key;
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    /** {@code crypto_secretbox}: returns {@code MAC(16) || ciphertext(len)} of {@code plaintext[off..off+len]}. */
    public static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, int off, int len) {
        Objects.checkFromIndexSize(off, len, plaintext.length);
        BoxCipher cipher = new BoxCipher(key);
        try {
            byte[] box = new byte[MAC_BYTES + len];
            cipher.seal(nonce, plaintext, off, len, box, 0);
            return box;
        } finally {
            cipher.destroy();
        }
    }

    /**
     * Seals {@code len} bytes of {@code plaintext} from {@code plaintextIndex} (its indices are
     * not moved) and writes {@code MAC || ciphertext} at {@code out}'s writer index, advancing it.
     */
    public static void seal(byte[] key, byte[] nonce, ByteBuf plaintext, int plaintextIndex, int len, ByteBuf out) {
        BoxCipher cipher = new BoxCipher(key);
        try {
            cipher.seal(nonce, plaintext, plaintextIndex, len, out);
        } finally {
            cipher.destroy();
        }
    }

    /**
     * {@code crypto_secretbox_open} of {@code box[off..off+len]} ({@code MAC || ciphertext}).
     *
     * @return the plaintext, or null when the box is shorter than a MAC or the MAC does not
     *     verify (compared in constant time)
     */
    public static byte[] open(byte[] key, byte[] nonce, byte[] box, int off, int len) {
        Objects.checkFromIndexSize(off, len, box.length);
        BoxCipher cipher = new BoxCipher(key);
        try {
            if (len < MAC_BYTES) {
                return null;
            }
            byte[] plaintext = new byte[len - MAC_BYTES];
            return cipher.open(nonce, box, off, len, plaintext, 0) ? plaintext : null;
        } finally {
            cipher.destroy();
        }
    }

    /**
     * Verifies and decrypts the {@code len}-byte box ({@code MAC || ciphertext}) at
     * {@code boxIndex} (indices not moved), writing the plaintext at {@code out}'s writer index.
     *
     * @return false, writing nothing, when the box is shorter than a MAC or does not verify
     */
    public static boolean open(byte[] key, byte[] nonce, ByteBuf box, int boxIndex, int len, ByteBuf out) {
        BoxCipher cipher = new BoxCipher(key);
        try {
            return cipher.open(nonce, box, boxIndex, len, out);
        } finally {
            cipher.destroy();
        }
    }

    private static void checkKey(byte[] key, String what) {
        Objects.requireNonNull(key, what);
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a " + what + " is " + KEY_BYTES + " bytes, got " + key.length);
        }
    }
}
