package io.monocoque.zmq.wire;

import static io.monocoque.zmq.wire.WireTestSupport.bytes;
import static io.monocoque.zmq.wire.WireTestSupport.filled;
import static io.monocoque.zmq.wire.WireTestSupport.readAll;
import static io.monocoque.zmq.wire.WireTestSupport.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.zmq.ZmqError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LegacyIdentityTest {

    private static byte[] read(Function<ByteBuf, byte[]> reader, byte[] wire, int expectConsumed) {
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        try {
            byte[] identity = reader.apply(in);
            assertThat(in.readerIndex()).isEqualTo(expectConsumed);
            return identity;
        } finally {
            in.release();
        }
    }

    private static void assertRefused(Function<ByteBuf, byte[]> reader, byte[] wire, String message) {
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        try {
            assertThatThrownBy(() -> reader.apply(in))
                    .isInstanceOfSatisfying(ZmtpProtocolException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EPROTO))
                    .hasMessage(message);
            assertThat(in.readerIndex()).isZero();
        } finally {
            in.release();
        }
    }

    private static byte[] write(java.util.function.BiConsumer<ByteBuf, byte[]> writer, byte[] identity) {
        ByteBuf out = Unpooled.buffer();
        try {
            writer.accept(out, identity);
            return readAll(out);
        } finally {
            out.release();
        }
    }

    @Test
    void zmtp10AnonymousGreetingIsLengthOneAndFlagsZero() {
        // Spec 13: anonymous = %x01 idflags, idflags = %x00.
        assertThat(write(LegacyIdentity::writeZmtp1, new byte[0])).containsExactly(bytes(0x01, 0x00));
        assertThat(read(LegacyIdentity::readZmtp1, bytes(0x01, 0x00, 0x02, 0x00, "m"), 2)).isEmpty();
    }

    @Test
    void zmtp10IdentityFlagsAreNotValidated() {
        // libzmq 4.x's pseudo-signature as a 1.0 peer sees it: long length 3, flags 0x7F, then "ID".
        assertThat(read(LegacyIdentity::readZmtp1, bytes(0xFF, zeros(7), 0x03, 0x7F, "ID"), 12)).containsExactly(bytes("ID"));
        assertThat(read(LegacyIdentity::readZmtp1, bytes(0x04, 0xFF, "abc"), 5)).containsExactly(bytes("abc"));
    }

    @Test
    void zmtp10IdentityOf255BytesIsTheLongestAccepted() {
        byte[] id = filled(255, 'i');
        byte[] wire = write(LegacyIdentity::writeZmtp1, id);
        assertThat(wire).startsWith(bytes(0xFF, zeros(6), 0x01, 0x00, 0x00));
        assertThat(read(LegacyIdentity::readZmtp1, wire, 265)).containsExactly(id);
    }

    @Test
    void zmtp10IdentityOver255BytesIsRefusedFromTheLengthAlone() {
        assertRefused(LegacyIdentity::readZmtp1, bytes(0xFF, zeros(6), 0x01, 0x01),
                "ZMTP 1.0 peer announces an identity of 256 bytes; at most 255 are allowed");
        assertRefused(LegacyIdentity::readZmtp1, bytes(0xFF, 0x7F, filled(7, 0xFF)),
                "ZMTP 1.0 peer announces an identity of 9223372036854775806 bytes; at most 255 are allowed");
    }

    @Test
    void zmtp10IdentityWithZeroLengthIsAProtocolError() {
        assertRefused(LegacyIdentity::readZmtp1, bytes(0x00, 0x00),
                "ZMTP 1.0 frame announces length 0; the length counts the flags octet, so the smallest valid length is 1");
    }

    @Test
    void incompleteIdentityIsNotConsumed() {
        assertThat(read(LegacyIdentity::readZmtp1, bytes(0x04, 0x00, "ab"), 0)).isNull();
        assertThat(read(LegacyIdentity::readZmtp1, bytes(0xFF, zeros(3)), 0)).isNull();
        assertThat(read(LegacyIdentity::readZmtp2, bytes(0x00), 0)).isNull();
        assertThat(read(LegacyIdentity::readZmtp2, bytes(0x00, 3, "ab"), 0)).isNull();
        assertThat(read(LegacyIdentity::readZmtp2, new byte[0], 0)).isNull();
    }

    @Test
    void zmtp20IdentityIsAFinalShortFrame() {
        // Spec 15: identity = final-short body, final-short = %x00 OCTET.
        assertThat(write(LegacyIdentity::writeZmtp2, bytes("ID"))).containsExactly(bytes(0x00, 2, "ID"));
        assertThat(write(LegacyIdentity::writeZmtp2, new byte[0])).containsExactly(bytes(0x00, 0x00));
        assertThat(read(LegacyIdentity::readZmtp2, bytes(0x00, 2, "ID", 0x00, 1, "m"), 4)).containsExactly(bytes("ID"));
        assertThat(read(LegacyIdentity::readZmtp2, bytes(0x00, 0), 2)).isEmpty();
    }

    @Test
    void zmtp20IdentityOf255BytesStaysShortAndLongFormIsTolerated() {
        assertThat(write(LegacyIdentity::writeZmtp2, filled(255, 1))).startsWith(bytes(0x00, 0xFF));
        assertThat(read(LegacyIdentity::readZmtp2, bytes(0x02, zeros(7), 1, "z"), 10)).containsExactly(bytes("z"));
    }

    @Test
    void zmtp20IdentityOver255OrWithMoreOrCommandIsRefused() {
        assertRefused(LegacyIdentity::readZmtp2, bytes(0x02, zeros(6), 0x01, 0x00),
                "ZMTP 2.0 peer announces an identity of 256 bytes; at most 255 are allowed");
        assertRefused(LegacyIdentity::readZmtp2, bytes(0x01, 1, "a"),
                "ZMTP 2.0 identity frame has the MORE flag set; the identity is a single final frame");
        assertRefused(LegacyIdentity::readZmtp2, bytes(0x04, 1, "a"),
                "ZMTP 2.0 frame has flags 0x04 with bit 2 set; ZMTP 2.0 has no command frames");
    }

    @Test
    void writingAnIdentityOver255BytesIsRefused() {
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> LegacyIdentity.writeZmtp1(out, new byte[256])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("identity of 256 bytes; ZMTP 1.0 and 2.0 carry at most 255");
            assertThatThrownBy(() -> LegacyIdentity.writeZmtp2(out, new byte[256])).isInstanceOf(IllegalArgumentException.class);
            assertThat(out.isReadable()).isFalse();
        } finally {
            out.release();
        }
    }
}
