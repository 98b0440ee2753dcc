package io.monocoque.zmq.wire;

import static io.monocoque.zmq.wire.WireTestSupport.bytes;
import static io.monocoque.zmq.wire.WireTestSupport.filled;
import static io.monocoque.zmq.wire.WireTestSupport.message;
import static io.monocoque.zmq.wire.WireTestSupport.readAll;
import static io.monocoque.zmq.wire.WireTestSupport.zeros;
import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.wire.WireTestSupport.Collector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class Zmtp2FrameEncoderTest {

    private static byte[] encode(boolean more, byte[] body) {
        ByteBuf out = Unpooled.buffer();
        try {
            Zmtp2FrameEncoder.writeFrame(out, more, body, 0, body.length);
            assertThat(out.readableBytes()).isEqualTo(Zmtp2FrameEncoder.encodedSize(body.length));
            return readAll(out);
        } finally {
            out.release();
        }
    }

    @Test
    void shortFormUpTo255BytesAsTheGrammarsFinalShortAndMoreShort() {
        assertThat(encode(false, bytes("hi"))).containsExactly(bytes(0x00, 2, "hi"));
        assertThat(encode(true, filled(255, 1))).containsExactly(bytes(0x01, 255, filled(255, 1)));
    }

    @Test
    void longFormFrom256BytesAsTheGrammarsFinalLongAndMoreLong() {
        assertThat(encode(false, filled(256, 2))).containsExactly(bytes(0x02, zeros(6), 0x01, 0x00, filled(256, 2)));
        assertThat(encode(true, filled(256, 2))).containsExactly(bytes(0x03, zeros(6), 0x01, 0x00, filled(256, 2)));
    }

    @Test
    void writesTheReadableBytesOfAByteBufAndTheDecoderReadsThemBack() {
        ByteBuf body = Unpooled.wrappedBuffer(filled(1000, 5));
        ByteBuf out = Unpooled.buffer();
        try {
            Zmtp2FrameEncoder.writeFrame(out, true, body);
            Zmtp2FrameEncoder.writeFrameHeader(out, false, 0);
            Collector c = new Collector();
            new Zmtp2FrameDecoder(-1).decode(out, c);
            assertThat(c.frames).containsExactly(message(true, filled(1000, 5)), message(false, new byte[0]));
            assertThat(body.readerIndex()).isZero();
        } finally {
            body.release();
            out.release();
        }
    }
}
