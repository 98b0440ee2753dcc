package io.monocoque.zmq.keys;

import io.monocoque.zmq.security.curve.CryptoBox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A CURVE certificate in czmq's file format, so that keys made with czmq's {@code zcert} (or
 * {@code curve_keygen}) work here and the other way round. The files are ZPL (RFC 4/ZPL): a
 * public {@code .key} file with a {@code metadata} section and a {@code curve} section holding
 * {@code public-key = "<Z85>"}, and a {@code .key_secret} file that also holds
 * {@code secret-key = "<Z85>"}.
 *
 * <p>Errors name the file and line and say what is wrong, but never quote a secret key or the
 * line that holds it. I/O failures surface as {@link UncheckedIOException}; bad content as
 * {@link IllegalArgumentException}.
 */
public final class CurveCertificate {

    private static final String SECRET_SUFFIX = "_secret";
    /** Certificates are a few hundred bytes; refuse to read anything absurdly large into memory. */
    private static final long MAX_FILE_BYTES = 1 << 20;
    private static final int Z85_KEY_CHARS = 40;

    private final byte[] publicKey;
    private final byte[] secretKey;
    private final Map<String, String> metadata;

    private CurveCertificate(byte[] publicKey, byte[] secretKey, Map<String, String> metadata) {
        this.publicKey = publicKey;
        this.secretKey = secretKey;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * A certificate for saving: {@code secretKey} may be null for a public-only certificate.
     * Arrays are copied.
     *
     * @throws IllegalArgumentException on wrong key lengths, a secret key that does not belong to
     *     the public key, or metadata that the file format cannot hold
     */
    public static CurveCertificate of(byte[] publicKey, byte[] secretKey, Map<String, String> metadata) {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(metadata, "metadata");
        if (publicKey.length != CryptoBox.KEY_BYTES) {
            throw new IllegalArgumentException("a public key is 32 bytes, got " + publicKey.length);
        }
        if (secretKey != null) {
            if (secretKey.length != CryptoBox.KEY_BYTES) {
                throw new IllegalArgumentException("a secret key is 32 bytes, got " + secretKey.length);
            }
            if (!Arrays.equals(CryptoBox.publicKey(secretKey), publicKey)) {
                throw new IllegalArgumentException("the secret key does not belong to the public key");
            }
        }
        metadata.forEach(CurveCertificate::checkMetadata);
        return new CurveCertificate(publicKey.clone(), secretKey == null ? null : secretKey.clone(), metadata);
    }

    /**
     * Loads a public or a secret certificate file: the public key always, the secret key when
     * the file has one. Only the named file is read (no {@code _secret} sibling is looked up).
     *
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException naming the file and line when the content is not a
     *     valid certificate
     */
    public static CurveCertificate load(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(file + ": larger than " + MAX_FILE_BYTES
                        + " bytes, not a CURVE certificate");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text, not a CURVE certificate");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CURVE certificate " + file + ": " + e, e);
        }
        return parse(file.toString(), text);
    }

    /**
     * Loads every public certificate in {@code dir} (not recursive), in file-name order: the
     * set of client keys a CURVE server allows. Files whose names end in {@code _secret} and
     * hidden files are skipped; every other regular file must be a valid certificate, so that a
     * mistake in the allowed-keys directory fails loudly instead of silently locking a client
     * out. Secret keys found in the files are not kept.
     *
     * @throws UncheckedIOException when the directory cannot be listed or a file cannot be read
     * @throws IllegalArgumentException when {@code dir} is not a directory or a file is not a
     *     valid certificate
     */
    public static List<CurveCertificate> loadDirectory(Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory of CURVE certificates");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(Files::isRegularFile)
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        return !name.startsWith(".") && !name.endsWith(SECRET_SUFFIX);
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list CURVE certificate directory " + dir + ": " + e, e);
        }
        List<CurveCertificate> certificates = new ArrayList<>(files.size());
        for (Path file : files) {
            CurveCertificate cert = load(file);
            if (cert.secretKey != null) {
                Arrays.fill(cert.secretKey, (byte) 0);
                cert = new CurveCertificate(cert.publicKey, null, cert.metadata);
            }
            certificates.add(cert);
        }
        return List.copyOf(certificates);
    }

    /** The 32-byte public key (a copy). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The 32-byte secret key (a copy), or null for a public certificate. */
    public byte[] secretKey() {
        return secretKey == null ? null : secretKey.clone();
    }

    /** The {@code metadata} section's properties, in file order (unmodifiable). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Writes czmq-compatible files: the public certificate to {@code publicFile} and, when
     * {@code secretFile} is not null, the secret one to it, created with owner-only permissions
     * (rw-------) where the file system supports POSIX permissions. Each file is written to a
     * temporary file and moved into place, so a crash never leaves a half-written key, and the
     * secret file is never readable by others, not even for a moment.
     *
     * @throws IllegalStateException when {@code secretFile} is given but there is no secret key
     * @throws UncheckedIOException when a file cannot be written
     */
    public void save(Path publicFile, Path secretFile) {
        Objects.requireNonNull(publicFile, "publicFile");
        if (secretFile != null && secretKey == null) {
            throw new IllegalStateException("this certificate has no secret key to save to " + secretFile);
        }
        String generated = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        writeAtomically(publicFile, render(generated, false), false);
        if (secretFile != null) {
            writeAtomically(secretFile, render(generated, true), true);
        }
    }

    @Override
    public String toString() {
        return "CurveCertificate[public-key=" + Z85.encode(publicKey)
                + (secretKey != null ? ", with secret key" : "") + ", metadata=" + metadata + "]";
    }

    // ---- writing ----

    private String render(String generated, boolean withSecret) {
        StringBuilder out = new StringBuilder(512);
        out.append("#   ****  Generated on ").append(generated).append(" by Monocoque  ****\n");
        if (withSecret) {
            out.append("#   ZeroMQ CURVE **Secret** Certificate\n");
            out.append("#   Holds a secret key: keep it private, readable by its owner only.\n");
        } else {
            out.append("#   ZeroMQ CURVE Public Certificate\n");
            out.append("#   Safe to share; check that it arrived unaltered before trusting it.\n");
        }
        out.append('\n');
        out.append("metadata\n");
        metadata.forEach((name, value) -> {
            char quote = value.indexOf('"') < 0 ? '"' : '\'';
            out.append("    ").append(name).append(" = ").append(quote).append(value).append(quote).append('\n');
        });
        out.append("curve\n");
        out.append("    public-key = \"").append(Z85.encode(publicKey)).append("\"\n");
        if (withSecret) {
            out.append("    secret-key = \"").append(Z85.encode(secretKey)).append("\"\n");
        }
        return out.toString();
    }

    private static void writeAtomically(Path target, String content, boolean ownerOnly) {
        Path dir = target.toAbsolutePath().getParent();
        FileAttribute<?>[] attributes = new FileAttribute<?>[0];
        if (ownerOnly && dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            attributes = new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                    EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))};
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attributes);
            if (!ownerOnly && dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // createTempFile makes files owner-only; a public certificate is meant to be readable.
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CURVE certificate " + target + ": " + e, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // Best effort: the original failure is what the caller needs to see.
                }
            }
        }
    }

    private static void checkMetadata(String name, String value) {
        Objects.requireNonNull(name, "metadata name");
        Objects.requireNonNull(value, "metadata value of " + name);
        if (name.isEmpty() || !name.chars().allMatch(CurveCertificate::isNameChar)) {
            throw new IllegalArgumentException("metadata name \"" + name
                    + "\" must be letters, digits and $ - _ @ . & + / only (ZPL names)");
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("metadata value of " + name + " must be a single line");
        }
        if (value.indexOf('"') >= 0 && value.indexOf('\'') >= 0) {
            // ZPL has no escapes: a value is quoted with one kind of quote and may not contain it.
            throw new IllegalArgumentException(
                    "metadata value of " + name + " cannot contain both single and double quotes");
        }
    }

    // ---- parsing ----

    /** The ZPL name grammar: ALPHA | DIGIT | "$" | "-" | "_" | "@" | "." | "&" | "+" | "/". */
    private static boolean isNameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "$-_@.&+/".indexOf(c) >= 0;
    }

    private static CurveCertificate parse(String source, String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<String> path = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        String publicText = null;
        String secretText = null;
        int publicLine = 0;
        int secretLine = 0;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = stripTrailing(lines[i]);
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == ' ') {
                indent++;
            }
            if (indent == line.length() || line.charAt(indent) == '#') {
                continue;
            }
            if (Character.isWhitespace(line.charAt(indent))) {
                throw error(source, lineNo, "indentation must be spaces, 4 per level (found a tab or other whitespace)");
            }
            if (indent % 4 != 0) {
                throw error(source, lineNo, "indentation of " + indent + " spaces is not a multiple of 4");
            }
            int level = indent / 4;
            if (level > path.size()) {
                throw error(source, lineNo, "indented more than one level deeper than the property above");
            }
            int nameEnd = indent;
            while (nameEnd < line.length() && isNameChar(line.charAt(nameEnd))) {
                nameEnd++;
            }
            if (nameEnd == indent) {
                // The line's text is not quoted: it could be a misplaced secret key.
                throw error(source, lineNo, "expected a property name at column " + (indent + 1));
            }
            String name = line.substring(indent, nameEnd);
            String value = null;
            int p = skipSpaces(line, nameEnd);
            if (p < line.length() && line.charAt(p) != '#') {
                if (line.charAt(p) != '=') {
                    // The name is not echoed: an unquoted key on a line of its own parses as a "name".
                    throw error(source, lineNo, "expected '=' or the end of the line after the property name, at column "
                            + (p + 1));
                }
                value = parseValue(line, skipSpaces(line, p + 1));
            }
            while (path.size() > level) {
                path.remove(path.size() - 1);
            }
            path.add(name);
            if (level != 1 || value == null) {
                continue;
            }
            String section = path.get(0);
            if (section.equals("metadata")) {
                if (metadata.putIfAbsent(name, value) != null) {
                    throw error(source, lineNo, "metadata property '" + name + "' appears twice");
                }
            } else if (section.equals("curve")) {
                if (name.equals("public-key")) {
                    if (publicText != null) {
                        throw error(source, lineNo, "a second public-key (the first is on line " + publicLine + ")");
                    }
                    publicText = value;
                    publicLine = lineNo;
                } else if (name.equals("secret-key")) {
                    if (secretText != null) {
                        throw error(source, lineNo, "a second secret-key (the first is on line " + secretLine + ")");
                    }
                    secretText = value;
                    secretLine = lineNo;
                }
            }
            // Anything else is ignored, as czmq does: certificates may carry more than keys.
        }
        if (publicText == null) {
            throw new IllegalArgumentException(source
                    + ": no public-key in a 'curve' section, not a CURVE certificate");
        }
        byte[] publicKey = decodeKey(source, publicLine, "public-key", publicText, false);
        byte[] secretKey = null;
        if (secretText != null) {
            secretKey = decodeKey(source, secretLine, "secret-key", secretText, true);
            if (!Arrays.equals(CryptoBox.publicKey(secretKey), publicKey)) {
                Arrays.fill(secretKey, (byte) 0);
                throw error(source, secretLine,
                        "secret-key does not belong to the public-key on line " + publicLine);
            }
        }
        return new CurveCertificate(publicKey, secretKey, metadata);
    }

    /** A value after '=': quoted (the quotes dropped) when it is wholly quoted, else up to a comment. */
    private static String parseValue(String line, int start) {
        if (start >= line.length()) {
            return "";
        }
        char first = line.charAt(start);
        if (first == '"' || first == '\'') {
            int close = line.indexOf(first, start + 1);
            if (close > 0) {
                int after = skipSpaces(line, close + 1);
                if (after == line.length() || line.charAt(after) == '#') {
                    return line.substring(start + 1, close);
                }
            }
            // ZPL: a value that starts with a quote without a matching end quote is unquoted.
        }
        int hash = line.indexOf('#', start);
        return stripTrailing(hash < 0 ? line.substring(start) : line.substring(start, hash));
    }

    private static byte[] decodeKey(String source, int lineNo, String what, String text, boolean secret) {
        if (text.length() != Z85_KEY_CHARS) {
            throw error(source, lineNo, what + " must be " + Z85_KEY_CHARS + " Z85 characters, found "
                    + text.length());
        }
        try {
            return secret ? Z85.decodeRedacted(text) : Z85.decode(text);
        } catch (IllegalArgumentException e) {
            // decodeRedacted's messages carry positions only, never characters of the key.
            throw error(source, lineNo, what + " is not valid Z85: " + e.getMessage());
        }
    }

    private static IllegalArgumentException error(String source, int lineNo, String problem) {
        return new IllegalArgumentException(source + ":" + lineNo + ": " + problem);
    }

    private static int skipSpaces(String s, int from) {
        int i = from;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
