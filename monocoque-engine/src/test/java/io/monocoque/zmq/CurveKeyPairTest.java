package io.monocoque.zmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.monocoque.zmq.security.curve.CryptoBox;
import io.monocoque.zmq.keys.CurveCertificate;
import io.monocoque.zmq.keys.Z85;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveKeyPairTest {

    // libzmq-generated (zmq_curve_keypair) benchmark keys from the anchors.
    private static final String SERVER_PUBLIC = "k?45HyqaNTXW*dB.b{z@}nGCtTxi)e=:POScY2C{";
    private static final String SERVER_SECRET = "9S@GT-enZRF}RZ-6nmhUK43e[sjQKy:Lb6DjJ-ag";
    private static final String CLIENT_PUBLIC = "hWq!4mkawN!olL#hz4Yo+<+/B5VJL@7hsSKZ^T60";
    private static final String CLIENT_SECRET = "hIKk)[/GGax/lybQE4&HTki4W6m!7FkW:Fb[j/gN";

    @TempDir
    Path dir;

    @Test
    void generateGivesDistinctConsistentPairs() {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            CurveKeyPair pair = CurveKeyPair.generate();
            assertThat(pair.publicKey()).isEqualTo(CryptoBox.publicKey(pair.secretKey())).hasSize(32);
            assertThat(pair.secretKeyZ85()).hasSize(40);
            assertThat(pair.publicKeyZ85()).hasSize(40).isEqualTo(Z85.encode(pair.publicKey()));
            assertThat(secrets.add(pair.secretKeyZ85())).isTrue();
            assertThat(CurveKeyPair.fromSecretKey(pair.secretKeyZ85())).isEqualTo(pair);
        }
    }

    @Test
    void toStringShowsThePublicKeyOnly() {
        CurveKeyPair pair = CurveKeyPair.of(SERVER_PUBLIC, SERVER_SECRET);
        assertThat(pair.toString()).contains(SERVER_PUBLIC).doesNotContain(SERVER_SECRET);
        CurveKeyPair generated = CurveKeyPair.generate();
        assertThat(generated.toString()).contains(generated.publicKeyZ85()).doesNotContain(generated.secretKeyZ85());
    }

    @Test
    void derivesTheLibzmqPublicKeys() {
        assertThat(CurveKeyPair.fromSecretKey(SERVER_SECRET).publicKeyZ85()).isEqualTo(SERVER_PUBLIC);
        assertThat(CurveKeyPair.fromSecretKey(CLIENT_SECRET).publicKeyZ85()).isEqualTo(CLIENT_PUBLIC);
        CurveKeyPair fromBytes = CurveKeyPair.fromSecretKey(Z85.decode(CLIENT_SECRET));
        assertThat(fromBytes.publicKeyZ85()).isEqualTo(CLIENT_PUBLIC);
        assertThat(fromBytes.secretKeyZ85()).isEqualTo(CLIENT_SECRET);
    }

    @Test
    void ofChecksThatThePublicKeyBelongsToTheSecret() {
        CurveKeyPair ok = CurveKeyPair.of(CLIENT_PUBLIC, CLIENT_SECRET);
        assertThat(ok.publicKeyZ85()).isEqualTo(CLIENT_PUBLIC);
        ZmqException e = catchThrowableOfType(ZmqException.class, () -> CurveKeyPair.of(SERVER_PUBLIC, CLIENT_SECRET));
        assertThat(e.error()).isEqualTo(ZmqError.EINVAL);
        assertThat(e).hasMessageContaining("does not belong").hasMessageNotContaining(CLIENT_SECRET);
    }

    @Test
    void keysAreCopied() {
        byte[] secret = Z85.decode(SERVER_SECRET);
        CurveKeyPair pair = CurveKeyPair.fromSecretKey(secret);
        secret[0] ^= 1;
        pair.secretKey()[1] ^= 1;
        pair.publicKey()[1] ^= 1;
        assertThat(pair.secretKeyZ85()).isEqualTo(SERVER_SECRET);
        assertThat(pair.publicKeyZ85()).isEqualTo(SERVER_PUBLIC);
    }

    @Test
    void decodeKeyExplainsWithoutEchoing() {
        assertThat(CurveKeyPair.decodeKey(SERVER_PUBLIC)).isEqualTo(Z85.decode(SERVER_PUBLIC));

        assertEinval(() -> CurveKeyPair.decodeKey(null), "required, got null", null);
        assertEinval(() -> CurveKeyPair.decodeKey(SERVER_SECRET.substring(0, 39)), "40 Z85 characters, got 39",
                SERVER_SECRET);
        String hex = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
        assertEinval(() -> CurveKeyPair.decodeKey(hex), "hex keys are not accepted", hex);
        String badChar = SERVER_SECRET.substring(0, 20) + "~" + SERVER_SECRET.substring(21);
        assertEinval(() -> CurveKeyPair.decodeKey(badChar), "position 20", badChar);
        String overflow = "#####" + SERVER_SECRET.substring(5);
        assertEinval(() -> CurveKeyPair.decodeKey(overflow), "more than 32 bits", overflow);
        assertEinval(() -> CurveKeyPair.fromSecretKey(new byte[31]), "32 bytes, got 31 bytes", null);
        assertEinval(() -> CurveKeyPair.fromSecretKey((byte[]) null), "32 bytes, got null", null);
    }

    private static void assertEinval(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String expected,
            String secret) {
        ZmqException e = catchThrowableOfType(ZmqException.class, call);
        assertThat(e).as("expected a ZmqException").isNotNull();
        assertThat(e.error()).isEqualTo(ZmqError.EINVAL);
        assertThat(e).hasMessageContaining(expected);
        if (secret != null) {
            for (int i = 0; i + 5 <= secret.length(); i++) {
                assertThat(e.getMessage()).doesNotContain(secret.substring(i, i + 5));
            }
        }
    }

    @Test
    void loadsASecretCertificate() {
        Path pub = dir.resolve("server.key");
        Path sec = dir.resolve("server.key_secret");
        CurveCertificate.of(Z85.decode(SERVER_PUBLIC), Z85.decode(SERVER_SECRET), Map.of("name", "server")).save(pub, sec);
        CurveKeyPair pair = CurveKeyPair.load(sec);
        assertThat(pair.publicKeyZ85()).isEqualTo(SERVER_PUBLIC);
        assertThat(pair.secretKeyZ85()).isEqualTo(SERVER_SECRET);

        ZmqException e = catchThrowableOfType(ZmqException.class, () -> CurveKeyPair.load(pub));
        assertThat(e.error()).isEqualTo(ZmqError.EINVAL);
        assertThat(e).hasMessageContaining("no secret-key").hasMessageContaining(pub.toString());

        assertThatThrownBy(() -> CurveKeyPair.load(dir.resolve("missing")))
                .isInstanceOf(ZmqException.class)
                .hasMessageContaining("missing");
    }
}
