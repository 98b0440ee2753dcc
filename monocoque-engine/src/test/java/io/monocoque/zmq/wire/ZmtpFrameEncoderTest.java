package io.monocoque.zmq.wire;

import static io.monocoque.zmq.wire.WireTestSupport.bytes;
import static io.monocoque.zmq.wire.WireTestSupport.filled;
import static io.monocoque.zmq.wire.WireTestSupport.readAll;
import static io.monocoque.zmq.wire.WireTestSupport.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.zmq.wire.WireTestSupport.Collector;
import io.monocoque.zmq.wire.WireTestSupport.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ZmtpFrameEncoderTest {

    private static byte[] encode(Consumer<ByteBuf> writer) {
        ByteBuf out = Unpooled.buffer(4);
        try {
            writer.accept(out);
            return readAll(out);
        } finally {
            out.release();
        }
    }

    @Test
    void headerSizeSwitchesToLongFormAbove255() {
        assertThat(ZmtpFrameEncoder.headerSize(0)).isEqualTo(2);
        assertThat(ZmtpFrameEncoder.headerSize(255)).isEqualTo(2);
        assertThat(ZmtpFrameEncoder.headerSize(256)).isEqualTo(9);
        assertThat(ZmtpFrameEncoder.headerSize(Long.MAX_VALUE)).isEqualTo(9);
    }

    @Test
    void writesShortFrameExactly255Bytes() {
        byte[] body = filled(255, 3);
        assertThat(encode(out -> ZmtpFrameEncoder.writeFrame(out, false, body, 0, 255))).isEqualTo(bytes(0x00, 0xFF, body));
    }

    @Test
    void writesLongFrameFrom256Bytes() {
        byte[] body = filled(256, 3);
        assertThat(encode(out -> ZmtpFrameEncoder.writeFrame(out, true, body, 0, 256)))
                .isEqualTo(bytes(0x03, zeros(6), 0x01, 0x00, body));
    }

    @Test
    void writesEmptyFrameAndSubrange() {
        assertThat(encode(out -> ZmtpFrameEncoder.writeFrame(out, true, new byte[0], 0, 0))).isEqualTo(bytes(0x01, 0));
        assertThat(encode(out -> ZmtpFrameEncoder.writeFrame(out, false, bytes("xhey"), 1, 3))).isEqualTo(bytes(0x00, 3, "hey"));
    }

    @Test
    void writesFrameFromByteBufWithoutConsumingIt() {
        ByteBuf body = Unpooled.wrappedBuffer(bytes("abc"));
        try {
            assertThat(encode(out -> ZmtpFrameEncoder.writeFrame(out, false, body))).isEqualTo(bytes(0x00, 3, "abc"));
            assertThat(body.readerIndex()).isZero();
        } finally {
            body.release();
        }
    }

    @Test
    void writesCommandHeaders() {
        assertThat(encode(out -> ZmtpFrameEncoder.writeFrameHeader(out, false, true, 10))).isEqualTo(bytes(0x04, 10));
        assertThat(encode(out -> ZmtpFrameEncoder.writeFrameHeader(out, false, true, 1000)))
                .isEqualTo(bytes(0x06, zeros(6), 0x03, 0xE8));
        assertThatThrownBy(() -> encode(out -> ZmtpFrameEncoder.writeFrameHeader(out, true, true, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZmtpFrameEncoder.headerSize(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesLongCommandAndReportsItsSize() {
        Command cmd = new UnknownCommand("MESSAGE", filled(300, 1));
        byte[] wire = encode(out -> ZmtpFrameEncoder.writeCommand(out, cmd));
        assertThat(wire).hasSize(ZmtpFrameEncoder.encodedSize(cmd)).hasSize(9 + 1 + 7 + 300);
        assertThat(wire[0]).isEqualTo((byte) 0x06);
    }

    @Test
    void encodedFramesDecodeBack() {
        byte[] wire = encode(out -> {
            ZmtpFrameEncoder.writeFrame(out, true, filled(256, 1), 0, 256);
            ZmtpFrameEncoder.writeCommand(out, new PingCommand(10));
            ZmtpFrameEncoder.writeFrame(out, false, bytes("end"), 0, 3);
        });
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        try {
            Collector c = new Collector();
            new ZmtpFrameDecoder(-1).decode(in, c);
            assertThat(c.frames).containsExactly(new Frame(true, false, filled(256, 1)),
                    new Frame(false, true, bytes(4, "PING", 0, 10)), new Frame(false, false, bytes("end")));
        } finally {
            in.release();
        }
    }
}
