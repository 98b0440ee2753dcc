package io.monocoque.zmq.wire;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of ZMTP metadata (the property list of READY, INITIATE and ZAP replies), which a
 * peer controls before it is authenticated: decoding either refuses with a protocol error or
 * yields properties that re-encode to exactly the bytes received; building either refuses a bad
 * name or yields a list that survives the wire unchanged.
 *
 * <p>{@code mvn verify} runs them in regression mode (the empty input and the files under
 * {@code src/test/resources/io/monocoque/zmq/wire/MetadataFuzzTestInputs/<method>/}); to fuzz one,
 * see docs/fuzzing.md.
 */
class MetadataFuzzTest {

    @FuzzTest(maxDuration = "1m")
    void decodedMetadataReencodesToTheSameBytesOrIsRefused(byte[] input) {
        ByteBuf in = Unpooled.wrappedBuffer(input);
        try {
            Metadata m;
            try {
                m = Metadata.decode(in);
            } catch (ZmtpProtocolException refused) {
                assertThat(refused.getMessage()).startsWith("metadata property ");
                return;
            }
            assertThat(in.readerIndex()).as("decode leaves the indices alone").isZero();
            assertThat(m.encodedSize()).isEqualTo(input.length);
            long values = 0;
            List<String> seen = new ArrayList<>();
            for (String name : m.names()) {
                assertThat(name.length()).isBetween(1, 255);
                if (lastIndexIgnoringCase(seen, name) < 0) {
                    // get() reads a repeated name's first value
                    values += m.get(name).length;
                    seen.add(name);
                }
            }
            assertThat(values).as("values are no larger than the input").isLessThanOrEqualTo(input.length);
            ByteBuf out = Unpooled.buffer();
            try {
                m.encode(out);
                assertThat(ByteBufUtil.getBytes(out)).as("re-encoded").isEqualTo(input);
            } finally {
                out.release();
            }
            Map<String, byte[]> map = m.asMap();
            for (String name : m.names()) {
                assertThat(map.get(name)).as("the map and get agree on %s", name).isEqualTo(m.get(name));
                // Lookups ignore the case of ASCII letters (names are octets; 'ß' has no one-letter upper case).
                assertThat(map.get(swapAsciiCase(name))).as("the map ignores case").isEqualTo(m.get(name));
                assertThat(m.get(swapAsciiCase(name))).as("get ignores case").isEqualTo(m.get(name));
            }
        } finally {
            in.release();
        }
    }

    @FuzzTest(maxDuration = "1m")
    void builtMetadataSurvivesTheWireOrTheNameIsRefused(FuzzedDataProvider data) {
        Metadata.Builder b = Metadata.builder();
        List<String> names = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        int n = data.consumeInt(0, 6);
        for (int i = 0; i < n; i++) {
            String name = data.consumeString(data.consumeInt(0, 300));
            byte[] value = data.consumeBytes(data.consumeInt(0, 200));
            try {
                b.put(name, value);
            } catch (IllegalArgumentException refused) {
                assertThat(name.isEmpty() || name.length() > 255 || !name.chars().allMatch(c -> Metadata.isNameChar((char) c)))
                        .as("refused name '%s'", name).isTrue();
                continue;
            }
            assertThat(name.chars().allMatch(c -> Metadata.isNameChar((char) c))).as("accepted name '%s'", name).isTrue();
            names.add(name);
            values.add(value);
        }
        Metadata m = b.build();
        ByteBuf wire = Unpooled.buffer();
        try {
            m.encode(wire);
            assertThat(wire.readableBytes()).isEqualTo(m.encodedSize());
            Metadata back = Metadata.decode(wire);
            assertThat(back).isEqualTo(m);
            assertThat(back.hashCode()).isEqualTo(m.hashCode());
            for (int i = 0; i < names.size(); i++) {
                // A name given twice (in any case) keeps the value given last.
                int last = lastIndexIgnoringCase(names, names.get(i));
                assertThat(back.get(names.get(i))).isEqualTo(values.get(last));
            }
        } finally {
            wire.release();
        }
    }

    private static String swapAsciiCase(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            b.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return b.toString();
    }

    private static int lastIndexIgnoringCase(List<String> names, String name) {
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
