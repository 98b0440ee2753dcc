package io.monocoque.zmq.interop;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqBuffer;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large frames in pooled buffers against libzmq (pyzmq): what {@code sendBuffer} writes (a frame
 * header, then the buffer itself) is the frame libzmq reads, and libzmq's large frames arrive
 * whole in {@code receiveBuffer}.
 */
@Timeout(90)
class LibzmqLargeFrameBufferInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 13 + seed);
        }
        return b;
    }

    @Test
    void libzmqReadsTheFramesWeSendFromPooledBuffers() {
        try (LibzmqSocket pull = new LibzmqSocket("PULL");
             ZmqContext ctx = ZmqContext.create();
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            String endpoint = pull.bind("tcp://127.0.0.1:*");
            push.connect(endpoint);
            int[] sizes = {8 * 1024, 65_536, 300_000};
            for (int i = 0; i < sizes.length; i++) {
                ZmqBuffer b = push.allocateBuffer(sizes[i]);
                b.byteBuffer().put(pattern(sizes[i], i));
                push.sendBuffer(b);
            }
            for (int i = 0; i < sizes.length; i++) {
                List<byte[]> m = pull.receive(WAIT);
                assertThat(m).as("libzmq's message %d", i).hasSize(1);
                assertThat(m.get(0)).isEqualTo(pattern(sizes[i], i));
            }
        }
    }

    @Test
    void libzmqsLargeFramesArriveWholeInPooledBuffers() {
        try (LibzmqSocket libzmqPush = new LibzmqSocket("PUSH");
             ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            pull.setOption(SocketOption.LINGER, Duration.ZERO);
            pull.bind("tcp://127.0.0.1:*");
            libzmqPush.connect(pull.lastEndpoint());
            int[] sizes = {10_000, 65_536, 250_000};
            for (int i = 0; i < sizes.length; i++) {
                assertThat(libzmqPush.send(pattern(sizes[i], i))).isTrue();
            }
            for (int i = 0; i < sizes.length; i++) {
                try (ZmqBuffer b = pull.receiveBuffer(WAIT)) {
                    assertThat(b).as("frame %d", i).isNotNull();
                    ByteBuffer view = b.byteBuffer();
                    // From 32 KB on in pooled direct memory; a smaller frame comes as its array, wrapped.
                    assertThat(view.isDirect()).as("frame %d in pooled memory", i).isEqualTo(sizes[i] >= 32 * 1024);
                    byte[] got = new byte[view.remaining()];
                    view.get(got);
                    assertThat(got).isEqualTo(pattern(sizes[i], i));
                }
            }
        }
    }
}
