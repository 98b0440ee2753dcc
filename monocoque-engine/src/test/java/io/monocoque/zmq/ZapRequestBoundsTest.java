package io.monocoque.zmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * What the ZAP client holds for a handler socket that never answers: each waiting request keeps
 * its connection reachable, so a client that opens connection after connection must not make it
 * hold one per attempt. When a connection ends (here at the handshake interval) its request is
 * forgotten.
 */
class ZapRequestBoundsTest {

    @Test
    void requestsOfConnectionsThatEndedAreForgottenWhenTheHandlerNeverAnswers() {
        try (ZmqContext ctx = ZmqContext.create()) {
            AtomicInteger asked = new AtomicInteger();
            ZmqSocket handler = ctx.createSocket(SocketType.ROUTER);
            handler.setOption(SocketOption.LINGER, Duration.ZERO);
            handler.bind("inproc://zeromq.zap.01");
            AtomicInteger failures = new AtomicInteger();
            ZmqSocket server = ctx.createSocket(SocketType.PULL);
            server.setOption(SocketOption.PLAIN_SERVER, true);
            server.setOption(SocketOption.LINGER, Duration.ZERO);
            server.setOption(SocketOption.HANDSHAKE_INTERVAL, Duration.ofMillis(300));
            server.monitor(e -> {
                if (e.type() == MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL) {
                    failures.incrementAndGet();
                }
            });
            server.bind("tcp://127.0.0.1:*");
            List<ZmqSocket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    ZmqSocket c = ctx.createSocket(SocketType.PUSH);
                    c.setOption(SocketOption.PLAIN_USERNAME, "user" + i);
                    c.setOption(SocketOption.PLAIN_PASSWORD, "secret");
                    c.setOption(SocketOption.LINGER, Duration.ZERO);
                    // One attempt each: a long reconnect interval keeps the count exact.
                    c.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMinutes(1));
                    c.connect(server.lastEndpoint());
                    clients.add(c);
                }
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    while (handler.tryReceive() != null) {
                        asked.incrementAndGet();
                    }
                    assertThat(asked).hasValue(20);
                });
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(failures.get()).isGreaterThanOrEqualTo(20));
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ctx.zapRequestsWaiting()).isZero());
            } finally {
                clients.forEach(ZmqSocket::close);
                server.close();
                handler.close();
            }
        }
    }
}
