package io.monocoque.zmq.wire;

import static io.monocoque.zmq.wire.WireTestSupport.bytes;
import static io.monocoque.zmq.wire.WireTestSupport.filled;
import static io.monocoque.zmq.wire.WireTestSupport.message;
import static io.monocoque.zmq.wire.WireTestSupport.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.wire.WireTestSupport.Collector;
import io.monocoque.zmq.wire.WireTestSupport.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ZMTP 1.0 framing, with the layouts and grammar of spec 13 as vectors. */
class Zmtp1FrameDecoderTest {

    private final Zmtp1FrameDecoder unlimited = new Zmtp1FrameDecoder(-1);

    private List<Frame> decodeAll(Zmtp1FrameDecoder decoder, byte[] wire) {
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        try {
            Collector c = new Collector();
            decoder.decode(in, c);
            assertThat(in.isReadable()).as("everything consumed").isFalse();
            return c.frames;
        } finally {
            in.release();
        }
    }

    private void assertRefused(Zmtp1FrameDecoder decoder, byte[] wire, ZmqError error, String message) {
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        try {
            assertThatThrownBy(() -> decoder.decode(in, new Collector()))
                    .isInstanceOfSatisfying(ZmtpProtocolException.class, e -> assertThat(e.error()).isEqualTo(error))
                    .hasMessage(message);
            assertThat(in.readerIndex()).as("offending frame not consumed").isZero();
        } finally {
            in.release();
        }
    }

    @Test
    void lengthCountsTheFlagsOctetSoAnEmptyFrameHasLengthOne() {
        // Spec 13: "an empty frame has a length of 1"; the anonymous greeting is %x01 %x00.
        assertThat(decodeAll(unlimited, bytes(0x01, 0x00))).containsExactly(message(false, new byte[0]));
    }

    @Test
    void decodesShortFinalFrame() {
        assertThat(decodeAll(unlimited, bytes(6, 0x00, "hello"))).containsExactly(message(false, bytes("hello")));
    }

    @Test
    void moreFlagIsBitZeroOfTheOctetAfterTheLength() {
        assertThat(decodeAll(unlimited, bytes(2, 0x01, "a", 2, 0x00, "b")))
                .containsExactly(message(true, bytes("a")), message(false, bytes("b")));
    }

    @Test
    void reservedFlagBitsAreIgnoredAndNoFrameIsEverACommand() {
        // Bit 2 is COMMAND in ZMTP 3.x; in 1.0 it is just reserved.
        assertThat(decodeAll(unlimited, bytes(2, 0xFE, "q", 2, 0x05, "r")))
                .containsExactly(message(false, bytes("q")), message(true, bytes("r")));
    }

    @Test
    void escapeOctetIntroducesAnEightOctetLengthThenTheFlags() {
        // Spec 13 layout for lengths of 255 and more: 0xFF, 8-octet length, flags at octet 9.
        byte[] body = filled(300, 'x');
        assertThat(decodeAll(unlimited, bytes(0xFF, 0, 0, 0, 0, 0, 0, 0x01, 0x2D, 0x01, body)))
                .containsExactly(message(true, body));
    }

    @Test
    void longFormIsAcceptedForShortLengths() {
        // "For frames with lengths of 1 to 254 octets this encoding MAY be also used."
        assertThat(decodeAll(unlimited, bytes(0xFF, zeros(7), 4, 0x00, "abc"))).containsExactly(message(false, bytes("abc")));
    }

    @Test
    void boundaryBetweenTheFormsIsLength254Short255Long() {
        byte[] b253 = filled(253, 1);
        byte[] b254 = filled(254, 2);
        assertThat(decodeAll(unlimited, bytes(254, 0x00, b253, 0xFF, zeros(7), 255, 0x00, b254)))
                .containsExactly(message(false, b253), message(false, b254));
    }

    @Test
    void zeroShortLengthIsAProtocolError() {
        assertRefused(unlimited, bytes(0x00, 0x00, "junk"), ZmqError.EPROTO,
                "ZMTP 1.0 frame announces length 0; the length counts the flags octet, so the smallest valid length is 1");
    }

    @Test
    void zeroLongLengthIsAProtocolErrorAsSoonAsTheLengthIsIn() {
        assertRefused(unlimited, bytes(0xFF, zeros(8)), ZmqError.EPROTO,
                "ZMTP 1.0 frame announces length 0; the length counts the flags octet, so the smallest valid length is 1");
    }

    @Test
    void lengthWithTopBitSetIsRefused() {
        assertRefused(unlimited, bytes(0xFF, 0x80, zeros(7)), ZmqError.EMSGSIZE,
                "ZMTP 1.0 frame announces length 0x8000000000000000, which has the top bit set (at most 2^63-1 is allowed)");
    }

    @Test
    void refusesOversizeFrameFromTheLengthAloneBeforeTheFlagsArrive() {
        // Length 70001 = 70000-byte body + flags; only the 9 length octets have arrived.
        assertRefused(new Zmtp1FrameDecoder(65536), bytes(0xFF, 0, 0, 0, 0, 0, 0x01, 0x11, 0x71), ZmqError.EMSGSIZE,
                "frame of 70000 bytes exceeds max-message-size of 65536 bytes");
    }

    @Test
    void limitAppliesToTheBodyNotCountingTheFlagsOctet() {
        Zmtp1FrameDecoder limited = new Zmtp1FrameDecoder(3);
        assertThat(decodeAll(limited, bytes(4, 0x00, "abc"))).hasSize(1);
        assertRefused(limited, bytes(5), ZmqError.EMSGSIZE, "frame of 4 bytes exceeds max-message-size of 3 bytes");
    }

    @Test
    void unlimitedDecoderStillRefusesWhatNoArrayCanHold() {
        assertRefused(unlimited, bytes(0xFF, 0, 0, 0, 0, 0x80, 0, 0, 0x01), ZmqError.EMSGSIZE,
                "frame of 2147483648 bytes exceeds the largest frame Monocoque can hold (2147483639 bytes)");
    }

    @Test
    void leavesAnIncompleteFrameAndItsHeaderUntouched() {
        for (byte[] partial : List.of(bytes(0xFF, 0, 0), bytes(0xFF, zeros(7), 9), bytes(6), bytes(6, 0x00, "hel"))) {
            ByteBuf in = Unpooled.wrappedBuffer(bytes(2, 0x00, "a", partial));
            try {
                Collector c = new Collector();
                unlimited.decode(in, c);
                assertThat(c.frames).containsExactly(message(false, bytes("a")));
                assertThat(in.readerIndex()).isEqualTo(3);
            } finally {
                in.release();
            }
        }
    }

    @Test
    void reassemblesFramesSplitAtEveryByteOffset() {
        byte[] wire = bytes(4, 0x01, "abc", 0xFF, zeros(6), 0x01, 0x05, 0x00, filled(260, 7), 1, 0x00);
        List<Frame> expected = List.of(message(true, bytes("abc")), message(false, filled(260, 7)), message(false, new byte[0]));
        for (int split = 0; split <= wire.length; split++) {
            ByteBuf cumulation = Unpooled.buffer();
            try {
                Collector c = new Collector();
                cumulation.writeBytes(wire, 0, split);
                unlimited.decode(cumulation, c);
                cumulation.writeBytes(wire, split, wire.length - split);
                unlimited.decode(cumulation, c);
                assertThat(c.frames).as("split at %d", split).containsExactlyElementsOf(expected);
                assertThat(cumulation.isReadable()).isFalse();
            } finally {
                cumulation.release();
            }
        }
    }

    @Test
    void stopsWhenTheHandlerAsksAndRestoresThePositionWhateverItRead() {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(3, 0x01, "ab", 3, 0x00, "cd", 2, 0x00, "e"));
        try {
            StringBuilder seen = new StringBuilder();
            unlimited.decode(in, (more, command, content) -> {
                seen.append((char) content.readByte());
                return seen.length() < 2;
            });
            assertThat(seen.toString()).isEqualTo("ac");
            assertThat(in.readerIndex()).isEqualTo(8);
            unlimited.decode(in, (more, command, content) -> seen.append((char) content.readByte()) != null);
            assertThat(seen.toString()).isEqualTo("ace");
            assertThat(in.isReadable()).isFalse();
        } finally {
            in.release();
        }
    }

    @Test
    void reportsTheSizeOfAnIncompleteLargeFrameOnceItsHeaderIsComplete() {
        ByteBuf in = Unpooled.buffer();
        try {
            in.writeBytes(bytes(0xFF, zeros(6), 0x03, 0xE9));
            assertThat(unlimited.incompleteMessageFrameSize(in)).as("flags octet missing").isEqualTo(-1);
            in.writeByte(0x01);
            assertThat(unlimited.incompleteMessageFrameSize(in)).isEqualTo(1000);
            assertThat(Zmtp1FrameDecoder.frameHeaderSize(in)).isEqualTo(10);
            assertThat(Zmtp1FrameDecoder.frameHasMore(in)).isTrue();
            in.writeBytes(filled(1000, 1));
            assertThat(unlimited.incompleteMessageFrameSize(in)).as("complete").isEqualTo(-1);
            assertThat(in.readerIndex()).isZero();
        } finally {
            in.release();
        }
        ByteBuf tooBig = Unpooled.wrappedBuffer(bytes(11));
        try {
            assertThatThrownBy(() -> new Zmtp1FrameDecoder(5).incompleteMessageFrameSize(tooBig))
                    .isInstanceOf(ZmtpProtocolException.class).hasMessage("frame of 10 bytes exceeds max-message-size of 5 bytes");
        } finally {
            tooBig.release();
        }
    }

    @Test
    void refusesANegativeLimit() {
        assertThatThrownBy(() -> new Zmtp1FrameDecoder(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Zmtp1FrameDecoder(7).maxFrameSize()).isEqualTo(7);
    }
}
