package io.monocoque.zmq.security.curve;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The Salsa20/20 keystream (32-byte key, 8-byte nonce, 64-bit block counter from 0, as in
 * Bernstein's specification and NaCl's {@code crypto_stream_salsa20}) XORed into data.
 *
 * <p>Our own implementation of the Salsa20 core, checked against Bouncy Castle's
 * {@code Salsa20Engine} and {@code XSalsa20Engine} for every length up to 4096 and random lengths
 * up to 1 MB, and against NaCl's published vectors (see the tests {@code Salsa20StreamTest},
 * {@code NaclVectorsTest} and {@code CipherDifferentialTest}). It is faster than calling
 * {@code Salsa20Engine.salsaCore} per block because the sixteen state words stay in locals
 * (registers or the stack frame, no {@code int[]} state or keystream arrays are written and read
 * back), and each 64-byte block is XORed straight into the output as eight little-endian longs.
 *
 * <p><b>Constant time.</b> Salsa20 is add-rotate-XOR on 32-bit words: the rounds contain no
 * branch and no array index at all, and the round loop runs exactly ten times. Every other loop
 * here counts bytes or blocks of the data, whose length is public (it is on the wire); no loop
 * bound, branch or index depends on the key, the nonce, the keystream or the data's bytes.
 *
 * <p>Not thread-safe: one instance belongs to one {@link BoxCipher}. Re-keying is in place, so the
 * per-message path allocates nothing.
 */
final class Salsa20Stream {

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int BLOCK = 64;
    private static final byte[] ZERO_BLOCK = new byte[BLOCK];

    /**
     * The input block: constants, key, nonce and counter (words 8 and 9, the 64-bit block counter,
     * low word first), the layout of {@link SalsaBlock}.
     */
    private final int[] input = new int[16];
    /** The current keystream block, for a call that ends inside a block. */
    private final byte[] keystream = new byte[BLOCK];
    /** How many bytes of {@link #keystream} are used up (64: none left). */
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
     * Moves the keystream to the start of block {@code block} (NaCl's {@code xor_ic} initial
     * counter); for tests of the counter's carry into its high word, which 2^32 blocks of data
     * would take too long to reach.
     */
    void seekBlock(long block) {
        input[8] = (int) block;
        input[9] = (int) (block >>> 32);
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
        int u = used;
        if (u < BLOCK && len > 0) {
            int n = Math.min(len, BLOCK - u);
            xor(in, inOff, keystream, u, out, outOff, n);
            used = u + n;
            inOff += n;
            outOff += n;
            len -= n;
        }
        int blocks = len >>> 6;
        if (blocks > 0) {
            xorBlocks(in, inOff, out, outOff, blocks);
            int n = blocks << 6;
            inOff += n;
            outOff += n;
            len -= n;
        }
        if (len > 0) {
            xorBlocks(ZERO_BLOCK, 0, keystream, 0, 1);
            xor(in, inOff, keystream, 0, out, outOff, len);
            used = len;
        }
    }

    /** Replaces the key state and the keystream with zeros, so no key material stays here. */
    void wipe() {
        Arrays.fill(input, 0);
        Arrays.fill(keystream, (byte) 0);
        used = BLOCK;
    }

    /** Zeroes the rest of the current keystream block, which the next call would otherwise use. */
    void dropKeystream() {
        Arrays.fill(keystream, (byte) 0);
        used = BLOCK;
    }

    /**
     * {@code out[o..o+n] = in[i..i+n] ^ ks[k..k+n]}, eight bytes at a time, then byte by byte; the
     * loops count bytes of a public length.
     */
    private static void xor(byte[] in, int i, byte[] ks, int k, byte[] out, int o, int n) {
        int at = 0;
        for (; at <= n - 8; at += 8) {
            LONG_LE.set(out, o + at, (long) LONG_LE.get(in, i + at) ^ (long) LONG_LE.get(ks, k + at));
        }
        for (; at < n; at++) {
            out[o + at] = (byte) (in[i + at] ^ ks[k + at]);
        }
    }

    /**
     * XORs {@code blocks} whole keystream blocks with {@code in[inOff..]} into {@code out[outOff..]}
     * and advances the block counter by as many. The caller has checked the ranges.
     */
    private void xorBlocks(byte[] in, int inOff, byte[] out, int outOff, int blocks) {
        final int[] s = input;
        final int j0 = s[0];
        final int j1 = s[1];
        final int j2 = s[2];
        final int j3 = s[3];
        final int j4 = s[4];
        final int j5 = s[5];
        final int j6 = s[6];
        final int j7 = s[7];
        final int j10 = s[10];
        final int j11 = s[11];
        final int j12 = s[12];
        final int j13 = s[13];
        final int j14 = s[14];
        final int j15 = s[15];
        long counter = (s[8] & 0xffffffffL) | ((long) s[9] << 32);
        for (int b = 0; b < blocks; b++) {
            final int j8 = (int) counter;
            final int j9 = (int) (counter >>> 32);
            int x0 = j0;
            int x1 = j1;
            int x2 = j2;
            int x3 = j3;
            int x4 = j4;
            int x5 = j5;
            int x6 = j6;
            int x7 = j7;
            int x8 = j8;
            int x9 = j9;
            int x10 = j10;
            int x11 = j11;
            int x12 = j12;
            int x13 = j13;
            int x14 = j14;
            int x15 = j15;
            for (int round = 0; round < 10; round++) {
                // Column round: the quarter-rounds of (0,4,8,12), (5,9,13,1), (10,14,2,6), (15,3,7,11).
                x4 ^= Integer.rotateLeft(x0 + x12, 7);
                x8 ^= Integer.rotateLeft(x4 + x0, 9);
                x12 ^= Integer.rotateLeft(x8 + x4, 13);
                x0 ^= Integer.rotateLeft(x12 + x8, 18);
                x9 ^= Integer.rotateLeft(x5 + x1, 7);
                x13 ^= Integer.rotateLeft(x9 + x5, 9);
                x1 ^= Integer.rotateLeft(x13 + x9, 13);
                x5 ^= Integer.rotateLeft(x1 + x13, 18);
                x14 ^= Integer.rotateLeft(x10 + x6, 7);
                x2 ^= Integer.rotateLeft(x14 + x10, 9);
                x6 ^= Integer.rotateLeft(x2 + x14, 13);
                x10 ^= Integer.rotateLeft(x6 + x2, 18);
                x3 ^= Integer.rotateLeft(x15 + x11, 7);
                x7 ^= Integer.rotateLeft(x3 + x15, 9);
                x11 ^= Integer.rotateLeft(x7 + x3, 13);
                x15 ^= Integer.rotateLeft(x11 + x7, 18);
                // Row round: (0,1,2,3), (5,6,7,4), (10,11,8,9), (15,12,13,14).
                x1 ^= Integer.rotateLeft(x0 + x3, 7);
                x2 ^= Integer.rotateLeft(x1 + x0, 9);
                x3 ^= Integer.rotateLeft(x2 + x1, 13);
                x0 ^= Integer.rotateLeft(x3 + x2, 18);
                x6 ^= Integer.rotateLeft(x5 + x4, 7);
                x7 ^= Integer.rotateLeft(x6 + x5, 9);
                x4 ^= Integer.rotateLeft(x7 + x6, 13);
                x5 ^= Integer.rotateLeft(x4 + x7, 18);
                x11 ^= Integer.rotateLeft(x10 + x9, 7);
                x8 ^= Integer.rotateLeft(x11 + x10, 9);
                x9 ^= Integer.rotateLeft(x8 + x11, 13);
                x10 ^= Integer.rotateLeft(x9 + x8, 18);
                x12 ^= Integer.rotateLeft(x15 + x14, 7);
                x13 ^= Integer.rotateLeft(x12 + x15, 9);
                x14 ^= Integer.rotateLeft(x13 + x12, 13);
                x15 ^= Integer.rotateLeft(x14 + x13, 18);
            }
            int p = inOff + (b << 6);
            int q = outOff + (b << 6);
            // The feed-forward (input words added back), then 64 bytes XORed as eight longs.
            LONG_LE.set(out, q, (long) LONG_LE.get(in, p) ^ pack(x0 + j0, x1 + j1));
            LONG_LE.set(out, q + 8, (long) LONG_LE.get(in, p + 8) ^ pack(x2 + j2, x3 + j3));
            LONG_LE.set(out, q + 16, (long) LONG_LE.get(in, p + 16) ^ pack(x4 + j4, x5 + j5));
            LONG_LE.set(out, q + 24, (long) LONG_LE.get(in, p + 24) ^ pack(x6 + j6, x7 + j7));
            LONG_LE.set(out, q + 32, (long) LONG_LE.get(in, p + 32) ^ pack(x8 + j8, x9 + j9));
            LONG_LE.set(out, q + 40, (long) LONG_LE.get(in, p + 40) ^ pack(x10 + j10, x11 + j11));
            LONG_LE.set(out, q + 48, (long) LONG_LE.get(in, p + 48) ^ pack(x12 + j12, x13 + j13));
            LONG_LE.set(out, q + 56, (long) LONG_LE.get(in, p + 56) ^ pack(x14 + j14, x15 + j15));
            counter++;
        }
        s[8] = (int) counter;
        s[9] = (int) (counter >>> 32);
    }

    /** Two little-endian words as one little-endian long. */
    private static long pack(int low, int high) {
        return (low & 0xffffffffL) | ((long) high << 32);
    }
}
