package io.monocoque.zmq.security.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

class Salsa20StreamTest {

    /** Bouncy Castle's engine, the reference: the same key, nonce and data give the same bytes. */
    private static byte[] reference(byte[] key, byte[] nonce, byte[] data) {
        Salsa20Engine e = new Salsa20Engine();
        e.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] out = new byte[data.length];
        e.processBytes(data, 0, data.length, out, 0);
        return out;
    }

    @Test
    void keystreamMatchesBouncyCastleForEveryLengthAndSplit() {
        Random r = new Random(42);
        Salsa20Stream s = new Salsa20Stream();
        for (int len = 0; len < 300; len++) {
            byte[] key = new byte[32];
            byte[] nonce = new byte[8];
            byte[] data = new byte[len];
            r.nextBytes(key);
            r.nextBytes(nonce);
            r.nextBytes(data);
            byte[] expected = reference(key, nonce, data);

            // In pieces of changing sizes, so calls start and end mid-word and mid-block.
            s.rekey(key, nonce);
            byte[] out = new byte[len + 7];
            int pos = 0;
            int piece = 1 + len % 5;
            while (pos < len) {
                int n = Math.min(piece, len - pos);
                s.processBytes(data, pos, n, out, pos + 7);
                pos += n;
                piece = piece * 3 % 71 + 1;
            }
            byte[] got = new byte[len];
            System.arraycopy(out, 7, got, 0, len);
            assertThat(got).as("length %d", len).isEqualTo(expected);

            // In place, in one call.
            s.rekey(key, nonce);
            byte[] inPlace = data.clone();
            s.processBytes(inPlace, 0, len, inPlace, 0);
            assertThat(inPlace).isEqualTo(expected);
        }
    }

    @Test
    void blockCounterCarriesIntoItsHighWord() {
        // 2^32 blocks are out of reach; what matters is that a long stream keeps matching.
        Random r = new Random(7);
        byte[] key = new byte[32];
        byte[] nonce = new byte[8];
        r.nextBytes(key);
        r.nextBytes(nonce);
        byte[] data = new byte[64 * 1024 + 13];
        r.nextBytes(data);
        Salsa20Stream s = new Salsa20Stream();
        s.rekey(key, nonce);
        byte[] out = new byte[data.length];
        s.processBytes(data, 0, data.length, out, 0);
        assertThat(out).isEqualTo(reference(key, nonce, data));
    }

    @Test
    void refusesRangesOutsideTheArrays() {
        Salsa20Stream s = new Salsa20Stream();
        s.rekey(new byte[32], new byte[8]);
        assertThatThrownBy(() -> s.processBytes(new byte[4], 1, 4, new byte[8], 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> s.processBytes(new byte[8], 0, 4, new byte[3], 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
