package io.monocoque.zmq.security.curve;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Salsa20 input block layout that {@link HSalsa20} and {@link Salsa20Stream} share: the four
 * "expand 32-byte k" constants on the diagonal and the 32-byte key around them. Words 6–9 (nonce
 * and counter, or HSalsa20's 16-byte input) are each user's own.
 */
final class SalsaBlock {

    /** "expand 32-byte k" as four little-endian words: the diagonal constants. */
    private static final int SIGMA0 = 0x61707865;
    private static final int SIGMA1 = 0x3320646e;
    private static final int SIGMA2 = 0x79622d32;
    private static final int SIGMA3 = 0x6b206574;

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private SalsaBlock() {
    }

    /** Writes the constants (words 0, 5, 10, 15) and the key (words 1–4 and 11–14) into {@code s}. */
    static void setKey(int[] s, byte[] key) {
        s[0] = SIGMA0;
        s[1] = le32(key, 0);
        s[2] = le32(key, 4);
        s[3] = le32(key, 8);
        s[4] = le32(key, 12);
        s[5] = SIGMA1;
        s[10] = SIGMA2;
        s[11] = le32(key, 16);
        s[12] = le32(key, 20);
        s[13] = le32(key, 24);
        s[14] = le32(key, 28);
        s[15] = SIGMA3;
    }

    /** The little-endian word at {@code b[off..off+4]}. */
    static int le32(byte[] b, int off) {
        return (int) INT_LE.get(b, off);
    }
}
