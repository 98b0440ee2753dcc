package io.monocoque.zmq.security.curve;

import java.util.Arrays;
import org.bouncycastle.crypto.engines.Salsa20Engine;

/**
 * HSalsa20 (the key-derivation half of XSalsa20, and NaCl's {@code crypto_core_hsalsa20}) on
 * top of Bouncy Castle's Salsa20 core: 32-byte key and 16-byte input to a 32-byte subkey.
 *
 * <p>{@link Salsa20Engine#salsaCore} returns the rounds' output plus the input state (Salsa20's
 * feed-forward). HSalsa20 wants words 0, 5, 10, 15, 6, 7, 8, 9 of the state <em>before</em>
 * that addition, so the input words are subtracted back out, exactly as Bouncy Castle's own
 * XSalsa20Engine derives its subkey.
 */
final class HSalsa20 {

    /** "expand 32-byte k" as four little-endian words: the diagonal constants. */
    private static final int SIGMA0 = 0x61707865;
    private static final int SIGMA1 = 0x3320646e;
    private static final int SIGMA2 = 0x79622d32;
    private static final int SIGMA3 = 0x6b206574;

    /** The state words HSalsa20 outputs, in output order. */
    private static final int[] OUTPUT_WORDS = {0, 5, 10, 15, 6, 7, 8, 9};

    private HSalsa20() {
    }

    /**
     * Writes HSalsa20(key, input[inputOff..inputOff+16]) into {@code out[0..32]}. {@code state}
     * and {@code x} are 16-word scratch arrays (passed in so the message path allocates
     * nothing); both are wiped before returning, as they held key material.
     */
    static void derive(byte[] key, byte[] input, int inputOff, byte[] out, int[] state, int[] x) {
        state[0] = SIGMA0;
        state[1] = le32(key, 0);
        state[2] = le32(key, 4);
        state[3] = le32(key, 8);
        state[4] = le32(key, 12);
        state[5] = SIGMA1;
        state[6] = le32(input, inputOff);
        state[7] = le32(input, inputOff + 4);
        state[8] = le32(input, inputOff + 8);
        state[9] = le32(input, inputOff + 12);
        state[10] = SIGMA2;
        state[11] = le32(key, 16);
        state[12] = le32(key, 20);
        state[13] = le32(key, 24);
        state[14] = le32(key, 28);
        state[15] = SIGMA3;
        Salsa20Engine.salsaCore(20, state, x);
        for (int i = 0; i < OUTPUT_WORDS.length; i++) {
            int w = OUTPUT_WORDS[i];
            putLe32(x[w] - state[w], out, i * 4);
        }
        Arrays.fill(state, 0);
        Arrays.fill(x, 0);
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    private static void putLe32(int v, byte[] b, int off) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
