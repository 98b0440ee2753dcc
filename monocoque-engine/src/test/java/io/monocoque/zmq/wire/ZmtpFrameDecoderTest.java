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

class ZmtpFrameDecoderTest {

    private final ZmtpFrameDecoder unlimited = new ZmtpFrameDecoder(-1);

    private List<Frame> decodeAll(ZmtpFrameDecoder decoder, byte[] wire) {
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

    @Test
    void decodesShortFinalFrame() {
        assertThat(decodeAll(unlimited, bytes(0x00, 5, "hello"))).containsExactly(message(false, bytes("hello")));
    }

    @Test
    void decodesEmptyFrame() {
        assertThat(decodeAll(unlimited, bytes(0x00, 0))).containsExactly(message(false, new byte[0]));
    }

    @Test
    void decodesMoreFlag() {
        assertThat(decodeAll(unlimited, bytes(0x01, 1, "a", 0x00, 1, "b")))
                .containsExactly(message(true, bytes("a")), message(false, bytes("b")));
    }

    @Test
    void decodesLongFrameWithMore() {
        byte[] body = filled(300, 'x');
        assertThat(decodeAll(unlimited, bytes(0x03, 0, 0, 0, 0, 0, 0, 0x01, 0x2C, body)))
                .containsExactly(message(true, body));
    }

    @Test
    void decodesBoundarySizes255Short256Long() {
        byte[] b255 = filled(255, 1);
        byte[] b256 = filled(256, 2);
        assertThat(decodeAll(unlimited, bytes(0x00, 0xFF, b255, 0x02, zeros(6), 0x01, 0x00, b256)))
                .containsExactly(message(false, b255), message(false, b256));
    }

    @Test
    void acceptsLongFormForSmallBodies() {
        // Senders SHOULD use the short form, but a long header for a short body is still valid.
        assertThat(decodeAll(unlimited, bytes(0x02, zeros(7), 3, "abc"))).containsExactly(message(false, bytes("abc")));
    }

    @Test
    void decodesCommandFrames() {
        assertThat(decodeAll(unlimited, bytes(0x04, 5, 4, "PING", 0x06, zeros(7), 1, "z")))
                .containsExactly(new Frame(false, true, bytes(4, "PING")), new Frame(false, true, bytes("z")));
    }

    @Test
    void ignoresReservedFlagBits() {
        assertThat(decodeAll(unlimited, bytes(0xF9, 1, "q"))).containsExactly(message(true, bytes("q")));
    }

    @Test
    void decodesManyFramesFromOneBuffer() {
        byte[] wire = bytes(0x01, 0, 0x01, 3, "abc", 0x04, 1, "x", 0x03, zeros(6), 1, 0, filled(256, 9), 0x00, 2, "zz");
        assertThat(decodeAll(unlimited, wire)).containsExactly(
                message(true, new byte[0]), message(true, bytes("abc")), new Frame(false, true, bytes("x")),
                message(true, filled(256, 9)), message(false, bytes("zz")));
    }

    @Test
    void decoderLeavesIncompleteFrameUntouched() {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(0x00, 1, "a", 0x00, 5, "hel"));
        try {
            Collector c = new Collector();
            unlimited.decode(in, c);
            assertThat(c.frames).containsExactly(message(false, bytes("a")));
            assertThat(in.readerIndex()).isEqualTo(3);
            assertThat(in.writerIndex()).isEqualTo(8);
        } finally {
            in.release();
        }
    }

    @Test
    void decoderLeavesPartialLongHeaderUntouched() {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(0x02, 0, 0, 0));
        try {
            Collector c = new Collector();
            unlimited.decode(in, c);
            assertThat(c.frames).isEmpty();
            assertThat(in.readerIndex()).isZero();
        } finally {
            in.release();
        }
    }

    @Test
    void reassemblesFramesSplitAtEveryByteOffset() {
        byte[] wire = bytes(0x01, 3, "abc", 0x02, zeros(6), 0x01, 0x04, filled(260, 7), 0x04, 5, 4, "PONG");
        List<Frame> expected = List.of(message(true, bytes("abc")), message(false, filled(260, 7)),
                new Frame(false, true, bytes(4, "PONG")));
        for (int split = 0; split <= wire.length; split++) {
            // Mimics a cumulating channel handler: bytes left over are kept and the next read appended.
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
    void stopsWhenHandlerAsksForBackpressure() {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(0x01, 1, "a", 0x00, 1, "b", 0x00, 1, "c"));
        try {
            Collector c = new Collector();
            unlimited.decode(in, (more, command, content) -> {
                c.frame(more, command, content);
                return c.frames.size() < 2;
            });
            assertThat(c.frames).containsExactly(message(true, bytes("a")), message(false, bytes("b")));
            assertThat(in.readerIndex()).isEqualTo(6);
            unlimited.decode(in, c);
            assertThat(c.frames).last().isEqualTo(message(false, bytes("c")));
        } finally {
            in.release();
        }
    }

    @Test
    void restoresStreamPositionWhateverTheHandlerReads() {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(0x00, 2, "ab", 0x00, 2, "cd"));
        try {
            StringBuilder seen = new StringBuilder();
            unlimited.decode(in, (more, command, content) -> {
                // Reads only part of the body; the decoder must still skip the whole frame.
                seen.append((char) content.readByte());
                return true;
            });
            assertThat(seen.toString()).isEqualTo("ac");
            assertThat(in.readerIndex()).isEqualTo(8);
            assertThat(in.writerIndex()).isEqualTo(8);
        } finally {
            in.release();
        }
    }

    @Test
    void refusesOversizeFrameFromTheHeaderAlone() {
        ZmtpFrameDecoder limited = new ZmtpFrameDecoder(65536);
        // Only the 9-byte header of a 70000-byte frame has arrived.
        ByteBuf in = Unpooled.wrappedBuffer(bytes(0x02, 0, 0, 0, 0, 0, 0x01, 0x11, 0x70));
        try {
            assertThatThrownBy(() -> limited.decode(in, new Collector()))
                    .isInstanceOfSatisfying(ZmtpProtocolException.class, e -> {
                        assertThat(e.error()).isEqualTo(ZmqError.EMSGSIZE);
                        assertThat(e.isOversize()).isTrue();
                    })
                    .hasMessage("frame of 70000 bytes exceeds max-message-size of 65536 bytes");
        } finally {
            in.release();
        }
    }

    @Test
    void appliesLimitToShortFramesAndAcceptsExactLimit() {
        ZmtpFrameDecoder limited = new ZmtpFrameDecoder(3);
        assertThat(decodeAll(limited, bytes(0x00, 3, "abc"))).hasSize(1);
        ByteBuf in = Unpooled.wrappedBuffer(bytes(0x00, 4));
        try {
            assertThatThrownBy(() -> limited.decode(in, new Collector())).isInstanceOf(ZmtpProtocolException.class)
                    .hasMessage("frame of 4 bytes exceeds max-message-size of 3 bytes");
        } finally {
            in.release();
        }
    }

    @Test
    void zeroLimitAllowsOnlyEmptyFrames() {
        ZmtpFrameDecoder limited = new ZmtpFrameDecoder(0);
        assertThat(decodeAll(limited, bytes(0x00, 0))).hasSize(1);
        ByteBuf in = Unpooled.wrappedBuffer(bytes(0x00, 1, "a"));
        try {
            assertThatThrownBy(() -> limited.decode(in, new Collector())).isInstanceOf(ZmtpProtocolException.class);
        } finally {
            in.release();
        }
    }

    @Test
    void refusesLongSizeWithTopBitSet() {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(0x02, 0x80, zeros(7)));
        try {
            assertThatThrownBy(() -> unlimited.decode(in, new Collector()))
                    .isInstanceOfSatisfying(ZmtpProtocolException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EMSGSIZE))
                    .hasMessageContaining("top bit set");
        } finally {
            in.release();
        }
    }

    @Test
    void unlimitedDecoderStillRefusesFramesBeyondArraySize() {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(0x02, 0, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xF8));
        try {
            assertThatThrownBy(() -> unlimited.decode(in, new Collector())).isInstanceOf(ZmtpProtocolException.class)
                    .hasMessageContaining("largest frame Monocoque can hold");
        } finally {
            in.release();
        }
    }

    @Test
    void refusesCommandWithMoreFlag() {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(0x05, 5, 4, "PING"));
        try {
            assertThatThrownBy(() -> unlimited.decode(in, new Collector()))
                    .isInstanceOfSatisfying(ZmtpProtocolException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EPROTO))
                    .hasMessageContaining("MORE");
        } finally {
            in.release();
        }
    }

    @Test
    void rejectsLimitBelowMinusOne() {
        assertThatThrownBy(() -> new ZmtpFrameDecoder(-2)).isInstanceOf(IllegalArgumentException.class);
    }
}
