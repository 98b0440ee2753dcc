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
        SalsaBlock.setKey(state, key);
        state[6] = SalsaBlock.le32(input, inputOff);
        state[7] = SalsaBlock.le32(input, inputOff + 4);
        state[8] = SalsaBlock.le32(input, inputOff + 8);
        state[9] = SalsaBlock.le32(input, inputOff + 12);
        Salsa20Engine.salsaCore(20, state, x);
        for (int i = 0; i < OUTPUT_WORDS.length; i++) {
            int w = OUTPUT_WORDS[i];
            putLe32(x[w] - state[w], out, i * 4);
        }
        Arrays.fill(state, 0);
        Arrays.fill(x, 0);
    }

    private static void putLe32(int v, byte[] b, int off) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
