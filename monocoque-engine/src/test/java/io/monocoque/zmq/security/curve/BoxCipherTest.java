package io.monocoque.zmq.security.curve;

import static io.monocoque.zmq.security.curve.CryptoBoxTest.BOX;
import static io.monocoque.zmq.security.curve.CryptoBoxTest.BOX_KEY;
import static io.monocoque.zmq.security.curve.CryptoBoxTest.MESSAGE;
import static io.monocoque.zmq.security.curve.CryptoBoxTest.NONCE;
import static io.monocoque.zmq.security.curve.CryptoBoxTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class BoxCipherTest {

    /** Every kind of buffer the message path can meet: array-backed or not, pooled or not, composite. */
    enum Kind {
        HEAP(Unpooled::buffer),
        DIRECT(Unpooled::directBuffer),
        POOLED_HEAP(n -> PooledByteBufAllocator.DEFAULT.heapBuffer(n)),
        POOLED_DIRECT(n -> PooledByteBufAllocator.DEFAULT.directBuffer(n)),
        COMPOSITE(n -> ByteBufAllocator.DEFAULT.compositeBuffer()) {
            @Override
            ByteBuf with(int prefix, byte[] data) {
                // A heap and a direct component, split mid-data, so accesses straddle a boundary.
                byte[] all = new byte[prefix + data.length];
                System.arraycopy(data, 0, all, prefix, data.length);
                int split = all.length / 3;
                CompositeByteBuf c = ByteBufAllocator.DEFAULT.compositeBuffer();
                ByteBuf direct = Unpooled.directBuffer(all.length - split);
                direct.writeBytes(all, split, all.length - split);
                c.addComponents(true, Unpooled.wrappedBuffer(all, 0, split), direct);
                return c;
            }
        };

        final IntFunction<ByteBuf> make;

        Kind(IntFunction<ByteBuf> make) {
            this.make = make;
        }

        /** A buffer holding {@code prefix} junk bytes and then {@code data}. */
        ByteBuf with(int prefix, byte[] data) {
            ByteBuf b = make.apply(prefix + data.length + 16);
            b.writeZero(prefix);
            b.writeBytes(data);
            return b;
        }

        ByteBuf empty() {
            return make.apply(64);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void sealsTheNaclVectorIntoEveryKindOfBuffer(Kind kind) {
        for (Kind inKind : Kind.values()) {
            BoxCipher cipher = new BoxCipher(BOX_KEY);
            ByteBuf in = inKind.with(5, MESSAGE);
            ByteBuf out = kind.empty();
            try {
                out.writeBytes(new byte[] {1, 2, 3});
                cipher.seal(NONCE, in, 5, MESSAGE.length, out);
                assertThat(out.writerIndex()).isEqualTo(3 + BOX.length);
                assertThat(bytes(out, 3, BOX.length)).as("%s -> %s", inKind, kind).isEqualTo(BOX);
                assertThat(in.readerIndex()).isZero();
                assertThat(in.writerIndex()).isEqualTo(5 + MESSAGE.length);
            } finally {
                in.release();
                out.release();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void opensTheNaclVectorFromEveryKindOfBuffer(Kind kind) {
        for (Kind outKind : Kind.values()) {
            BoxCipher cipher = new BoxCipher(BOX_KEY);
            ByteBuf box = kind.with(7, BOX);
            ByteBuf out = outKind.empty();
            try {
                out.writeByte(0x55);
                assertThat(cipher.open(NONCE, box, 7, BOX.length, out)).isTrue();
                assertThat(out.writerIndex()).isEqualTo(1 + MESSAGE.length);
                assertThat(bytes(out, 1, MESSAGE.length)).as("%s -> %s", kind, outKind).isEqualTo(MESSAGE);
                assertThat(box.readerIndex()).isZero();
            } finally {
                box.release();
                out.release();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void forgedBoxesWriteNothing(Kind kind) {
        BoxCipher cipher = new BoxCipher(BOX_KEY);
        Random random = new Random(7);
        for (int round = 0; round < 40; round++) {
            byte[] tampered = BOX.clone();
            tampered[random.nextInt(tampered.length)] ^= (byte) (1 << random.nextInt(8));
            ByteBuf box = kind.with(0, tampered);
            ByteBuf out = kind.empty();
            try {
                out.writeByte(1);
                assertThat(cipher.open(NONCE, box, 0, tampered.length, out)).isFalse();
                assertThat(out.writerIndex()).isEqualTo(1);
            } finally {
                box.release();
                out.release();
            }
        }
        // Too short to hold a MAC.
        ByteBuf tiny = kind.with(0, new byte[15]);
        ByteBuf out = kind.empty();
        try {
            assertThat(cipher.open(NONCE, tiny, 0, 15, out)).isFalse();
            assertThat(out.writerIndex()).isZero();
        } finally {
            tiny.release();
            out.release();
        }
        // And the cipher is still good after the failures.
        ByteBuf box = kind.with(0, BOX);
        ByteBuf plain = kind.empty();
        try {
            assertThat(cipher.open(NONCE, box, 0, BOX.length, plain)).isTrue();
            assertThat(bytes(plain, 0, plain.readableBytes())).isEqualTo(MESSAGE);
        } finally {
            box.release();
            plain.release();
        }
    }

    /**
     * One cipher, many messages of many sizes (across the direct-buffer chunk size), with
     * CURVE-style counting nonces: every box equals CryptoBox's, and opens back.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void reusedAcrossManyMessagesMatchesCryptoBox(Kind kind) {
        BoxCipher sender = new BoxCipher(BOX_KEY);
        BoxCipher receiver = new BoxCipher(BOX_KEY);
        Random random = new Random(26);
        byte[] nonce = "CurveZMQMESSAGE-\0\0\0\0\0\0\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        List<Integer> sizes = new ArrayList<>(List.of(0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 4095, 4096, 4097, 10_000));
        for (int i = 0; i < 150; i++) {
            sizes.add(random.nextInt(300));
        }
        long counter = 0;
        for (int size : sizes) {
            counter++;
            for (int b = 0; b < 8; b++) {
                nonce[16 + b] = (byte) (counter >>> (56 - 8 * b));
            }
            byte[] message = new byte[size];
            random.nextBytes(message);
            byte[] expected = CryptoBox.seal(BOX_KEY, nonce, message, 0, size);

            ByteBuf in = kind.with(3, message);
            ByteBuf sealed = kind.empty();
            ByteBuf opened = kind.empty();
            try {
                sender.seal(nonce, in, 3, size, sealed);
                assertThat(bytes(sealed, 0, sealed.readableBytes())).as("size %d", size).isEqualTo(expected);
                assertThat(receiver.open(nonce, sealed, 0, sealed.readableBytes(), opened)).isTrue();
                assertThat(bytes(opened, 0, opened.readableBytes())).isEqualTo(message);
                assertThat(CryptoBox.open(BOX_KEY, nonce, expected, 0, expected.length)).isEqualTo(message);
            } finally {
                in.release();
                sealed.release();
                opened.release();
            }
        }
    }

    /**
     * sealFrame, CURVE's message path, seals the flags octet and the body straight from the
     * caller's array: the same box as sealing the concatenation, into every kind of buffer, at
     * sizes around the direct path's 4 KB scratch (where the flags octet shifts every chunk).
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void sealFrameEqualsSealingTheFlagsOctetAndTheBody(Kind kind) {
        BoxCipher cipher = new BoxCipher(BOX_KEY);
        Random random = new Random(16);
        byte[] nonce = "CurveZMQMESSAGEC\0\0\0\0\0\0\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        List<Integer> sizes = sizes(random, 60, 2000, 0, 1, 14, 15, 16, 30, 31, 32, 62, 63, 64, 4094, 4095, 4096, 8191, 8192, 20_000);
        long counter = 0;
        for (int size : sizes) {
            counter++;
            nonce[23] = (byte) counter;
            int flags = random.nextInt(4);
            int offset = random.nextInt(5);
            byte[] body = new byte[offset + size + random.nextInt(5)];
            random.nextBytes(body);
            byte[] plain = new byte[1 + size];
            plain[0] = (byte) flags;
            System.arraycopy(body, offset, plain, 1, size);
            byte[] expected = CryptoBox.seal(BOX_KEY, nonce, plain, 0, plain.length);

            ByteBuf out = kind.with(2, new byte[0]);
            try {
                cipher.sealFrame(nonce, flags, body, offset, size, out);
                assertThat(out.writerIndex()).isEqualTo(2 + 17 + size);
                assertThat(bytes(out, 2, out.readableBytes() - 2)).as("size %d", size).isEqualTo(expected);
            } finally {
                out.release();
            }
        }
        assertThatThrownBy(() -> cipher.sealFrame(nonce, 0, new byte[4], 1, 4, Unpooled.buffer()))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    /**
     * The NaCl vector's plaintext, read as CURVE's flags octet and body, opens from every kind of
     * buffer straight into an array at an offset, touching nothing outside its range.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void openFrameOpensTheNaclVectorIntoTheFramesOwnArray(Kind kind) {
        BoxCipher cipher = new BoxCipher(BOX_KEY);
        ByteBuf box = kind.with(5, BOX);
        try {
            byte[] body = new byte[3 + MESSAGE.length - 1 + 2];
            java.util.Arrays.fill(body, (byte) 0x55);
            assertThat(cipher.openFrame(NONCE, box, 5, BOX.length, body, 3)).isEqualTo(MESSAGE[0] & 0xFF);
            assertThat(java.util.Arrays.copyOfRange(body, 3, 3 + MESSAGE.length - 1))
                    .isEqualTo(java.util.Arrays.copyOfRange(MESSAGE, 1, MESSAGE.length));
            assertThat(java.util.Arrays.copyOfRange(body, 0, 3)).containsOnly(0x55);
            assertThat(java.util.Arrays.copyOfRange(body, body.length - 2, body.length)).containsOnly(0x55);
            assertThat(box.readerIndex()).isZero();
        } finally {
            box.release();
        }
    }

    /**
     * What sealFrame seals, openFrame opens, for sizes across the MAC's blocks, the keystream's
     * blocks and the direct-buffer chunk; any flipped bit, a box too short for the flags octet
     * and a body array too small are refused, and the cipher goes on working after each.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void openFrameOpensWhatSealFrameSealedAndRefusesForgeries(Kind kind) {
        BoxCipher cipher = new BoxCipher(BOX_KEY);
        Random random = new Random(17);
        byte[] nonce = "CurveZMQMESSAGES\0\0\0\0\0\0\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        List<Integer> sizes = sizes(random, 40, 3000, 0, 1, 14, 15, 16, 31, 32, 63, 64, 4095, 4096, 4097, 20_000);
        long counter = 0;
        for (int size : sizes) {
            nonce[23] = (byte) ++counter;
            int flags = random.nextInt(256);
            byte[] body = new byte[size];
            random.nextBytes(body);
            ByteBuf sealed = Unpooled.buffer();
            cipher.sealFrame(nonce, flags, body, 0, size, sealed);
            byte[] wire = bytes(sealed, 0, sealed.readableBytes());
            sealed.release();

            ByteBuf box = kind.with(3, wire);
            try {
                byte[] opened = new byte[size];
                assertThat(cipher.openFrame(nonce, box, 3, wire.length, opened, 0)).as("size %d", size).isEqualTo(flags);
                assertThat(opened).as("size %d", size).isEqualTo(body);
            } finally {
                box.release();
            }

            byte[] tampered = wire.clone();
            tampered[random.nextInt(tampered.length)] ^= (byte) (1 << random.nextInt(8));
            ByteBuf forged = kind.with(0, tampered);
            try {
                assertThat(cipher.openFrame(nonce, forged, 0, tampered.length, new byte[size], 0)).as("forged, size %d", size).isEqualTo(-1);
            } finally {
                forged.release();
            }
        }
        ByteBuf tiny = kind.with(0, new byte[64]);
        try {
            assertThat(cipher.openFrame(nonce, tiny, 0, 16, new byte[0], 0)).as("no room for the flags").isEqualTo(-1);
            assertThat(cipher.openFrame(nonce, tiny, 0, 17, new byte[0], 0)).as("17 bytes that are no box").isEqualTo(-1);
            assertThatThrownBy(() -> cipher.openFrame(nonce, tiny, 0, 64, new byte[46], 0)).isInstanceOf(IndexOutOfBoundsException.class);
        } finally {
            tiny.release();
        }
        ByteBuf box = kind.with(0, BOX);
        try {
            assertThatThrownBy(() -> cipher.openFrame(NONCE, box, 0, BOX.length, new byte[MESSAGE.length - 2], 0))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(cipher.openFrame(NONCE, box, 0, BOX.length, new byte[MESSAGE.length - 1], 0)).isEqualTo(MESSAGE[0] & 0xFF);
        } finally {
            box.release();
        }
    }

    /** The {@code fixed} sizes, then {@code count} random ones below {@code bound}. */
    private static List<Integer> sizes(Random random, int count, int bound, int... fixed) {
        List<Integer> sizes = new ArrayList<>();
        for (int size : fixed) {
            sizes.add(size);
        }
        for (int i = 0; i < count; i++) {
            sizes.add(random.nextInt(bound));
        }
        return sizes;
    }

    @Test
    void arrayAndByteBufPathsAgreeForLargeMessages() {
        byte[] message = new byte[100_000];
        new Random(1).nextBytes(message);
        byte[] expected = CryptoBox.seal(BOX_KEY, NONCE, message, 0, message.length);
        ByteBuf in = Unpooled.wrappedBuffer(message);
        ByteBuf out = Unpooled.directBuffer();
        try {
            CryptoBox.seal(BOX_KEY, NONCE, in, 0, message.length, out);
            assertThat(bytes(out, 0, out.readableBytes())).isEqualTo(expected);
        } finally {
            in.release();
            out.release();
        }
    }

    /**
     * The point of BoxCipher: once warmed up, sealing and opening allocate nothing per message
     * (measured with HotSpot's per-thread allocation counter; skipped on other JVMs). The buffers
     * wrap JDK buffers directly: the leak detector, at PARANOID in tests, records a stack trace
     * on every access to a tracked buffer, which would swamp the measurement. The direct case
     * is the one that catches a copy through a fresh NIO duplicate, which Netty makes per
     * getBytes/setBytes when it runs without Unsafe (JDK 24+): whether the JIT then removes that
     * object varies from run to run, so such a copy fails here on JDK 25 in most runs.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void messagePathAllocatesNothing(boolean direct) {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!(bean instanceof com.sun.management.ThreadMXBean hotspot) || !hotspot.isThreadAllocatedMemorySupported()) {
            return;
        }
        hotspot.setThreadAllocatedMemoryEnabled(true);
        IntFunction<ByteBuf> untracked = n -> Unpooled.wrappedBuffer(
                direct ? java.nio.ByteBuffer.allocateDirect(n) : java.nio.ByteBuffer.allocate(n)).clear();
        BoxCipher cipher = new BoxCipher(BOX_KEY);
        byte[] message = new byte[6000];
        new Random(3).nextBytes(message);
        ByteBuf in = untracked.apply(message.length).writeBytes(message);
        ByteBuf sealed = untracked.apply(8192);
        ByteBuf opened = untracked.apply(8192);
        try {
            long threadId = Thread.currentThread().getId();
            // Long enough for the JIT to compile the path (and escape-analyse Netty's temporaries).
            for (int i = 0; i < 5000; i++) {
                roundTrip(cipher, message, in, sealed, opened);
            }
            long before = hotspot.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < 1000; i++) {
                roundTrip(cipher, message, in, sealed, opened);
            }
            long allocated = hotspot.getThreadAllocatedBytes(threadId) - before;
            // A single 16-int array per message would already be 80 KB over 1000 messages.
            assertThat(allocated).as("bytes allocated by 1000 seal+open round trips").isLessThan(8 * 1024);
            assertThat(bytes(opened, 0, opened.readableBytes())).isEqualTo(message);
        } finally {
            in.release();
            sealed.release();
            opened.release();
        }
    }

    private static void roundTrip(BoxCipher cipher, byte[] message, ByteBuf in, ByteBuf sealed, ByteBuf opened) {
        int len = message.length;
        sealed.clear();
        opened.clear();
        cipher.seal(NONCE, in, 0, len, sealed);
        if (!cipher.open(NONCE, sealed, 0, sealed.readableBytes(), opened)) {
            throw new AssertionError("round trip failed");
        }
        // And CURVE's message path, from the frame's own array and back into one.
        sealed.clear();
        cipher.sealFrame(NONCE, 1, message, 0, len, sealed);
        if (cipher.openFrame(NONCE, sealed, 0, sealed.readableBytes(), FRAME, 0) != 1) {
            throw new AssertionError("frame round trip failed");
        }
    }

    /** The array openFrame opens into in the allocation test (the receiver's own array, made by the caller). */
    private static final byte[] FRAME = new byte[6000];

    @Test
    void destroyWipesAndDisables() {
        BoxCipher cipher = new BoxCipher(BOX_KEY);
        cipher.destroy();
        cipher.destroy();
        ByteBuf in = Unpooled.wrappedBuffer(MESSAGE);
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> cipher.seal(NONCE, in, 0, MESSAGE.length, out))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> cipher.open(NONCE, in, 0, MESSAGE.length, out))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(out.writerIndex()).isZero();
        } finally {
            in.release();
            out.release();
        }
    }

    @Test
    void constructorCopiesAndChecksTheKey() {
        byte[] key = BOX_KEY.clone();
        BoxCipher cipher = new BoxCipher(key);
        java.util.Arrays.fill(key, (byte) 0);
        ByteBuf in = Unpooled.wrappedBuffer(MESSAGE);
        ByteBuf out = Unpooled.buffer();
        try {
            cipher.seal(NONCE, in, 0, MESSAGE.length, out);
            assertThat(bytes(out, 0, out.readableBytes())).isEqualTo(BOX);
        } finally {
            in.release();
            out.release();
        }
        assertThatThrownBy(() -> new BoxCipher(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BoxCipher(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void secretKeyWipesOnClose() {
        byte[] original = BOX_KEY.clone();
        SecretKey key = new SecretKey(original);
        byte[] held = key.bytes();
        assertThat(held).isEqualTo(BOX_KEY);
        assertThat(key.toString()).doesNotContain(java.util.HexFormat.of().formatHex(BOX_KEY).substring(0, 8))
                .isEqualTo("SecretKey[32 bytes]");
        key.close();
        assertThat(held).containsOnly(0);
        assertThat(original).isEqualTo(BOX_KEY);
        assertThat(key.toString()).isEqualTo("SecretKey[closed]");
        assertThatThrownBy(key::bytes).isInstanceOf(IllegalStateException.class);
        key.close();
    }
}
