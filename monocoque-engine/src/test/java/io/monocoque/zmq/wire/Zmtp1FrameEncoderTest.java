package io.monocoque.zmq.wire;

import static io.monocoque.zmq.wire.WireTestSupport.bytes;
import static io.monocoque.zmq.wire.WireTestSupport.filled;
import static io.monocoque.zmq.wire.WireTestSupport.message;
import static io.monocoque.zmq.wire.WireTestSupport.readAll;
import static io.monocoque.zmq.wire.WireTestSupport.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.zmq.wire.WireTestSupport.Collector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class Zmtp1FrameEncoderTest {

    private static byte[] encode(boolean more, byte[] body) {
        ByteBuf out = Unpooled.buffer();
        try {
            Zmtp1FrameEncoder.writeFrame(out, more, body, 0, body.length);
            assertThat(out.readableBytes()).isEqualTo(Zmtp1FrameEncoder.encodedSize(body.length));
            return readAll(out);
        } finally {
            out.release();
        }
    }

    @Test
    void emptyFrameIsLengthOneThenFlags() {
        assertThat(encode(false, new byte[0])).containsExactly(bytes(0x01, 0x00));
    }

    @Test
    void lengthIsBodyPlusOneThenFlagsWithMore() {
        assertThat(encode(true, bytes("hello"))).containsExactly(bytes(6, 0x01, "hello"));
    }

    @Test
    void body253IsTheLargestWithAOneOctetLength() {
        assertThat(encode(false, filled(253, 3))).containsExactly(bytes(254, 0x00, filled(253, 3)));
    }

    @Test
    void body254NeedsTheEscapeSince255IsTheEscapeOctet() {
        assertThat(encode(true, filled(254, 3))).containsExactly(bytes(0xFF, zeros(7), 255, 0x01, filled(254, 3)));
        assertThat(Zmtp1FrameEncoder.headerSize(254)).isEqualTo(10);
    }

    @Test
    void writesTheReadableBytesOfAByteBufWithoutMovingIt() {
        ByteBuf body = Unpooled.wrappedBuffer(bytes("xyz"));
        ByteBuf out = Unpooled.buffer();
        try {
            Zmtp1FrameEncoder.writeFrame(out, false, body);
            assertThat(readAll(out)).containsExactly(bytes(4, 0x00, "xyz"));
            assertThat(body.readerIndex()).isZero();
        } finally {
            body.release();
            out.release();
        }
    }

    @Test
    void whatItWritesTheDecoderReadsBack() {
        ByteBuf out = Unpooled.buffer();
        try {
            for (int len : new int[] {0, 1, 252, 253, 254, 255, 256, 70000}) {
                Zmtp1FrameEncoder.writeFrame(out, len % 2 == 0, filled(len, len), 0, len);
            }
            Collector c = new Collector();
            new Zmtp1FrameDecoder(-1).decode(out, c);
            assertThat(c.frames).containsExactly(message(true, filled(0, 0)), message(false, filled(1, 1)),
                    message(true, filled(252, 252)), message(false, filled(253, 253)), message(true, filled(254, 254)),
                    message(false, filled(255, 255)), message(true, filled(256, 256)), message(true, filled(70000, 70000)));
        } finally {
            out.release();
        }
    }

    @Test
    void refusesNegativeLengths() {
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> Zmtp1FrameEncoder.writeFrameHeader(out, false, -1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Zmtp1FrameEncoder.writeFrameHeader(out, false, Long.MAX_VALUE))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(out.isReadable()).isFalse();
        } finally {
            out.release();
        }
    }
}
