package io.monocoque.zmq.wire;

import static io.monocoque.zmq.wire.WireTestSupport.bytes;
import static io.monocoque.zmq.wire.WireTestSupport.readAll;
import static io.monocoque.zmq.wire.WireTestSupport.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.zmq.ZmqError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class GreetingTest {

    /** A 3.1 NULL greeting as libzmq sends it (zero padding, 0x7F, version 3.1). */
    private static byte[] libzmqGreeting(int major, int minor, String mechanism, int asServer) {
        return bytes(0xFF, zeros(8), 0x7F, major, minor, mechanism, zeros(20 - mechanism.length()), asServer, zeros(31));
    }

    @Test
    void encodesExactSpecBytes() {
        ByteBuf out = Unpooled.buffer();
        try {
            Greeting.ours("NULL", false).encode(out);
            assertThat(readAll(out)).isEqualTo(libzmqGreeting(3, 1, "NULL", 0)).hasSize(Greeting.SIZE);
        } finally {
            out.release();
        }
    }

    @Test
    void encodesAsServerFlagAndLongestMechanism() {
        ByteBuf out = Unpooled.buffer();
        try {
            new Greeting(3, 1, "ABCDEFGHIJ0123456789", true).encode(out);
            byte[] b = readAll(out);
            assertThat(b).hasSize(64);
            assertThat(new String(b, 12, 20, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ABCDEFGHIJ0123456789");
            assertThat(b[32]).isEqualTo((byte) 1);
        } finally {
            out.release();
        }
    }

    @Test
    void decodesLibzmq31GreetingAndConsumesExactly64Bytes() {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(libzmqGreeting(3, 1, "CURVE", 1), 0x04, 0x00));
        try {
            Greeting g = Greeting.decode(in);
            assertThat(g).isEqualTo(new Greeting(3, 1, "CURVE", true));
            assertThat(in.readerIndex()).isEqualTo(64);
            assertThat(Greeting.negotiatedMinor(g)).isEqualTo(1);
        } finally {
            in.release();
        }
    }

    @Test
    void decodes30GreetingAndNegotiates30() {
        ByteBuf in = Unpooled.wrappedBuffer(libzmqGreeting(3, 0, "NULL", 0));
        try {
            Greeting g = Greeting.decode(in);
            assertThat(g.major()).isEqualTo(3);
            assertThat(g.minor()).isZero();
            assertThat(g.mechanism()).isEqualTo("NULL");
            assertThat(g.asServer()).isFalse();
            assertThat(Greeting.negotiatedMinor(g)).isZero();
        } finally {
            in.release();
        }
    }

    @Test
    void treatsHigherVersionsAs31() {
        assertThat(Greeting.negotiatedMinor(new Greeting(4, 0, "NULL", false))).isEqualTo(1);
        assertThat(Greeting.negotiatedMinor(new Greeting(3, 7, "NULL", false))).isEqualTo(1);
        ByteBuf in = Unpooled.wrappedBuffer(libzmqGreeting(4, 0, "NULL", 0));
        try {
            assertThat(Greeting.decode(in).major()).isEqualTo(4);
        } finally {
            in.release();
        }
    }

    @Test
    void ignoresPaddingContents() {
        // ZMTP 1.0 detection puts an identity length in the padding; the spec forbids validating it.
        byte[] greeting = libzmqGreeting(3, 1, "NULL", 0);
        for (int i = 1; i <= 8; i++) {
            greeting[i] = (byte) (0x10 * i);
        }
        ByteBuf in = Unpooled.wrappedBuffer(greeting);
        try {
            assertThat(Greeting.decode(in)).isEqualTo(Greeting.ours("NULL", false));
        } finally {
            in.release();
        }
    }

    @Test
    void returnsNullWithoutConsumingForEveryPartialLength() {
        byte[] full = libzmqGreeting(3, 1, "PLAIN", 0);
        for (int n = 0; n < Greeting.SIZE; n++) {
            ByteBuf in = Unpooled.wrappedBuffer(full, 0, n);
            try {
                assertThat(Greeting.decode(in)).as("after %d bytes", n).isNull();
                assertThat(in.readerIndex()).isZero();
            } finally {
                in.release();
            }
        }
    }

    @Test
    void aZmtp10ShortLengthIsNotAZmtp3GreetingFromTheFirstByte() {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(0x01));
        try {
            assertThatThrownBy(() -> Greeting.decode(in))
                    .isInstanceOfSatisfying(ZmtpProtocolException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EPROTO))
                    .hasMessageContaining("ZMTP 1.0");
            assertThat(in.readerIndex()).isZero();
        } finally {
            in.release();
        }
    }

    @Test
    void aZmtp10LongLengthIsNotAZmtp3GreetingFromSignatureByte9() {
        // 0xFF, an 8-byte length, then a flags octet with the low bit clear.
        ByteBuf in = Unpooled.wrappedBuffer(bytes(0xFF, zeros(7), 0x01, 0x00));
        try {
            assertThatThrownBy(() -> Greeting.decode(in)).isInstanceOf(ZmtpProtocolException.class)
                    .hasMessageContaining("ZMTP 1.0");
        } finally {
            in.release();
        }
    }

    @Test
    void aZmtp20RevisionIsNotAZmtp3GreetingFromTheMajorVersionByte() {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(0xFF, zeros(8), 0x7F, 0x01));
        try {
            assertThatThrownBy(() -> Greeting.decode(in)).isInstanceOf(ZmtpProtocolException.class)
                    .hasMessage("not a ZMTP 3.x greeting: revision 1 (a ZMTP 2.0 peer)");
        } finally {
            in.release();
        }
    }

    @Test
    void aRevisionZeroIsNotAZmtp3Greeting() {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(0xFF, zeros(8), 0x7F, 0x00));
        try {
            assertThatThrownBy(() -> Greeting.decode(in)).isInstanceOf(ZmtpProtocolException.class)
                    .hasMessage("not a ZMTP 3.x greeting: revision 0 (a versioned ZMTP 1.0 peer)");
        } finally {
            in.release();
        }
    }

    @Test
    void refusesLowerCaseMechanismBeforeTheGreetingIsComplete() {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(0xFF, zeros(8), 0x7F, 3, 1, "Null"));
        try {
            assertThatThrownBy(() -> Greeting.decode(in)).isInstanceOf(ZmtpProtocolException.class)
                    .hasMessageContaining("invalid byte 0x75 at position 1");
        } finally {
            in.release();
        }
    }

    @Test
    void refusesMechanismWithBytesAfterPadding() {
        byte[] greeting = libzmqGreeting(3, 1, "NULL", 0);
        greeting[12 + 6] = 'X';
        ByteBuf in = Unpooled.wrappedBuffer(greeting);
        try {
            assertThatThrownBy(() -> Greeting.decode(in)).isInstanceOf(ZmtpProtocolException.class)
                    .hasMessageContaining("after its NUL padding");
        } finally {
            in.release();
        }
    }

    @Test
    void refusesEmptyMechanism() {
        ByteBuf in = Unpooled.wrappedBuffer(libzmqGreeting(3, 1, "", 0));
        try {
            assertThatThrownBy(() -> Greeting.decode(in)).isInstanceOf(ZmtpProtocolException.class)
                    .hasMessageContaining("empty security mechanism");
        } finally {
            in.release();
        }
    }

    @Test
    void constructorRejectsInvalidMechanismNames() {
        assertThatThrownBy(() -> Greeting.ours("", false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Greeting.ours("ABCDEFGHIJ0123456789X", false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Greeting.ours("null", false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Greeting.ours("X-MY_MECH.1+", false).mechanism()).isEqualTo("X-MY_MECH.1+");
    }
}
