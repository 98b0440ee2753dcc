package io.monocoque.zmq.security.curve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Our Salsa20 stream and Poly1305 against published vectors: NaCl's and libsodium's
 * {@code stream} test (XSalsa20 under {@code firstkey} and the box nonce: the SHA-256 of the first
 * 4 MiB of keystream, and the keystream's first 63 bytes as libsodium's {@code stream.exp} prints
 * them for every length 0..63), NaCl's {@code onetimeauth} test, and RFC 8439's Poly1305 vectors
 * (section 2.5.2 and the edge cases of appendix A.3, which exercise the final reduction's
 * {@code h >= p} choice and the carries). The box vectors themselves are in {@link CryptoBoxTest}.
 */
class NaclVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    /** NaCl's firstkey: crypto_box_beforenm of Alice's and Bob's keys. */
    private static final byte[] FIRST_KEY = hex("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");
    private static final byte[] NONCE = hex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
    /** libsodium test/default/stream.exp, its last line's first 63 bytes. */
    private static final String KEYSTREAM_63 = ""
            + "eea6a7251c1e72916d11c2cb214d3c252539121d8e234e652d651fa4c8cff880"
            + "309e645a74e9e0a60d8243acd9177ab51a1beb8d5a2f5d700c093c5e558557";

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    /** XSalsa20 as NaCl's crypto_stream_xor: HSalsa20 subkey, then Salsa20 with the nonce's last 8 bytes. */
    private static Salsa20Stream xsalsa20(byte[] key, byte[] nonce) {
        byte[] subkey = new byte[32];
        HSalsa20.derive(key, nonce, 0, subkey, new int[16], new int[16]);
        Salsa20Stream s = new Salsa20Stream();
        s.rekey(subkey, Arrays.copyOfRange(nonce, 16, 24));
        return s;
    }

    @Test
    void xsalsa20KeystreamHashMatchesNaclStreamTest() throws Exception {
        byte[] out = new byte[4194304];
        xsalsa20(FIRST_KEY, NONCE).processBytes(out, 0, out.length, out, 0);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(out);
        assertThat(HEX.formatHex(digest)).isEqualTo("662b9d0e3463029156069b12f918691a98f7dfb2ca0393c96bbfc6b1fbd630a2");
    }

    @Test
    void xsalsa20KeystreamOfEveryShortLengthMatchesLibsodiumStreamExp() {
        byte[] expected = hex(KEYSTREAM_63);
        for (int len = 0; len <= 63; len++) {
            // As libsodium's test: a 64-byte buffer of len-valued bytes, the first len overwritten.
            byte[] out = new byte[64];
            Arrays.fill(out, (byte) len);
            byte[] zeros = new byte[len];
            xsalsa20(FIRST_KEY, NONCE).processBytes(zeros, 0, len, out, 0);
            byte[] want = new byte[64];
            Arrays.fill(want, (byte) len);
            System.arraycopy(expected, 0, want, 0, len);
            assertThat(out).as("length %d", len).isEqualTo(want);
        }
    }

    @Test
    void poly1305MatchesNaclOnetimeauthTest() {
        // NaCl tests/onetimeauth.c: the one-time key is the keystream's first 32 bytes, the
        // message the box vector's ciphertext, the tag the box's MAC.
        byte[] rs = hex(KEYSTREAM_63.substring(0, 64));
        byte[] c = Arrays.copyOfRange(CryptoBoxTest.BOX, 16, CryptoBoxTest.BOX.length);
        assertThat(c).hasSize(131);
        assertThat(mac(rs, c)).isEqualTo("f3ffc7703f9400e52a7dfb4b3d3305d9");
    }

    @Test
    void poly1305MatchesRfc8439Section252() {
        byte[] key = hex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
        byte[] msg = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);
        assertThat(mac(key, msg)).isEqualTo("a8061dc1305136c6c22b8baf0c0127a9");
    }

    /** RFC 8439 appendix A.3, vectors 5 to 11: the reduction's edge cases. */
    @Test
    void poly1305MatchesRfc8439EdgeCaseVectors() {
        String r2 = "02000000000000000000000000000000";
        String r1 = "01000000000000000000000000000000";
        String zero = "00000000000000000000000000000000";
        String ff = "ffffffffffffffffffffffffffffffff";
        // #5: h wraps to exactly 2^130 - 5 + 8; #6: s's addition carries out of 128 bits.
        assertThat(mac(hex(r2 + zero), hex(ff))).isEqualTo("03000000000000000000000000000000");
        assertThat(mac(hex(r2 + ff), hex("02000000000000000000000000000000"))).isEqualTo("03000000000000000000000000000000");
        // #7 and #8: carries across limbs to the top and back.
        assertThat(mac(hex(r1 + zero), hex(ff + "f0ffffffffffffffffffffffffffffff" + "11000000000000000000000000000000")))
                .isEqualTo("05000000000000000000000000000000");
        assertThat(mac(hex(r1 + zero), hex(ff + "fbfefefefefefefefefefefefefefefe" + "01010101010101010101010101010101")))
                .isEqualTo("00000000000000000000000000000000");
        // #9: h = p - 1 + ..., just below the modulus.
        assertThat(mac(hex(r2 + zero), hex("fdffffffffffffffffffffffffffffff"))).isEqualTo("faffffffffffffffffffffffffffffff");
        // #10 and #11: a larger r.
        String r10 = "01000000000000000400000000000000";
        assertThat(mac(hex(r10 + zero), hex("e33594d7505e43b900000000000000003394d7505e4379cd01000000000000000000000000000000000000000000000001000000000000000000000000000000")))
                .isEqualTo("14000000000000005500000000000000");
        assertThat(mac(hex(r10 + zero), hex("e33594d7505e43b900000000000000003394d7505e4379cd010000000000000000000000000000000000000000000000")))
                .isEqualTo("13000000000000000000000000000000");
    }

    private static String mac(byte[] key, byte[] msg) {
        Poly1305Mac p = new Poly1305Mac();
        p.init(key, 0);
        p.update(msg, 0, msg.length);
        byte[] tag = new byte[16];
        p.doFinal(tag, 0);
        return HEX.formatHex(tag);
    }
}
