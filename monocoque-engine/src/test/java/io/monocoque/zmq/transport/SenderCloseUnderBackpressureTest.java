package io.monocoque.zmq.transport;

import io.monocoque.zmq.IoTransport;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A sender that closes while the receiver holds it back at its high-water mark loses nothing:
 * the stream's tail, already read off the socket or still in the kernel, reaches the receiving
 * application after the connection is gone (libzmq 4.3.4 loses it over ipc: #4660).
 */
class SenderCloseUnderBackpressureTest {

    private static final int COUNT = 100_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"IO_URING, tcp", "IO_URING, ipc", "EPOLL, tcp", "EPOLL, ipc", "NIO, tcp", "NIO, ipc"})
    void everyMessageArrivesWhenTheSenderClosesWhileTheReceiverIsFull(IoTransport transport, String scheme) throws Exception {
        assumeTrue(ZmqContext.isAvailable(transport), transport + " is not available here");
        String endpoint = scheme.equals("tcp") ? "tcp://127.0.0.1:*" : "ipc://" + dir.resolve("tail.sock");
        try (ZmqContext receiving = ZmqContext.builder().transport(transport).build()) {
            ZmqSocket pull = receiving.createSocket(SocketType.PULL);
            pull.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 100);
            pull.setOption(SocketOption.LINGER, Duration.ZERO);
            java.util.List<Object> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            pull.monitor(e -> events.add("pull " + e));
            pull.bind(endpoint);
            String target = pull.lastEndpoint();

            Thread sender = new Thread(() -> {
                try (ZmqContext sending = ZmqContext.builder().transport(transport).build();
                     ZmqSocket push = sending.createSocket(SocketType.PUSH)) {
                    push.setOption(SocketOption.SEND_HIGH_WATER_MARK, 0); // queue everything, then close
                    push.monitor(e -> events.add("push " + e));
                    push.connect(target);
                    for (int i = 0; i < COUNT; i++) {
                        push.send(ZmqMessage.wrap(ByteBuffer.allocate(100).putInt(i).array()));
                    }
                } // closing the context flushes (infinite linger) and only then closes the connection
            });
            sender.start();

            // Hold the receiver back until the sender's connection is gone or nearly so.
            Thread.sleep(300);
            for (int i = 0; i < COUNT; i++) {
                // Generous: on a loaded 2-core machine the connection alone can take seconds.
                ZmqMessage m = pull.receive(Duration.ofSeconds(i == 0 ? 30 : 10));
                assertThat(m).as("message %d of %d; events %s; sender alive %s", i, COUNT, events, sender.isAlive()).isNotNull();
                assertThat(m.frameBuffer(0).getInt()).isEqualTo(i);
            }
            sender.join(10_000);
            assertThat(sender.isAlive()).isFalse();
        }
    }
}
