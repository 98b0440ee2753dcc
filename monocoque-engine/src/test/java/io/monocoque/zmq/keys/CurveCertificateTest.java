package io.monocoque.zmq.keys;

import static io.monocoque.zmq.security.curve.CryptoBoxTest.CLIENT_PUBLIC;
import static io.monocoque.zmq.security.curve.CryptoBoxTest.CLIENT_SECRET;
import static io.monocoque.zmq.security.curve.CryptoBoxTest.SERVER_PUBLIC;
import static io.monocoque.zmq.security.curve.CryptoBoxTest.SERVER_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveCertificateTest {

    @TempDir
    Path dir;

    /** A secret certificate laid out exactly as czmq's zcert_save writes one. */
    private static String czmqSecretFile(String publicKey, String secretKey) {
        return "#   ****  Generated on 2015-05-26 15:32:08 by CZMQ  ****\n"
                + "#   ZeroMQ CURVE **Secret** Certificate\n"
                + "#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n"
                + "\n"
                + "metadata\n"
                + "    name = \"benchmark server\"\n"
                + "    email = \"ops@example.com\"\n"
                + "curve\n"
                + "    public-key = \"" + publicKey + "\"\n"
                + "    secret-key = \"" + secretKey + "\"\n";
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void loadsAHandWrittenCzmqSecretCertificate() throws IOException {
        // The server keys contain '=' and ':', the client keys '#': all inside quotes.
        CurveCertificate server = CurveCertificate.load(write("server.key_secret", czmqSecretFile(SERVER_PUBLIC, SERVER_SECRET)));
        assertThat(Z85.encode(server.publicKey())).isEqualTo(SERVER_PUBLIC);
        assertThat(Z85.encode(server.secretKey())).isEqualTo(SERVER_SECRET);
        assertThat(server.metadata()).containsExactly(
                Map.entry("name", "benchmark server"), Map.entry("email", "ops@example.com"));
        assertThat(server.toString()).contains(SERVER_PUBLIC).doesNotContain(SERVER_SECRET);

        CurveCertificate client = CurveCertificate.load(write("client.key_secret", czmqSecretFile(CLIENT_PUBLIC, CLIENT_SECRET)));
        assertThat(Z85.encode(client.secretKey())).isEqualTo(CLIENT_SECRET);
    }

    @Test
    void loadsAPublicCertificateWithEmptyMetadataCrLfAndComments() throws IOException {
        String text = "#   ****  Generated on 2015-05-26 15:32:08 by CZMQ  ****\r\n"
                + "#   ZeroMQ CURVE Public Certificate\r\n"
                + "\r\n"
                + "metadata\r\n"
                + "curve    # the keys\r\n"
                + "    public-key = \"" + CLIENT_PUBLIC + "\"   # quoted, so the '#' in the key is not a comment\r\n"
                + "extra\r\n"
                + "    ignored = yes\r\n";
        CurveCertificate cert = CurveCertificate.load(write("client.key", text));
        assertThat(Z85.encode(cert.publicKey())).isEqualTo(CLIENT_PUBLIC);
        assertThat(cert.secretKey()).isNull();
        assertThat(cert.metadata()).isEmpty();
    }

    @Test
    void unquotedAndSingleQuotedValuesAreAccepted() throws IOException {
        String text = "metadata\n    owner = alice   # a comment\n    role = 'admin \"x\"'\n"
                + "curve\n    public-key = " + SERVER_PUBLIC + "\n";
        CurveCertificate cert = CurveCertificate.load(write("c.key", text));
        assertThat(Z85.encode(cert.publicKey())).isEqualTo(SERVER_PUBLIC);
        assertThat(cert.metadata()).containsExactly(Map.entry("owner", "alice"), Map.entry("role", "admin \"x\""));
    }

    @Test
    void saveThenLoadRoundTrips() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("name", "server one");
        metadata.put("quote", "say \"hi\"");
        CurveCertificate cert = CurveCertificate.of(Z85.decode(SERVER_PUBLIC), Z85.decode(SERVER_SECRET), metadata);
        Path pub = dir.resolve("server.key");
        Path sec = dir.resolve("server.key_secret");
        cert.save(pub, sec);

        CurveCertificate loadedPublic = CurveCertificate.load(pub);
        assertThat(loadedPublic.publicKey()).isEqualTo(cert.publicKey());
        assertThat(loadedPublic.secretKey()).isNull();
        assertThat(loadedPublic.metadata()).isEqualTo(metadata);

        CurveCertificate loadedSecret = CurveCertificate.load(sec);
        assertThat(loadedSecret.publicKey()).isEqualTo(cert.publicKey());
        assertThat(loadedSecret.secretKey()).isEqualTo(cert.secretKey());
        assertThat(loadedSecret.metadata()).isEqualTo(metadata);
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void savedFilesLookLikeCzmqs() throws IOException {
        CurveCertificate cert = CurveCertificate.of(Z85.decode(CLIENT_PUBLIC), Z85.decode(CLIENT_SECRET), Map.of());
        Path pub = dir.resolve("client.key");
        Path sec = dir.resolve("client.key_secret");
        cert.save(pub, sec);
        List<String> publicLines = Files.readAllLines(pub);
        assertThat(publicLines.get(0)).matches("#   \\*\\*\\*\\*  Generated on .* by .*  \\*\\*\\*\\*");
        assertThat(publicLines).containsSubsequence("metadata", "curve", "    public-key = \"" + CLIENT_PUBLIC + "\"");
        assertThat(String.join("\n", publicLines)).doesNotContain("secret-key").doesNotContain(CLIENT_SECRET);
        assertThat(Files.readAllLines(sec)).containsSubsequence("metadata", "curve",
                "    public-key = \"" + CLIENT_PUBLIC + "\"", "    secret-key = \"" + CLIENT_SECRET + "\"");
    }

    @Test
    void secretFileIsOwnerOnlyAndPublicFileIsReadable() throws IOException {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Path pub = dir.resolve("s.key");
        Path sec = dir.resolve("s.key_secret");
        // Even when replacing an existing, world-readable file.
        Files.writeString(sec, "old");
        Files.setPosixFilePermissions(sec, PosixFilePermissions.fromString("rw-rw-rw-"));
        CurveCertificate.of(Z85.decode(SERVER_PUBLIC), Z85.decode(SERVER_SECRET), Map.of()).save(pub, sec);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sec))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pub))).isEqualTo("rw-r--r--");
    }

    @Test
    void savingASecretFileNeedsASecretKey() {
        CurveCertificate pub = CurveCertificate.of(Z85.decode(SERVER_PUBLIC), null, Map.of());
        assertThatThrownBy(() -> pub.save(dir.resolve("a.key"), dir.resolve("a.key_secret")))
                .isInstanceOf(IllegalStateException.class);
        pub.save(dir.resolve("a.key"), null);
        assertThat(dir.resolve("a.key")).exists();
        assertThat(dir.resolve("a.key_secret")).doesNotExist();
    }

    @Test
    void ofValidatesKeysAndMetadata() {
        byte[] pub = Z85.decode(SERVER_PUBLIC);
        byte[] wrongSecret = Z85.decode(CLIENT_SECRET);
        assertThatThrownBy(() -> CurveCertificate.of(pub, wrongSecret, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong")
                .hasMessageNotContaining(CLIENT_SECRET);
        assertThatThrownBy(() -> CurveCertificate.of(new byte[31], null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CurveCertificate.of(pub, null, Map.of("bad name", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad name");
        assertThatThrownBy(() -> CurveCertificate.of(pub, null, Map.of("n", "two\nlines")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CurveCertificate.of(pub, null, Map.of("n", "both ' and \"")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void copiesAreReturned() {
        CurveCertificate cert = CurveCertificate.of(Z85.decode(SERVER_PUBLIC), Z85.decode(SERVER_SECRET), Map.of());
        cert.publicKey()[0] ^= 1;
        cert.secretKey()[0] ^= 1;
        assertThat(Z85.encode(cert.publicKey())).isEqualTo(SERVER_PUBLIC);
        assertThat(Z85.encode(cert.secretKey())).isEqualTo(SERVER_SECRET);
        assertThatThrownBy(() -> cert.metadata().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- broken files: precise errors, never the secret ----

    /** Asserts the message names file and line and contains no 5-character piece of the secret. */
    private static void assertPreciseAndSecretFree(Throwable e, Path file, int line, String secret) {
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
        String message = e.getMessage();
        assertThat(message).startsWith(file + ":" + line + ": ");
        for (int i = 0; i + 5 <= secret.length(); i++) {
            assertThat(message).as("message leaks part of the secret: %s", message)
                    .doesNotContain(secret.substring(i, i + 5));
        }
    }

    private Throwable loadFailure(Path file) {
        return org.assertj.core.api.Assertions.catchThrowable(() -> CurveCertificate.load(file));
    }

    @Test
    void secretKeyOfWrongLength() throws IOException {
        String shortSecret = SERVER_SECRET.substring(0, 39);
        Path file = write("a.key_secret", czmqSecretFile(SERVER_PUBLIC, shortSecret));
        Throwable e = loadFailure(file);
        assertPreciseAndSecretFree(e, file, 10, SERVER_SECRET);
        assertThat(e).hasMessageContaining("secret-key must be 40 Z85 characters, found 39");
    }

    @Test
    void secretKeyWithACharacterOutsideZ85() throws IOException {
        String badSecret = SERVER_SECRET.substring(0, 12) + "~" + SERVER_SECRET.substring(13);
        Path file = write("a.key_secret", czmqSecretFile(SERVER_PUBLIC, badSecret));
        Throwable e = loadFailure(file);
        assertPreciseAndSecretFree(e, file, 10, badSecret);
        assertThat(e).hasMessageContaining("secret-key is not valid Z85").hasMessageContaining("position 12")
                .hasMessageNotContaining("~");
    }

    @Test
    void secretKeyThatDoesNotMatchThePublicKey() throws IOException {
        Path file = write("a.key_secret", czmqSecretFile(SERVER_PUBLIC, CLIENT_SECRET));
        Throwable e = loadFailure(file);
        assertPreciseAndSecretFree(e, file, 10, CLIENT_SECRET);
        assertThat(e).hasMessageContaining("does not belong to the public-key on line 9");
    }

    @Test
    void publicKeyErrorsNameTheProblem() throws IOException {
        Path file = write("a.key", "curve\n    public-key = \"" + SERVER_PUBLIC.substring(1) + "\"\n");
        assertThat(loadFailure(file)).hasMessage(file + ":2: public-key must be 40 Z85 characters, found 39");
        Path bad = write("b.key", "curve\n    public-key = \"" + "~" + SERVER_PUBLIC.substring(1) + "\"\n");
        assertThat(loadFailure(bad)).hasMessageStartingWith(bad + ":2: public-key is not valid Z85")
                .hasMessageContaining("position 0");
    }

    @Test
    void missingPublicKey() throws IOException {
        Path file = write("a.key", "#   comment only\nmetadata\n    name = x\ncurve\n");
        assertThat(loadFailure(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": no public-key in a 'curve' section, not a CURVE certificate");
        Path empty = write("empty.key", "");
        assertThat(loadFailure(empty)).hasMessageContaining("no public-key");
    }

    @Test
    void badIndentation() throws IOException {
        Path three = write("a.key_secret", czmqSecretFile(SERVER_PUBLIC, SERVER_SECRET)
                .replace("    secret-key", "   secret-key"));
        Throwable e = loadFailure(three);
        assertPreciseAndSecretFree(e, three, 10, SERVER_SECRET);
        assertThat(e).hasMessageContaining("indentation of 3 spaces is not a multiple of 4");

        Path tab = write("b.key_secret", czmqSecretFile(SERVER_PUBLIC, SERVER_SECRET)
                .replace("    secret-key", "\tsecret-key"));
        e = loadFailure(tab);
        assertPreciseAndSecretFree(e, tab, 10, SERVER_SECRET);
        assertThat(e).hasMessageContaining("tab");

        Path deep = write("c.key", "curve\n        public-key = \"" + SERVER_PUBLIC + "\"\n");
        assertThat(loadFailure(deep)).hasMessageStartingWith(deep + ":2: indented more than one level");
    }

    @Test
    void malformedLinesDoNotEchoTheirText() throws IOException {
        // A secret key pasted without its name, and one without '=': neither may be echoed.
        Path bare = write("a.key_secret", czmqSecretFile(SERVER_PUBLIC, SERVER_SECRET)
                .replace("    secret-key = \"" + SERVER_SECRET + "\"", "    " + SERVER_SECRET));
        Throwable e = loadFailure(bare);
        assertPreciseAndSecretFree(e, bare, 10, SERVER_SECRET);

        Path quotedBare = write("b.key_secret", czmqSecretFile(SERVER_PUBLIC, SERVER_SECRET)
                .replace("    secret-key = ", "    "));
        e = loadFailure(quotedBare);
        assertPreciseAndSecretFree(e, quotedBare, 10, SERVER_SECRET);
        assertThat(e).hasMessageContaining("expected a property name at column 5");

        Path noEquals = write("c.key_secret", czmqSecretFile(SERVER_PUBLIC, SERVER_SECRET)
                .replace("secret-key = ", "secret-key "));
        e = loadFailure(noEquals);
        assertPreciseAndSecretFree(e, noEquals, 10, SERVER_SECRET);
        assertThat(e).hasMessageContaining("expected '='");
    }

    @Test
    void duplicateKeys() throws IOException {
        String text = czmqSecretFile(SERVER_PUBLIC, SERVER_SECRET) + "    secret-key = \"" + SERVER_SECRET + "\"\n";
        Path file = write("a.key_secret", text);
        Throwable e = loadFailure(file);
        assertPreciseAndSecretFree(e, file, 11, SERVER_SECRET);
        assertThat(e).hasMessageContaining("a second secret-key (the first is on line 10)");
    }

    @Test
    void unreadableFiles() {
        Path missing = dir.resolve("missing.key");
        assertThatThrownBy(() -> CurveCertificate.load(missing))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void notUtf8() throws IOException {
        Path file = dir.resolve("bin.key");
        Files.write(file, new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF});
        assertThatThrownBy(() -> CurveCertificate.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not UTF-8");
    }

    // ---- directories ----

    @Test
    void loadDirectoryReadsPublicCertificatesOnly() throws IOException {
        CurveCertificate.of(Z85.decode(SERVER_PUBLIC), Z85.decode(SERVER_SECRET), Map.of("name", "s"))
                .save(dir.resolve("b-server.key"), dir.resolve("b-server.key_secret"));
        CurveCertificate.of(Z85.decode(CLIENT_PUBLIC), null, Map.of("name", "c"))
                .save(dir.resolve("a-client.key"), null);
        // A secret certificate under a public-looking name: its secret is not kept.
        write("c-stray.key", czmqSecretFile(CLIENT_PUBLIC, CLIENT_SECRET));
        write(".hidden", "not a certificate");
        Files.createDirectory(dir.resolve("sub"));

        List<CurveCertificate> certs = CurveCertificate.loadDirectory(dir);
        assertThat(certs).extracting(c -> Z85.encode(c.publicKey()))
                .containsExactly(CLIENT_PUBLIC, SERVER_PUBLIC, CLIENT_PUBLIC);
        assertThat(certs).allSatisfy(c -> assertThat(c.secretKey()).isNull());
        assertThat(certs.get(0).metadata()).containsEntry("name", "c");
    }

    @Test
    void loadDirectoryFailsLoudlyOnABrokenFile() throws IOException {
        CurveCertificate.of(Z85.decode(CLIENT_PUBLIC), null, Map.of()).save(dir.resolve("ok.key"), null);
        Path broken = write("zz-broken.key", "curve\n    public-key = \"short\"\n");
        assertThatThrownBy(() -> CurveCertificate.loadDirectory(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(broken + ":2:");
        assertThatThrownBy(() -> CurveCertificate.loadDirectory(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a directory");
    }
}
