package io.monocoque.zmq;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SocketStatisticsTest {

    @Test
    void countsMessagesBytesAndPeersOnBothSides() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind("tcp://127.0.0.1:*");
            push.connect(pull.lastEndpoint());
            for (int i = 0; i < 10; i++) {
                push.send(ZmqMessage.of("abc", "de"));
            }
            for (int i = 0; i < 10; i++) {
                assertThat(pull.receive(Duration.ofSeconds(5))).isNotNull();
            }
            assertThat(push.statistics().messagesSent()).isEqualTo(10);
            assertThat(push.statistics().bytesSent()).isEqualTo(50);
            assertThat(pull.statistics().messagesReceived()).isEqualTo(10);
            assertThat(pull.statistics().bytesReceived()).isEqualTo(50);
            await().atMost(Duration.ofSeconds(5)).until(() -> push.statistics().connectedPeers() == 1
                    && pull.statistics().connectedPeers() == 1);
            assertThat(pull.endpoints()).containsExactly(pull.lastEndpoint());
        }
    }

    @Test
    void countsReconnectsAndQueuedMessagesWhileThePeerIsAway() throws Exception {
        int freePort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            freePort = probe.getLocalPort(); // nobody listens there once the probe is closed
        }
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            push.setOption(SocketOption.LINGER, Duration.ZERO);
            push.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(20));
            push.connect("tcp://127.0.0.1:" + freePort);
            push.send("queued");
            assertThat(push.statistics().queuedMessages()).isEqualTo(1);
            assertThat(push.statistics().connectedPeers()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> push.statistics().reconnects() >= 2);
        }
    }
}
