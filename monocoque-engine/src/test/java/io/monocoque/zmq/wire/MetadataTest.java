package io.monocoque.zmq.wire;

import static io.monocoque.zmq.wire.WireTestSupport.bytes;
import static io.monocoque.zmq.wire.WireTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataTest {

    private static Metadata decode(byte[] wire) {
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        try {
            Metadata m = Metadata.decode(in);
            assertThat(in.readerIndex()).isZero();
            return m;
        } finally {
            in.release();
        }
    }

    @Test
    void encodesPropertiesInInsertionOrder() {
        Metadata m = Metadata.builder().put("Socket-Type", "PUB").put("X-App", bytes(1, 2)).build();
        ByteBuf out = Unpooled.buffer();
        try {
            m.encode(out);
            byte[] expected = bytes(11, "Socket-Type", 0, 0, 0, 3, "PUB", 5, "X-App", 0, 0, 0, 2, 1, 2);
            assertThat(readAll(out)).isEqualTo(expected);
            assertThat(m.encodedSize()).isEqualTo(expected.length);
        } finally {
            out.release();
        }
    }

    @Test
    void lookupsIgnoreCase() {
        Metadata m = decode(bytes(11, "SOCKET-TYPE", 0, 0, 0, 3, "SUB", 8, "identity", 0, 0, 0, 1, "i"));
        assertThat(m.getString(Metadata.SOCKET_TYPE)).isEqualTo("SUB");
        assertThat(m.get("IDENTITY")).isEqualTo(bytes("i"));
        assertThat(m.contains("socket-type")).isTrue();
        assertThat(m.get(Metadata.RESOURCE)).isNull();
        Map<String, byte[]> map = m.asMap();
        assertThat(map.keySet()).containsExactly("SOCKET-TYPE", "identity");
        assertThat(map.get("Socket-Type")).isEqualTo(bytes("SUB"));
        assertThat(map.containsKey("Identity")).isTrue();
    }

    @Test
    void builderReplacesRepeatedNameIgnoringCase() {
        Metadata m = Metadata.builder().put("Identity", "a").put("IDENTITY", "b").build();
        assertThat(m.size()).isEqualTo(1);
        assertThat(m.getString("identity")).isEqualTo("b");
    }

    @Test
    void firstOccurrenceWinsWhenPeerRepeatsAName() {
        Metadata m = decode(bytes(1, "A", 0, 0, 0, 1, "1", 1, "a", 0, 0, 0, 1, "2"));
        assertThat(m.size()).isEqualTo(2);
        assertThat(m.getString("A")).isEqualTo("1");
        assertThat(m.asMap()).hasSize(1);
    }

    @Test
    void decodesEmptyListAndEmptyValue() {
        assertThat(decode(new byte[0])).isEqualTo(Metadata.EMPTY);
        assertThat(decode(bytes(8, "Identity", 0, 0, 0, 0)).get(Metadata.IDENTITY)).isEmpty();
    }

    @Test
    void roundTripsThroughEncodeAndDecode() {
        Metadata m = Metadata.of(Metadata.SOCKET_TYPE, "XPUB", Metadata.USER_ID, "alice", Metadata.RESOURCE, "a/b");
        ByteBuf out = Unpooled.buffer();
        try {
            m.encode(out);
            assertThat(Metadata.decode(out)).isEqualTo(m);
        } finally {
            out.release();
        }
    }

    @Test
    void refusesZeroNameLength() {
        assertThatThrownBy(() -> decode(bytes(0, 0, 0, 0, 0))).isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("empty name");
    }

    @Test
    void refusesNameLengthBeyondBuffer() {
        assertThatThrownBy(() -> decode(bytes(12, "Socket-Type"))).isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("name of 12 bytes but only 11 bytes remain");
    }

    @Test
    void refusesTruncatedValueLength() {
        assertThatThrownBy(() -> decode(bytes(1, "A", 0, 0, 0))).isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("has only 3 bytes");
    }

    @Test
    void refusesValueLengthWithTopBitSet() {
        assertThatThrownBy(() -> decode(bytes(1, "A", 0x80, 0, 0, 0))).isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("2^31-1");
    }

    @Test
    void builderRefusesInvalidNames() {
        assertThatThrownBy(() -> Metadata.builder().put("", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Metadata.builder().put("X:Y", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Metadata.builder().put("N".repeat(256), "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Metadata.of("odd")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Metadata.builder().put("a-Z_0.+", "v").build().size()).isEqualTo(1);
    }

    @Test
    void valuesAreCopied() {
        byte[] v = bytes("v");
        Metadata m = Metadata.builder().put("A", v).build();
        v[0] = 'x';
        m.get("A")[0] = 'y';
        assertThat(m.getString("A")).isEqualTo("v");
    }
}
