package io.monocoque.zmq.security.curve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of our Salsa20 stream, Poly1305 and the secretbox built on them (opened
 * whole, and as CURVE opens a frame: flags octet apart, body in place) against
 * Bouncy Castle's complete engines ({@link XSalsa20Engine}, {@link Salsa20Engine},
 * {@link Poly1305}): every length from 0 to 4096 and random lengths up to 1 MiB, each with a
 * fresh random key, nonce, data and array offsets, fed in one call or in random pieces (so
 * calls start and end inside words, blocks and the MAC's 16-byte blocks).
 *
 * <p>The default run takes a few seconds. {@code -Dmonocoque.curve.fuzz.rounds=N} repeats the
 * random-length part N times with other seeds ({@code -Dmonocoque.curve.fuzz.seed} fixes the
 * first), for a longer run.
 */
class CipherDifferentialTest {

    private static final int EVERY_LENGTH_UP_TO = 4096;
    private static final int MAX_RANDOM_LENGTH = 1 << 20;
    private static final int RANDOM_LENGTHS = 8;

    private static final long SEED = Long.getLong("monocoque.curve.fuzz.seed", 0x5eedc0de16L);
    private static final int ROUNDS = Integer.getInteger("monocoque.curve.fuzz.rounds", 1);

    @Test
    void xsalsa20MatchesBouncyCastleForEveryLengthUpTo4096() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int len = 0; len <= EVERY_LENGTH_UP_TO; len++) {
            checkXSalsa20(random, len);
        }
    }

    @Test
    void poly1305MatchesBouncyCastleForEveryLengthUpTo4096() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int len = 0; len <= EVERY_LENGTH_UP_TO; len++) {
            checkPoly1305(random, len);
        }
    }

    @Test
    void secretboxMatchesBouncyCastleForEveryLengthUpTo4096() {
        SplittableRandom random = new SplittableRandom(SEED + 2);
        for (int len = 0; len <= EVERY_LENGTH_UP_TO; len++) {
            checkSecretbox(random, len);
        }
    }

    @Test
    void allThreeMatchBouncyCastleForRandomLengthsUpTo1MiB() {
        for (int round = 0; round < ROUNDS; round++) {
            SplittableRandom random = new SplittableRandom(SEED + 3 + round);
            for (int i = 0; i < RANDOM_LENGTHS; i++) {
                int len = random.nextInt(MAX_RANDOM_LENGTH + 1);
                checkXSalsa20(random, len);
                checkPoly1305(random, len);
                checkSecretbox(random, len);
            }
        }
    }

    /** The 64-bit block counter, at its word boundary and beyond, against Bouncy Castle's seekTo. */
    @Test
    void salsa20CounterCarriesIntoItsHighWordAsBouncyCastles() {
        SplittableRandom random = new SplittableRandom(SEED + 4);
        long[] starts = {(1L << 32) - 1, (1L << 32) - 2, (1L << 40) - 1, Long.MAX_VALUE >>> 6};
        for (long block : starts) {
            byte[] key = bytes(random, 32);
            byte[] nonce = bytes(random, 8);
            byte[] data = bytes(random, 64 * 3 + 17);
            Salsa20Engine reference = new Salsa20Engine();
            reference.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
            reference.seekTo(block * 64);
            byte[] expected = new byte[data.length];
            reference.processBytes(data, 0, data.length, expected, 0);

            Salsa20Stream ours = new Salsa20Stream();
            ours.rekey(key, nonce);
            ours.seekBlock(block);
            byte[] got = new byte[data.length];
            ours.processBytes(data, 0, data.length, got, 0);
            assertThat(got).as("from block %d", block).isEqualTo(expected);
        }
    }

    private static void checkXSalsa20(SplittableRandom random, int len) {
        byte[] key = bytes(random, 32);
        byte[] nonce = bytes(random, 24);
        int inOff = random.nextInt(16);
        int outOff = random.nextInt(16);
        byte[] in = bytes(random, inOff + len + random.nextInt(16));

        XSalsa20Engine reference = new XSalsa20Engine();
        reference.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] expected = new byte[len];
        reference.processBytes(in, inOff, len, expected, 0);

        byte[] subkey = new byte[32];
        HSalsa20.derive(key, nonce, 0, subkey, new int[16], new int[16]);
        Salsa20Stream ours = new Salsa20Stream();
        ours.rekey(subkey, Arrays.copyOfRange(nonce, 16, 24));
        byte[] out = new byte[outOff + len + 3];
        int pos = 0;
        boolean pieces = random.nextBoolean();
        while (pos < len) {
            int n = pieces ? Math.min(len - pos, 1 + random.nextInt(200)) : len;
            ours.processBytes(in, inOff + pos, n, out, outOff + pos);
            pos += n;
        }
        assertThat(Arrays.copyOfRange(out, outOff, outOff + len)).as("xsalsa20, length %d", len).isEqualTo(expected);
        assertThat(Arrays.copyOfRange(out, outOff + len, out.length)).as("bytes after the range").containsOnly(0);
    }

    private static void checkPoly1305(SplittableRandom random, int len) {
        byte[] key = bytes(random, 32);
        int off = random.nextInt(16);
        byte[] msg = bytes(random, off + len + random.nextInt(16));

        Poly1305 reference = new Poly1305();
        reference.init(new KeyParameter(key));
        reference.update(msg, off, len);
        byte[] expected = new byte[16];
        reference.doFinal(expected, 0);

        Poly1305Mac ours = new Poly1305Mac();
        ours.init(key, 0);
        int pos = 0;
        boolean pieces = random.nextBoolean();
        while (pos < len) {
            int n = pieces ? Math.min(len - pos, random.nextInt(40)) : len;
            ours.update(msg, off + pos, n);
            pos += n;
        }
        byte[] tag = new byte[16 + 5];
        ours.doFinal(tag, 5);
        assertThat(Arrays.copyOfRange(tag, 5, 21)).as("poly1305, length %d", len).isEqualTo(expected);
    }

    /** NaCl's secretbox from Bouncy Castle's engines: keystream bytes 0..31 key the MAC, the rest encrypt. */
    private static void checkSecretbox(SplittableRandom random, int len) {
        byte[] key = bytes(random, 32);
        byte[] nonce = bytes(random, 24);
        byte[] msg = bytes(random, len);

        XSalsa20Engine stream = new XSalsa20Engine();
        stream.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] macKey = new byte[32];
        stream.processBytes(new byte[32], 0, 32, macKey, 0);
        byte[] expected = new byte[16 + len];
        stream.processBytes(msg, 0, len, expected, 16);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(macKey));
        mac.update(expected, 16, len);
        mac.doFinal(expected, 0);

        BoxCipher ours = new BoxCipher(key);
        try {
            int at = random.nextInt(8);
            byte[] box = new byte[at + 16 + len];
            ours.seal(nonce, msg, 0, len, box, at);
            assertThat(Arrays.copyOfRange(box, at, box.length)).as("secretbox, length %d", len).isEqualTo(expected);
            byte[] opened = new byte[len];
            assertThat(ours.open(nonce, expected, 0, expected.length, opened, 0)).isTrue();
            assertThat(opened).isEqualTo(msg);
            if (len > 0) {
                // CURVE's frame path reads the same box as a flags octet and a body opened in place.
                byte[] body = new byte[len - 1];
                io.netty.buffer.ByteBuf wire = io.netty.buffer.Unpooled.wrappedBuffer(expected);
                assertThat(ours.openFrame(nonce, wire, 0, expected.length, body, 0)).as("frame flags, length %d", len).isEqualTo(msg[0] & 0xFF);
                assertThat(body).as("frame body, length %d", len).isEqualTo(Arrays.copyOfRange(msg, 1, len));
                expected[16 + random.nextInt(len)] ^= (byte) (1 << random.nextInt(8));
                assertThat(ours.open(nonce, expected, 0, expected.length, opened, 0)).as("forged, length %d", len).isFalse();
                assertThat(ours.openFrame(nonce, wire, 0, expected.length, body, 0)).as("forged frame, length %d", len).isEqualTo(-1);
            }
        } finally {
            ours.destroy();
        }
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
