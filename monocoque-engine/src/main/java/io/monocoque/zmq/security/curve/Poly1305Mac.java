package io.monocoque.zmq.security.curve;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Poly1305 (Bernstein; RFC 8439 section 2.5; NaCl's {@code crypto_onetimeauth}), the one-time
 * authenticator of NaCl's secretbox, with the 130-bit accumulator and the key's {@code r} in five
 * 26-bit limbs held in {@code long} locals, and 16-byte blocks read straight from the caller's
 * array as two little-endian longs (no copy into a block buffer, no call per block).
 *
 * <p>Checked against NaCl's and RFC 8439's vectors and differentially against Bouncy Castle's
 * {@code Poly1305} for every length up to 4096 and random lengths up to 1 MB (the tests
 * {@code NaclVectorsTest} and {@code CipherDifferentialTest}).
 *
 * <p><b>Constant time.</b> The block step is five-by-five limb multiplications, shifts and masks
 * with no branch; the loops run once per 16-byte block or once per byte of a block, counts given
 * by the data's public length. The final reduction chooses between {@code h} and
 * {@code h - p} with a mask computed from the sign of the subtraction, not with a branch, and the
 * tag is written without looking at its bytes. A message is padded into {@link #block} at an index
 * given by its length only. Nothing branches on or indexes by the key, the data or the tag.
 *
 * <p>Not thread-safe; one instance per {@link BoxCipher}, re-keyed in place for every message.
 */
final class Poly1305Mac {

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long M26 = 0x3ffffff;
    /** 2^128 in limb 4: the bit appended to every whole 16-byte block. */
    private static final long HIBIT = 1L << 24;

    // r (clamped) and 5r, as limbs
    private long r0;
    private long r1;
    private long r2;
    private long r3;
    private long r4;
    private long s1;
    private long s2;
    private long s3;
    private long s4;
    // the accumulator h
    private long h0;
    private long h1;
    private long h2;
    private long h3;
    private long h4;
    // s, the key's second half, added at the end
    private int pad0;
    private int pad1;
    private int pad2;
    private int pad3;
    /** A block that a call to {@link #update} ended inside of. */
    private final byte[] block = new byte[16];
    private int blockUsed;

    /** Starts a new MAC under the 32-byte one-time key {@code key[off..off+32]}. */
    void init(byte[] key, int off) {
        int t0 = (int) INT_LE.get(key, off);
        int t1 = (int) INT_LE.get(key, off + 4);
        int t2 = (int) INT_LE.get(key, off + 8);
        int t3 = (int) INT_LE.get(key, off + 12);
        // r &= 0x0ffffffc0ffffffc0ffffffc0fffffff, split into 26-bit limbs.
        r0 = t0 & 0x3ffffff;
        r1 = ((t0 >>> 26) | (t1 << 6)) & 0x3ffff03;
        r2 = ((t1 >>> 20) | (t2 << 12)) & 0x3ffc0ff;
        r3 = ((t2 >>> 14) | (t3 << 18)) & 0x3f03fff;
        r4 = (t3 >>> 8) & 0x00fffff;
        s1 = r1 * 5;
        s2 = r2 * 5;
        s3 = r3 * 5;
        s4 = r4 * 5;
        h0 = 0;
        h1 = 0;
        h2 = 0;
        h3 = 0;
        h4 = 0;
        pad0 = (int) INT_LE.get(key, off + 16);
        pad1 = (int) INT_LE.get(key, off + 20);
        pad2 = (int) INT_LE.get(key, off + 24);
        pad3 = (int) INT_LE.get(key, off + 28);
        blockUsed = 0;
    }

    /** Feeds {@code in[off..off+len]}. */
    void update(byte[] in, int off, int len) {
        if ((off | len) < 0 || off > in.length - len) {
            throw new IndexOutOfBoundsException("range outside the array");
        }
        if (blockUsed > 0) {
            int n = Math.min(len, 16 - blockUsed);
            System.arraycopy(in, off, block, blockUsed, n);
            blockUsed += n;
            off += n;
            len -= n;
            if (blockUsed < 16) {
                return;
            }
            blocks(block, 0, 1, HIBIT);
            blockUsed = 0;
        }
        int whole = len >>> 4;
        if (whole > 0) {
            blocks(in, off, whole, HIBIT);
            off += whole << 4;
            len -= whole << 4;
        }
        if (len > 0) {
            System.arraycopy(in, off, block, 0, len);
            blockUsed = len;
        }
    }

    /** Writes the 16-byte tag to {@code out[off..]} and wipes the state; {@link #init} comes next. */
    void doFinal(byte[] out, int off) {
        if (blockUsed > 0) {
            // The last, partial block: a 1 byte after the data, zeros after it, no 2^128 bit.
            block[blockUsed] = 1;
            Arrays.fill(block, blockUsed + 1, 16, (byte) 0);
            blocks(block, 0, 1, 0);
        }
        long g0 = h0;
        long g1 = h1;
        long g2 = h2;
        long g3 = h3;
        long g4 = h4;
        // Carry fully, so every limb is below 2^26 (h < 2^130, with 2^130 folded back as 5).
        long c = g1 >>> 26;
        g1 &= M26;
        g2 += c;
        c = g2 >>> 26;
        g2 &= M26;
        g3 += c;
        c = g3 >>> 26;
        g3 &= M26;
        g4 += c;
        c = g4 >>> 26;
        g4 &= M26;
        g0 += c * 5;
        c = g0 >>> 26;
        g0 &= M26;
        g1 += c;
        // f = h + 5 - 2^130 = h - p; its sign says whether h < p.
        long f0 = g0 + 5;
        c = f0 >>> 26;
        f0 &= M26;
        long f1 = g1 + c;
        c = f1 >>> 26;
        f1 &= M26;
        long f2 = g2 + c;
        c = f2 >>> 26;
        f2 &= M26;
        long f3 = g3 + c;
        c = f3 >>> 26;
        f3 &= M26;
        long f4 = g4 + c - (1L << 26);
        // keep = all ones when h >= p (f4 not negative): take f, else h. A mask, not a branch.
        long keep = (f4 >>> 63) - 1;
        g0 = (g0 & ~keep) | (f0 & keep);
        g1 = (g1 & ~keep) | (f1 & keep);
        g2 = (g2 & ~keep) | (f2 & keep);
        g3 = (g3 & ~keep) | (f3 & keep);
        g4 = (g4 & ~keep) | (f4 & keep & M26);
        // h mod 2^128 as four 32-bit words, plus s, with the carries.
        long w0 = (g0 | (g1 << 26)) & 0xffffffffL;
        long w1 = ((g1 >>> 6) | (g2 << 20)) & 0xffffffffL;
        long w2 = ((g2 >>> 12) | (g3 << 14)) & 0xffffffffL;
        long w3 = ((g3 >>> 18) | (g4 << 8)) & 0xffffffffL;
        long t = w0 + (pad0 & 0xffffffffL);
        INT_LE.set(out, off, (int) t);
        t = w1 + (pad1 & 0xffffffffL) + (t >>> 32);
        INT_LE.set(out, off + 4, (int) t);
        t = w2 + (pad2 & 0xffffffffL) + (t >>> 32);
        INT_LE.set(out, off + 8, (int) t);
        t = w3 + (pad3 & 0xffffffffL) + (t >>> 32);
        INT_LE.set(out, off + 12, (int) t);
        wipe();
    }

    /** Zeroes the key, the accumulator and the block buffer. */
    void wipe() {
        r0 = r1 = r2 = r3 = r4 = 0;
        s1 = s2 = s3 = s4 = 0;
        h0 = h1 = h2 = h3 = h4 = 0;
        pad0 = pad1 = pad2 = pad3 = 0;
        Arrays.fill(block, (byte) 0);
        blockUsed = 0;
    }

    /**
     * h = (h + block) * r mod 2^130 - 5 for {@code count} 16-byte blocks from {@code in[off..]},
     * each with {@code hibit} (2^128, or 0 for the padded last block) added. The range is the
     * caller's to check.
     */
    private void blocks(byte[] in, int off, int count, long hibit) {
        final long r0 = this.r0;
        final long r1 = this.r1;
        final long r2 = this.r2;
        final long r3 = this.r3;
        final long r4 = this.r4;
        final long s1 = this.s1;
        final long s2 = this.s2;
        final long s3 = this.s3;
        final long s4 = this.s4;
        long h0 = this.h0;
        long h1 = this.h1;
        long h2 = this.h2;
        long h3 = this.h3;
        long h4 = this.h4;
        for (int i = 0; i < count; i++) {
            int at = off + (i << 4);
            long lo = (long) LONG_LE.get(in, at);
            long hi = (long) LONG_LE.get(in, at + 8);
            h0 += lo & M26;
            h1 += (lo >>> 26) & M26;
            h2 += ((lo >>> 52) | (hi << 12)) & M26;
            h3 += (hi >>> 14) & M26;
            h4 += (hi >>> 40) | hibit;

            long d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
            long d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
            long d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
            long d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
            long d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;

            long c = d0 >>> 26;
            h0 = d0 & M26;
            d1 += c;
            c = d1 >>> 26;
            h1 = d1 & M26;
            d2 += c;
            c = d2 >>> 26;
            h2 = d2 & M26;
            d3 += c;
            c = d3 >>> 26;
            h3 = d3 & M26;
            d4 += c;
            c = d4 >>> 26;
            h4 = d4 & M26;
            h0 += c * 5;
            c = h0 >>> 26;
            h0 &= M26;
            h1 += c;
        }
        this.h0 = h0;
        this.h1 = h1;
        this.h2 = h2;
        this.h3 = h3;
        this.h4 = h4;
    }
}
