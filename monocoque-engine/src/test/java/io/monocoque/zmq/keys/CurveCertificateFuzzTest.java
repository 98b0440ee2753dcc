package io.monocoque.zmq.keys;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.monocoque.zmq.security.curve.CryptoBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz test of czmq certificate files (ZPL), which an operator drops into an allowed-keys
 * directory: a file loads into keys that belong together, or is refused with an
 * {@link IllegalArgumentException} naming the file and line, and never with a secret key's text
 * in the message. A loaded certificate saves and loads back to the same keys and metadata.
 *
 * <p>{@code mvn verify} runs it in regression mode (the empty input and the files under
 * {@code src/test/resources/io/monocoque/zmq/keys/CurveCertificateFuzzTestInputs/<method>/});
 * to fuzz it, see docs/fuzzing.md.
 */
class CurveCertificateFuzzTest {

    private static final Pattern SECRET_LINE = Pattern.compile("(?m)^\\s*secret-key\\s*=\\s*[\"']?([^\"'#\\r\\n]*)");

    private static Path dir;

    @BeforeAll
    static void directory() throws IOException {
        dir = Files.createTempDirectory("certificate-fuzz");
    }

    @AfterAll
    static void removeDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest(maxDuration = "1m")
    void certificateLoadsWholeOrIsRefusedWithoutShowingASecret(byte[] content) throws IOException {
        Path file = dir.resolve("client.key");
        Files.write(file, content);
        CurveCertificate cert;
        try {
            cert = CurveCertificate.load(file);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).startsWith(file.toString());
            String text = new String(content, StandardCharsets.UTF_8);
            Matcher m = SECRET_LINE.matcher(text);
            while (m.find()) {
                String secret = m.group(1).strip();
                if (secret.length() >= 8) {
                    assertThat(refused.getMessage()).as("a refusal never quotes a secret key").doesNotContain(secret);
                }
            }
            return;
        }
        assertThat(cert.publicKey()).hasSize(32);
        if (cert.secretKey() != null) {
            assertThat(CryptoBox.publicKey(cert.secretKey())).as("the secret key belongs to the public key").isEqualTo(cert.publicKey());
        }
        assertThat(cert.toString()).doesNotContain(cert.secretKey() == null ? "\0\0\0" : Z85.encode(cert.secretKey()));

        CurveCertificate copy;
        try {
            copy = CurveCertificate.of(cert.publicKey(), cert.secretKey(), cert.metadata());
        } catch (IllegalArgumentException unsaveable) {
            // ZPL cannot write every value it can read (one holding both kinds of quote).
            return;
        }
        Path publicFile = dir.resolve("saved.key");
        Path secretFile = dir.resolve("saved.key_secret");
        copy.save(publicFile, cert.secretKey() == null ? null : secretFile);
        CurveCertificate back = CurveCertificate.load(cert.secretKey() == null ? publicFile : secretFile);
        assertThat(back.publicKey()).isEqualTo(cert.publicKey());
        assertThat(back.secretKey()).isEqualTo(cert.secretKey());
        assertThat(back.metadata()).isEqualTo(cert.metadata());
    }
}
