package io.monocoque.zmq.security.curve;

import io.monocoque.zmq.keys.Z85;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * CryptoBox against published vectors: RFC 7748 §6.1 for X25519, NaCl's box/secretbox test
 * (the 131-byte message under Alice's and Bob's keys, as also published in libsodium's tests)
 * for beforenm and the ciphertext, NaCl's core2 vector for HSalsa20, and libzmq-made key pairs.
 */
public class CryptoBoxTest {

    static final HexFormat HEX = HexFormat.of();

    // RFC 7748 §6.1 (the same keys are NaCl's "alice" and "bob").
    static final byte[] ALICE_SK = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    static final byte[] ALICE_PK = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    static final byte[] BOB_SK = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    static final byte[] BOB_PK = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    static final byte[] X25519_SHARED = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    // NaCl box test: crypto_box_beforenm(bobpk, alicesk), the nonce, the message and the box.
    static final byte[] BOX_KEY = hex("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");
    static final byte[] NONCE = hex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
    static final byte[] MESSAGE = hex(""
            + "be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffc"
            + "e5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f41db66cce314adb31"
            + "0e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde"
            + "048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f93776384864"
            + "5e0705");
    static final byte[] BOX = hex(""
            + "f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce"
            + "48332ea7164d96a4476fb8c531a1186ac0dfc17c98dce87b4da7f011ec48c972"
            + "71d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae"
            + "90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b3"
            + "7973f622a43d14a6599b1f654cb45a74e355a5");

    // libzmq-generated pairs (zmq_curve_keypair): the anchors' fixed benchmark keys.
    public static final String SERVER_PUBLIC = "k?45HyqaNTXW*dB.b{z@}nGCtTxi)e=:POScY2C{";
    public static final String SERVER_SECRET = "9S@GT-enZRF}RZ-6nmhUK43e[sjQKy:Lb6DjJ-ag";
    public static final String CLIENT_PUBLIC = "hWq!4mkawN!olL#hz4Yo+<+/B5VJL@7hsSKZ^T60";
    public static final String CLIENT_SECRET = "hIKk)[/GGax/lybQE4&HTki4W6m!7FkW:Fb[j/gN";

    static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    @Test
    void publicKeyMatchesRfc7748() {
        assertThat(CryptoBox.publicKey(ALICE_SK)).isEqualTo(ALICE_PK);
        assertThat(CryptoBox.publicKey(BOB_SK)).isEqualTo(BOB_PK);
    }

    @Test
    void publicKeyMatchesLibzmqGeneratedPairs() {
        assertThat(Z85.encode(CryptoBox.publicKey(Z85.decode(SERVER_SECRET)))).isEqualTo(SERVER_PUBLIC);
        assertThat(Z85.encode(CryptoBox.publicKey(Z85.decode(CLIENT_SECRET)))).isEqualTo(CLIENT_PUBLIC);
    }

    @Test
    void hsalsa20MatchesNaclCore2Vector() {
        // NaCl tests/core2: HSalsa20 of the box key with the first 16 nonce bytes.
        byte[] out = new byte[32];
        int[] state = new int[16];
        int[] x = new int[16];
        HSalsa20.derive(BOX_KEY, NONCE, 0, out, state, x);
        assertThat(HEX.formatHex(out)).isEqualTo("dc908dda0b9344a953629b733820778880f3ceb421bb61b91cbd4c3e66256ce4");
        assertThat(state).containsOnly(0);
        assertThat(x).containsOnly(0);
    }

    @Test
    void hsalsa20OfTheRfc7748SharedSecretIsTheBoxKey() {
        byte[] out = new byte[32];
        HSalsa20.derive(X25519_SHARED, new byte[16], 0, out, new int[16], new int[16]);
        assertThat(out).isEqualTo(BOX_KEY);
    }

    @Test
    void beforenmMatchesNaclVectorFromBothSides() {
        assertThat(CryptoBox.beforenm(BOB_PK, ALICE_SK)).isEqualTo(BOX_KEY);
        assertThat(CryptoBox.beforenm(ALICE_PK, BOB_SK)).isEqualTo(BOX_KEY);
    }

    @Test
    void beforenmAgreesForLibzmqKeys() {
        byte[] serverSide = CryptoBox.beforenm(Z85.decode(CLIENT_PUBLIC), Z85.decode(SERVER_SECRET));
        byte[] clientSide = CryptoBox.beforenm(Z85.decode(SERVER_PUBLIC), Z85.decode(CLIENT_SECRET));
        assertThat(serverSide).isEqualTo(clientSide).hasSize(32);
    }

    @Test
    void beforenmRejectsLowOrderPoints() {
        byte[] zero = new byte[32];
        byte[] one = new byte[32];
        one[0] = 1;
        for (byte[] point : new byte[][] {zero, one}) {
            assertThatThrownBy(() -> CryptoBox.beforenm(point, ALICE_SK))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("low-order");
        }
    }

    @Test
    void keyLengthsAreChecked() {
        assertThatThrownBy(() -> CryptoBox.publicKey(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CryptoBox.beforenm(new byte[33], ALICE_SK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CryptoBox.seal(new byte[16], NONCE, MESSAGE, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CryptoBox.seal(BOX_KEY, new byte[8], MESSAGE, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("24 bytes");
        assertThatThrownBy(() -> CryptoBox.seal(BOX_KEY, NONCE, MESSAGE, 100, 100))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void sealMatchesNaclBoxVector() {
        assertThat(CryptoBox.seal(BOX_KEY, NONCE, MESSAGE, 0, MESSAGE.length)).isEqualTo(BOX);
    }

    @Test
    void sealHonoursOffsetAndLength() {
        byte[] padded = new byte[MESSAGE.length + 10];
        System.arraycopy(MESSAGE, 0, padded, 7, MESSAGE.length);
        assertThat(CryptoBox.seal(BOX_KEY, NONCE, padded, 7, MESSAGE.length)).isEqualTo(BOX);
    }

    @Test
    void sealMatchesNaclSecretboxHelloVector() {
        // The same key and nonce over "hello": MAC || 5 ciphertext bytes.
        byte[] hello = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(HEX.formatHex(CryptoBox.seal(BOX_KEY, NONCE, hello, 0, hello.length)))
                .isEqualTo("1b294418500a75e29daebfe2764e569858fb08361b");
    }

    @Test
    void openRecoversNaclBoxVector() {
        assertThat(CryptoBox.open(BOX_KEY, NONCE, BOX, 0, BOX.length)).isEqualTo(MESSAGE);
        byte[] padded = new byte[BOX.length + 3];
        System.arraycopy(BOX, 0, padded, 2, BOX.length);
        assertThat(CryptoBox.open(BOX_KEY, NONCE, padded, 2, BOX.length)).isEqualTo(MESSAGE);
    }

    @Test
    void openRejectsEverySingleBitFlip() {
        for (int i = 0; i < BOX.length; i++) {
            for (int bit = 0; bit < 8; bit += 7) {
                byte[] tampered = BOX.clone();
                tampered[i] ^= (byte) (1 << bit);
                assertThat(CryptoBox.open(BOX_KEY, NONCE, tampered, 0, tampered.length))
                        .as("flip bit %d of byte %d", bit, i)
                        .isNull();
            }
        }
    }

    @Test
    void openRejectsWrongKeyNonceTruncationAndShortBoxes() {
        byte[] wrongKey = BOX_KEY.clone();
        wrongKey[31] ^= 1;
        byte[] wrongNonce = NONCE.clone();
        wrongNonce[23] ^= 1;
        assertThat(CryptoBox.open(wrongKey, NONCE, BOX, 0, BOX.length)).isNull();
        assertThat(CryptoBox.open(BOX_KEY, wrongNonce, BOX, 0, BOX.length)).isNull();
        assertThat(CryptoBox.open(BOX_KEY, NONCE, BOX, 0, BOX.length - 1)).isNull();
        assertThat(CryptoBox.open(BOX_KEY, NONCE, BOX, 0, 15)).isNull();
        assertThat(CryptoBox.open(BOX_KEY, NONCE, new byte[0], 0, 0)).isNull();
    }

    @Test
    void emptyPlaintextIsJustAMac() {
        byte[] box = CryptoBox.seal(BOX_KEY, NONCE, new byte[0], 0, 0);
        assertThat(box).hasSize(16);
        assertThat(CryptoBox.open(BOX_KEY, NONCE, box, 0, box.length)).isEmpty();
        box[0] ^= 1;
        assertThat(CryptoBox.open(BOX_KEY, NONCE, box, 0, box.length)).isNull();
    }

    @Test
    void byteBufVariantsEqualTheArrayVariants() {
        ByteBuf plaintext = Unpooled.directBuffer();
        ByteBuf sealed = Unpooled.buffer();
        ByteBuf opened = Unpooled.directBuffer();
        try {
            plaintext.writeBytes(new byte[] {9, 9, 9});
            plaintext.writeBytes(MESSAGE);
            int readerBefore = plaintext.readerIndex();
            sealed.writeByte(0x42);
            CryptoBox.seal(BOX_KEY, NONCE, plaintext, 3, MESSAGE.length, sealed);
            assertThat(plaintext.readerIndex()).isEqualTo(readerBefore);
            assertThat(plaintext.writerIndex()).isEqualTo(3 + MESSAGE.length);
            assertThat(sealed.writerIndex()).isEqualTo(1 + BOX.length);
            assertThat(bytes(sealed, 1, BOX.length)).isEqualTo(BOX);

            assertThat(CryptoBox.open(BOX_KEY, NONCE, sealed, 1, BOX.length, opened)).isTrue();
            assertThat(sealed.readerIndex()).isZero();
            assertThat(bytes(opened, 0, opened.readableBytes())).isEqualTo(MESSAGE);

            sealed.setByte(20, sealed.getByte(20) ^ 0x10);
            int before = opened.writerIndex();
            assertThat(CryptoBox.open(BOX_KEY, NONCE, sealed, 1, BOX.length, opened)).isFalse();
            assertThat(opened.writerIndex()).isEqualTo(before);
        } finally {
            plaintext.release();
            sealed.release();
            opened.release();
        }
    }

    @Test
    void byteBufRangesAreCheckedBeforeAnythingIsWritten() {
        ByteBuf in = Unpooled.buffer(8, 8);
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> CryptoBox.seal(BOX_KEY, NONCE, in, 4, 5, out))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> CryptoBox.open(BOX_KEY, NONCE, in, -1, 4, out))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(out.writerIndex()).isZero();
        } finally {
            in.release();
            out.release();
        }
    }

    static byte[] bytes(ByteBuf buf, int index, int len) {
        byte[] b = new byte[len];
        buf.getBytes(index, b);
        return b;
    }
}
