package io.monocoque.zmq.keys;

import java.util.Arrays;
import java.util.Objects;

/**
 * Z85 encoding (ZeroMQ RFC 32/Z85): the printable form of CURVE keys, four bytes to five
 * characters, big endian. Padding is the caller's business, as the RFC says: the binary length
 * must be a multiple of 4 and the text length a multiple of 5.
 */
public final class Z85 {

    /** The RFC's table of the characters for the values 0 to 84. */
    private static final char[] ALPHABET =
            ("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#")
                    .toCharArray();

    /** Character (ASCII only) to value, -1 for characters outside the alphabet. */
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
        }
    }

    private Z85() {
    }

    /**
     * Encodes {@code data}, whose length must be a multiple of 4.
     *
     * @throws IllegalArgumentException when the length is not a multiple of 4
     */
    public static String encode(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (data.length % 4 != 0) {
            throw new IllegalArgumentException(
                    "Z85 encodes whole 4-byte groups: " + data.length + " bytes is not a multiple of 4");
        }
        char[] text = new char[data.length / 4 * 5];
        int t = 0;
        for (int i = 0; i < data.length; i += 4) {
            long value = ((data[i] & 0xFFL) << 24) | ((data[i + 1] & 0xFFL) << 16)
                    | ((data[i + 2] & 0xFFL) << 8) | (data[i + 3] & 0xFFL);
            // Most significant digit first.
            for (int d = 4; d >= 0; d--) {
                text[t + d] = ALPHABET[(int) (value % 85)];
                value /= 85;
            }
            t += 5;
        }
        return new String(text);
    }

    /**
     * Decodes {@code text}, whose length must be a multiple of 5 and whose characters must all
     * be in the Z85 alphabet, each 5-character group standing for a value that fits 32 bits.
     *
     * @throws IllegalArgumentException naming the position (and the offending character) of the
     *     first problem
     */
    public static byte[] decode(String text) {
        return decode(text, true);
    }

    /**
     * Like {@link #decode(String)}, but the exception message names positions only, never a
     * character of the text: for secret keys, which must not leak into logs piece by piece.
     *
     * @throws IllegalArgumentException naming the position of the first problem
     */
    public static byte[] decodeRedacted(String text) {
        return decode(text, false);
    }

    private static byte[] decode(String text, boolean showCharacters) {
        Objects.requireNonNull(text, "text");
        if (text.length() % 5 != 0) {
            throw new IllegalArgumentException("Z85 text must be whole 5-character groups: "
                    + text.length() + " characters is not a multiple of 5");
        }
        byte[] data = new byte[text.length() / 5 * 4];
        int b = 0;
        for (int i = 0; i < text.length(); i += 5) {
            long value = 0;
            for (int j = i; j < i + 5; j++) {
                char c = text.charAt(j);
                int digit = c < 128 ? VALUES[c] : -1;
                if (digit < 0) {
                    throw new IllegalArgumentException("Z85 text has a character outside the Z85 alphabet at position "
                            + j + (showCharacters ? ": " + describe(c) : ""));
                }
                value = value * 85 + digit;
            }
            // Five base-85 digits reach 85^5 - 1 > 2^32 - 1: groups above that are not Z85 output.
            if (value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("Z85 group at positions " + i + ".." + (i + 4)
                        + (showCharacters ? " (\"" + text.substring(i, i + 5) + "\")" : "")
                        + " decodes to more than 32 bits");
            }
            data[b++] = (byte) (value >>> 24);
            data[b++] = (byte) (value >>> 16);
            data[b++] = (byte) (value >>> 8);
            data[b++] = (byte) value;
        }
        return data;
    }

    /** A character for an error message: quoted when printable, always with its code point. */
    private static String describe(char c) {
        String code = String.format("U+%04X", (int) c);
        return c >= 0x20 && c < 0x7F ? "'" + c + "' (" + code + ")" : code;
    }
}
