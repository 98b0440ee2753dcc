package io.monocoque.zmq.security;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.monocoque.zmq.keys.Z85;
import io.monocoque.zmq.wire.Greeting;
import io.monocoque.zmq.wire.ZmtpFrameDecoder;
import io.monocoque.zmq.wire.ZmtpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of the byte-level parsers a hostile peer reaches first: the greeting, the frame
 * decoder and Z85. Each may only refuse its input with its own exception, never crash, loop or
 * read out of bounds.
 *
 * <p>{@code mvn verify} runs them in regression mode: each method once with an empty input and
 * once per file under {@code src/test/resources/io/monocoque/zmq/security/WireFuzzTestInputs/<method>/}.
 * To fuzz for real (Jazzer generates inputs, and adds those that find crashes to that
 * directory), run one method at a time; it fuzzes for five minutes (the {@code @FuzzTest}
 * default), keeping its corpus in {@code monocoque-engine/.cifuzz-corpus/} (git-ignored):
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl monocoque-engine test -Dtest='WireFuzzTest#frameDecoderOnlyFailsWithAProtocolError'
 * </pre>
 */
class WireFuzzTest {

    @FuzzTest
    void greetingDecodeOnlyFailsWithAProtocolError(byte[] input) {
        ByteBuf b = Unpooled.wrappedBuffer(input);
        try {
            Greeting g = Greeting.decode(b);
            if (g != null) {
                assertThat(b.readerIndex()).isEqualTo(Greeting.SIZE);
            } else {
                assertThat(b.readerIndex()).isZero();
            }
        } catch (ZmtpProtocolException expected) {
            // refusing garbage is the point
        } finally {
            b.release();
        }
    }

    @FuzzTest
    void frameDecoderOnlyFailsWithAProtocolError(byte[] input) {
        ByteBuf b = Unpooled.wrappedBuffer(input);
        try {
            int[] frames = {0};
            new ZmtpFrameDecoder(1000).decode(b, (more, command, content) -> {
                assertThat(content.readableBytes()).isLessThanOrEqualTo(1000);
                frames[0]++;
                return true;
            });
            assertThat(b.readableBytes()).as("only an incomplete frame is left").isLessThanOrEqualTo(9 + 1000);
        } catch (ZmtpProtocolException expected) {
            // oversized frames and commands with MORE are refused
        } finally {
            b.release();
        }
    }

    @FuzzTest
    void z85DecodeEitherRoundTripsOrRefuses(byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        try {
            byte[] decoded = Z85.decode(text);
            assertThat(Z85.encode(decoded)).isEqualTo(text);
        } catch (IllegalArgumentException expected) {
            // not Z85
        }
    }
}
