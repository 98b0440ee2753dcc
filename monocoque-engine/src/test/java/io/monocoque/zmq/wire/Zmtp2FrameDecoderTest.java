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

/** ZMTP 2.0 framing, with the grammar of spec 15 (final-short, final-long, more-short, more-long) as vectors. */
class Zmtp2FrameDecoderTest {

    private final Zmtp2FrameDecoder unlimited = new Zmtp2FrameDecoder(-1);

    private List<Frame> decodeAll(Zmtp2FrameDecoder decoder, byte[] wire) {
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

    private void assertRefused(Zmtp2FrameDecoder decoder, byte[] wire, ZmqError error, String message) {
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
    void decodesTheFourFrameFormsOfTheGrammar() {
        byte[] b300 = filled(300, 'L');
        assertThat(decodeAll(unlimited, bytes(
                0x01, 2, "ms",                                // more-short
                0x03, zeros(6), 0x01, 0x2C, b300,            // more-long
                0x02, zeros(7), 2, "fl",                      // final-long
                0x00, 0)))                                    // final-short, empty
                .containsExactly(message(true, bytes("ms")), message(true, b300), message(false, bytes("fl")),
                        message(false, new byte[0]));
    }

    @Test
    void sizeDoesNotCountTheHeaderSoAnEmptyFrameHasSizeZero() {
        assertThat(decodeAll(unlimited, bytes(0x00, 0x00))).containsExactly(message(false, new byte[0]));
    }

    @Test
    void commandBitIsRefusedBecauseZmtp20HasNoCommands() {
        assertRefused(unlimited, bytes(0x04, 5, 4, "PING"), ZmqError.EPROTO,
                "ZMTP 2.0 frame has flags 0x04 with bit 2 set; ZMTP 2.0 has no command frames");
    }

    @Test
    void commandBitIsRefusedFromTheFlagsOctetAlone() {
        assertRefused(unlimited, bytes(0x06), ZmqError.EPROTO,
                "ZMTP 2.0 frame has flags 0x06 with bit 2 set; ZMTP 2.0 has no command frames");
    }

    @Test
    void reservedBitsThreeToSevenAreIgnoredAsLibzmqDoes() {
        assertThat(decodeAll(unlimited, bytes(0xF9, 1, "q"))).containsExactly(message(true, bytes("q")));
    }

    @Test
    void refusesOversizeFrameFromTheHeaderAlone() {
        assertRefused(new Zmtp2FrameDecoder(65536), bytes(0x02, 0, 0, 0, 0, 0, 0x01, 0x11, 0x70), ZmqError.EMSGSIZE,
                "frame of 70000 bytes exceeds max-message-size of 65536 bytes");
    }

    @Test
    void sizeWithTopBitSetIsRefused() {
        assertRefused(unlimited, bytes(0x02, 0xFF, zeros(7)), ZmqError.EMSGSIZE,
                "frame announces size 0xFF00000000000000, which has the top bit set (ZMTP allows at most 2^63-1)");
    }

    @Test
    void appliesTheLimitToShortFramesAndAcceptsTheExactLimit() {
        Zmtp2FrameDecoder limited = new Zmtp2FrameDecoder(3);
        assertThat(decodeAll(limited, bytes(0x00, 3, "abc"))).hasSize(1);
        assertRefused(limited, bytes(0x00, 4), ZmqError.EMSGSIZE, "frame of 4 bytes exceeds max-message-size of 3 bytes");
    }

    @Test
    void reassemblesFramesSplitAtEveryByteOffset() {
        byte[] wire = bytes(0x01, 3, "abc", 0x02, zeros(6), 0x01, 0x04, filled(260, 7), 0x00, 0);
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
    void stopsWhenTheHandlerAsksForBackpressure() {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(0x01, 1, "a", 0x00, 1, "b", 0x00, 1, "c"));
        try {
            Collector c = new Collector();
            unlimited.decode(in, (more, command, content) -> {
                c.frame(more, command, content);
                return c.frames.size() < 2;
            });
            assertThat(c.frames).containsExactly(message(true, bytes("a")), message(false, bytes("b")));
            assertThat(in.readerIndex()).isEqualTo(6);
        } finally {
            in.release();
        }
    }

    @Test
    void reportsTheSizeOfAnIncompleteLargeFrame() {
        ByteBuf in = Unpooled.buffer();
        try {
            in.writeBytes(bytes(0x03, zeros(6), 0x03));
            assertThat(unlimited.incompleteMessageFrameSize(in)).isEqualTo(-1);
            in.writeByte(0xE8);
            assertThat(unlimited.incompleteMessageFrameSize(in)).isEqualTo(1000);
            assertThat(Zmtp2FrameDecoder.frameHeaderSize(in)).isEqualTo(9);
            assertThat(Zmtp2FrameDecoder.frameHasMore(in)).isTrue();
            in.writeBytes(filled(1000, 0));
            assertThat(unlimited.incompleteMessageFrameSize(in)).isEqualTo(-1);
        } finally {
            in.release();
        }
    }
}
