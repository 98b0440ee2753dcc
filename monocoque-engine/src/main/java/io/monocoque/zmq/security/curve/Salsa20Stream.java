package io.monocoque.zmq.security.curve;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.Salsa20Engine;

/**
 * The Salsa20/20 keystream (32-byte key, 8-byte nonce, 64-bit block counter from 0) XORed into
 * data four bytes at a time. Each 64-byte block is Bouncy Castle's {@link Salsa20Engine#salsaCore}
 * applied to the standard input block; only the block layout, the counter and the XOR are done
 * here, as in {@link HSalsa20}. Bouncy Castle's own engine XORs one byte per call through its
 * keystream buffer, which costs as much as the core itself on the short messages CURVE carries.
 *
 * <p>Not thread-safe: one instance belongs to one {@link BoxCipher}. Re-keying is in place, so the
 * per-message path allocates nothing.
 */
final class Salsa20Stream {

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int BLOCK = 64;

    /** The input block: constants, key, nonce and counter (words 8 and 9). */
    private final int[] input = new int[16];
    /** The current keystream block. */
    private final int[] keystream = new int[16];
    /** How many bytes of the current keystream block are used up (64: none left). */
    private int used = BLOCK;

    /** Sets a 32-byte key and an 8-byte nonce and rewinds the keystream to block 0. */
    void rekey(byte[] key, byte[] nonce) {
        int[] s = input;
        SalsaBlock.setKey(s, key);
        s[6] = SalsaBlock.le32(nonce, 0);
        s[7] = SalsaBlock.le32(nonce, 4);
        s[8] = 0;
        s[9] = 0;
        used = BLOCK;
    }

    /**
     * XORs the next {@code len} keystream bytes with {@code in[inOff..]} into {@code out[outOff..]}
     * ({@code in} and {@code out} may be the same range).
     */
    void processBytes(byte[] in, int inOff, int len, byte[] out, int outOff) {
        if ((inOff | len | outOff) < 0 || inOff > in.length - len || outOff > out.length - len) {
            throw new IndexOutOfBoundsException("range outside the arrays");
        }
        int[] k = keystream;
        while (len > 0) {
            if (used == BLOCK) {
                nextBlock();
            }
            int u = used;
            if ((u & 3) == 0 && len >= 4) {
                // Whole words: as many as both the block and the data have left.
                int w = u >> 2;
                int words = Math.min(len >> 2, 16 - w);
                for (int i = 0; i < words; i++) {
                    int at = i << 2;
                    INT_LE.set(out, outOff + at, (int) INT_LE.get(in, inOff + at) ^ k[w + i]);
                }
                int n = words << 2;
                used = u + n;
                inOff += n;
                outOff += n;
                len -= n;
            } else {
                out[outOff++] = (byte) (in[inOff++] ^ (k[u >> 2] >>> ((u & 3) << 3)));
                used = u + 1;
                len--;
            }
        }
    }

    /** Replaces the key state and the keystream with zeros, so no key material stays here. */
    void wipe() {
        Arrays.fill(input, 0);
        Arrays.fill(keystream, 0);
        used = BLOCK;
    }

    private void nextBlock() {
        Salsa20Engine.salsaCore(20, input, keystream);
        // The 64-bit block counter, words 8 (low) and 9 (high).
        if (++input[8] == 0) {
            ++input[9];
        }
        used = 0;
    }
}
