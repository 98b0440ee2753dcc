package io.monocoque.zmq.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Z85Test {

    /** RFC 32/Z85's test case. */
    private static final byte[] RFC_BYTES = {
        (byte) 0x86, 0x4F, (byte) 0xD2, 0x6F, (byte) 0xB5, 0x59, (byte) 0xF7, 0x5B
    };

    @Test
    void rfcTestVectorEncodes() {
        assertThat(Z85.encode(RFC_BYTES)).isEqualTo("HelloWorld");
    }

    @Test
    void rfcTestVectorDecodes() {
        assertThat(Z85.decode("HelloWorld")).isEqualTo(RFC_BYTES);
        assertThat(Z85.decodeRedacted("HelloWorld")).isEqualTo(RFC_BYTES);
    }

    @Test
    void emptyIsEmpty() {
        assertThat(Z85.encode(new byte[0])).isEmpty();
        assertThat(Z85.decode("")).isEmpty();
    }

    @Test
    void extremesOfAGroup() {
        assertThat(Z85.encode(new byte[4])).isEqualTo("00000");
        String max = Z85.encode(new byte[] {-1, -1, -1, -1});
        assertThat(max).isEqualTo("%nSc0");
        assertThat(Z85.decode(max)).containsExactly(-1, -1, -1, -1);
    }

    @Test
    void randomDataRoundTrips() {
        Random random = new Random(32);
        for (int len = 0; len <= 256; len += 4) {
            for (int round = 0; round < 20; round++) {
                byte[] data = new byte[len];
                random.nextBytes(data);
                String text = Z85.encode(data);
                assertThat(text).hasSize(len / 4 * 5);
                assertThat(Z85.decode(text)).isEqualTo(data);
            }
        }
    }

    @Test
    void everyCharacterOfTheAlphabetRoundTrips() {
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
        // 85 characters = 17 groups, but groups starting high overflow 32 bits; test each char
        // as the last digit of a group, where any value fits.
        for (int i = 0; i < alphabet.length(); i++) {
            String group = "0000" + alphabet.charAt(i);
            byte[] decoded = Z85.decode(group);
            assertThat(decoded[3] & 0xFF).isEqualTo(i);
            assertThat(Z85.encode(decoded)).isEqualTo(group);
        }
    }

    @Test
    void encodeRejectsLengthNotAMultipleOf4() {
        for (int len : new int[] {1, 2, 3, 5, 31, 33}) {
            assertThatThrownBy(() -> Z85.encode(new byte[len]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(len + " bytes is not a multiple of 4");
        }
    }

    @Test
    void decodeRejectsLengthNotAMultipleOf5() {
        for (String text : new String[] {"H", "Hell", "HelloW", "HelloWorl"}) {
            assertThatThrownBy(() -> Z85.decode(text))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(text.length() + " characters is not a multiple of 5");
        }
    }

    @Test
    void decodeNamesPositionAndCharacterOutsideTheAlphabet() {
        assertThatThrownBy(() -> Z85.decode("Hello~orld"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position 5")
                .hasMessageContaining("'~' (U+007E)");
        // Quotes, comma, backslash, space, underscore, pipe and backquote are not Z85.
        for (char c : new char[] {'"', '\'', ',', '\\', ' ', '_', '|', '`', ';'}) {
            assertThatThrownBy(() -> Z85.decode("Hell" + c))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("position 4");
        }
    }

    @Test
    void decodeDescribesNonPrintableAndNonAsciiCharactersByCodePoint() {
        assertThatThrownBy(() -> Z85.decode("Hell\u00e9"))
                .hasMessageContaining("position 4")
                .hasMessageContaining("U+00E9");
        assertThatThrownBy(() -> Z85.decode("\u0000ello"))
                .hasMessageContaining("position 0")
                .hasMessageContaining("U+0000");
    }

    @Test
    void decodeRejectsGroupsAbove32Bits() {
        assertThatThrownBy(() -> Z85.decode("HelloWorld#####"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positions 10..14")
                .hasMessageContaining("more than 32 bits");
        // One above the largest valid group "%nSc0" (0xFFFFFFFF).
        assertThatThrownBy(() -> Z85.decode("%nSc1")).hasMessageContaining("more than 32 bits");
    }

    @Test
    void redactedDecodeNamesPositionsButNoCharacters() {
        assertThatThrownBy(() -> Z85.decodeRedacted("Hello~orld"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position 5")
                .hasMessageNotContaining("~")
                .hasMessageNotContaining("Hello");
        assertThatThrownBy(() -> Z85.decodeRedacted("HelloWorld#####"))
                .hasMessageContaining("positions 10..14")
                .hasMessageNotContaining("#####");
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> Z85.encode(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Z85.decode(null)).isInstanceOf(NullPointerException.class);
    }
}
