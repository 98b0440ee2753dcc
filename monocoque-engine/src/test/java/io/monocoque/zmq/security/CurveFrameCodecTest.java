package io.monocoque.zmq.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.zmq.wire.FrameCodec;
import io.monocoque.zmq.wire.FrameHandler;
import io.monocoque.zmq.wire.PingCommand;
import io.monocoque.zmq.wire.ZmtpFrameDecoder;
import io.monocoque.zmq.wire.ZmtpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CURVE's data-phase codec hands each message frame on opened straight into an array of its own
 * when the handler takes one of that size, and everything else (commands, frames the handler
 * puts in pooled memory) as a view of the mechanism's buffer.
 */
class CurveFrameCodecTest {

    private final CurvePair pair = new CurvePair().handshake();
    private final List<ByteBuf> buffers = new ArrayList<>();

    @AfterEach
    void release() {
        buffers.forEach(ByteBuf::release);
        pair.destroy();
    }

    /** What a handler was given: which way, its flags and its bytes. */
    record Got(boolean asArray, boolean more, boolean command, byte[] body) {
    }

    /** A handler that takes arrays below {@code arrayLimit} bytes and records every frame. */
    private static final class Recording implements FrameHandler {
        final int arrayLimit;
        final List<Got> got = new ArrayList<>();
        final List<byte[]> arrays = new ArrayList<>();

        Recording(int arrayLimit) {
            this.arrayLimit = arrayLimit;
        }

        @Override
        public boolean frame(boolean more, boolean command, ByteBuf content) {
            byte[] b = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), b);
            got.add(new Got(false, more, command, b));
            return true;
        }

        @Override
        public boolean takesArray(int size) {
            return size < arrayLimit;
        }

        @Override
        public boolean frame(boolean more, byte[] body) {
            arrays.add(body);
            got.add(new Got(true, more, false, body.clone()));
            return true;
        }
    }

    private FrameCodec serverCodec() {
        return pair.server.dataCodec(new ZmtpFrameDecoder(-1));
    }

    private ByteBuf fromClient(boolean more, byte[] body) {
        ByteBuf out = track(Unpooled.directBuffer());
        pair.client.wrap(out, more, body, 0, body.length);
        return out;
    }

    private ByteBuf track(ByteBuf b) {
        buffers.add(b);
        return b;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void messageFramesTheHandlerTakesAsArraysArriveInArraysOfExactlyTheirSize() {
        Recording handler = new Recording(1024);
        ByteBuf in = track(Unpooled.directBuffer());
        byte[] first = random(100, 1);
        byte[] second = random(1023, 2);
        in.writeBytes(fromClient(true, first));
        in.writeBytes(fromClient(true, new byte[0]));
        in.writeBytes(fromClient(false, second));
        serverCodec().decode(in, handler);

        assertThat(in.isReadable()).isFalse();
        assertThat(handler.got).extracting(Got::asArray).containsExactly(true, true, true);
        assertThat(handler.got).extracting(Got::more).containsExactly(true, true, false);
        assertThat(handler.arrays.get(0)).isEqualTo(first);
        assertThat(handler.arrays.get(1)).isEmpty();
        assertThat(handler.arrays.get(2)).isEqualTo(second);
    }

    @Test
    void framesTheHandlerDoesNotTakeAsArraysAndCommandsComeAsBuffers() {
        Recording handler = new Recording(1024);
        ByteBuf in = track(Unpooled.directBuffer());
        byte[] big = random(1024, 3);
        in.writeBytes(fromClient(false, big));
        pair.client.wrap(in, new PingCommand(10, new byte[0]));
        serverCodec().decode(in, handler);

        assertThat(handler.got).hasSize(2);
        Got large = handler.got.get(0);
        assertThat(large.asArray()).isFalse();
        assertThat(large.command()).isFalse();
        assertThat(large.body()).isEqualTo(big);
        Got ping = handler.got.get(1);
        assertThat(ping.asArray()).isFalse();
        assertThat(ping.command()).isTrue();
        assertThat(new String(ping.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("\u0004PING");
    }

    @Test
    void aCommandIsHandedOnAsACommandEvenWhenItsSizeWouldTakeAnArray() {
        Recording handler = new Recording(Integer.MAX_VALUE);
        ByteBuf in = track(Unpooled.directBuffer());
        pair.client.wrap(in, new PingCommand(10, "ctx".getBytes(StandardCharsets.US_ASCII)));
        serverCodec().decode(in, handler);

        assertThat(handler.arrays).isEmpty();
        assertThat(handler.got).singleElement().satisfies(g -> {
            assertThat(g.command()).isTrue();
            assertThat(g.more()).isFalse();
            assertThat(new String(g.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("\u0004PING");
        });
    }

    @Test
    void aForgedFrameFailsCryptographicallyOnEitherPathAndHandsNothingOn() {
        for (int limit : new int[] {Integer.MAX_VALUE, 0}) {
            Recording handler = new Recording(limit);
            ByteBuf in = fromClient(false, "secret".getBytes(StandardCharsets.US_ASCII));
            in.setByte(in.writerIndex() - 1, in.getByte(in.writerIndex() - 1) ^ 1);
            assertThatThrownBy(() -> serverCodec().decode(in, handler))
                    .isInstanceOfSatisfying(ZmtpProtocolException.class, e -> assertThat(e.isCryptographic()).isTrue())
                    .hasMessageContaining("does not decrypt");
            assertThat(handler.got).as("array limit %d", limit).isEmpty();
        }
    }

    @Test
    void reservedFlagBitsAreIgnoredAndACommandWithMoreIsRefusedOnEitherPath() {
        for (int limit : new int[] {Integer.MAX_VALUE, 0}) {
            Recording handler = new Recording(limit);
            ByteBuf in = track(Unpooled.directBuffer());
            pair.client.wrapWithFlags(in, 0xFC | WrappedFrame.MORE, new byte[] {7}, 0, 1);
            serverCodec().decode(in, handler);
            assertThat(handler.got).as("array limit %d", limit).singleElement().satisfies(g -> {
                assertThat(g.more()).isTrue();
                assertThat(g.command()).isFalse();
                assertThat(g.body()).containsExactly(7);
            });

            ByteBuf bad = track(Unpooled.directBuffer());
            pair.client.wrapWithFlags(bad, WrappedFrame.MORE | WrappedFrame.COMMAND, new byte[] {4, 'P', 'I', 'N', 'G'}, 0, 5);
            assertThatThrownBy(() -> serverCodec().decode(bad, handler))
                    .isInstanceOf(ZmtpProtocolException.class).hasMessageContaining("command with the MORE flag");
        }
    }
}
