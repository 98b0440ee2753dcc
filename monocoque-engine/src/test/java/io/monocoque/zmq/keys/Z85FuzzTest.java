package io.monocoque.zmq.keys;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fuzz tests of Z85 (RFC 32): encoding round-trips every byte string of whole 4-byte groups,
 * decoding round-trips or refuses, and the redacted decoder used for secret keys never quotes a
 * character of what it was given.
 *
 * <p>{@code mvn verify} runs them in regression mode (the empty input and the files under
 * {@code src/test/resources/io/monocoque/zmq/keys/Z85FuzzTestInputs/<method>/}); to fuzz one,
 * see docs/fuzzing.md.
 */
class Z85FuzzTest {

    private static final String ALPHABET =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

    /** The only messages the redacted decoder may give: positions and counts, nothing of the text. */
    private static final String REDACTED_MESSAGE = "Z85 text must be whole 5-character groups: \\d+ characters is not a multiple of 5"
            + "|Z85 text has a character outside the Z85 alphabet at position \\d+"
            + "|Z85 group at positions \\d+\\.\\.\\d+ decodes to more than 32 bits";

    @FuzzTest(maxDuration = "1m")
    void encodingRoundTripsEveryWholeGroupOfBytes(byte[] data) {
        if (data.length % 4 != 0) {
            assertThatThrownBy(() -> Z85.encode(data)).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        String text = Z85.encode(data);
        assertThat(text).hasSize(data.length / 4 * 5);
        assertThat(text.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)).as("only Z85 characters in %s", text).isTrue();
        assertThat(Z85.decode(text)).isEqualTo(data);
        assertThat(Z85.decodeRedacted(text)).isEqualTo(data);
    }

    @FuzzTest(maxDuration = "1m")
    void redactedDecodingAgreesWithDecodingAndNeverQuotesTheText(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        byte[] plain = null;
        IllegalArgumentException plainError = null;
        try {
            plain = Z85.decode(text);
        } catch (IllegalArgumentException e) {
            plainError = e;
        }
        try {
            byte[] redacted = Z85.decodeRedacted(text);
            assertThat(plainError).as("both decoders accept %s", text).isNull();
            assertThat(redacted).isEqualTo(plain);
            assertThat(Z85.encode(redacted)).as("decoding is one to one").isEqualTo(text);
        } catch (IllegalArgumentException e) {
            assertThat(plainError).as("both decoders refuse").isNotNull();
            assertThat(e.getMessage()).matches(REDACTED_MESSAGE);
        }
    }
}
