package io.monocoque.zmq.proxy;

import io.monocoque.zmq.ProxyStatistics;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqProxy;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A classic broker: REQ clients, a ROUTER/DEALER proxy, REP workers; every reply reaches its client. */
@Timeout(30)
class RouterDealerProxyTest {

    private static final int CLIENTS = 6;
    private static final int WORKERS = 3;
    private static final int REQUESTS = 100;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void everyReplyReachesTheClientThatAsked() throws Exception {
        String backendName = "inproc://proxy-workers-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + WORKERS);
        try (ZmqContext ctx = ZmqContext.create()) {
            ZmqSocket frontend = ctx.createSocket(SocketType.ROUTER);
            frontend.bind("tcp://127.0.0.1:*");
            ZmqSocket backend = ctx.createSocket(SocketType.DEALER);
            backend.bind(backendName);

            try (ZmqProxy proxy = ZmqProxy.start(frontend, backend, null)) {
                Set<String> servedBy = ConcurrentHashMap.newKeySet();
                List<ZmqSocket> workers = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    ZmqSocket rep = ctx.createSocket(SocketType.REP);
                    rep.connect(backendName);
                    workers.add(rep);
                    String name = "worker-" + w;
                    pool.submit(() -> {
                        // Serve until the socket is closed at the end of the test.
                        while (true) {
                            ZmqMessage request = rep.receive(Duration.ofMillis(200));
                            if (request == null) {
                                if (rep.isClosed()) {
                                    return null;
                                }
                                continue;
                            }
                            servedBy.add(name);
                            rep.send(ZmqMessage.of("re:" + request.firstString(), name));
                        }
                    });
                }

                List<Future<Integer>> clients = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    String me = "client-" + c;
                    clients.add(pool.submit(() -> {
                        try (ZmqSocket req = ctx.createSocket(SocketType.REQ)) {
                            req.connect(frontend.lastEndpoint());
                            int ok = 0;
                            for (int i = 0; i < REQUESTS; i++) {
                                String request = me + "/" + i;
                                req.send(request);
                                ZmqMessage reply = req.receive(WAIT);
                                assertThat(reply).as(request).isNotNull();
                                assertThat(reply.firstString()).isEqualTo("re:" + request);
                                ok++;
                            }
                            return ok;
                        }
                    }));
                }
                for (Future<Integer> f : clients) {
                    assertThat(f.get()).isEqualTo(REQUESTS);
                }
                // The DEALER spreads requests round-robin, so with this many every worker served some.
                assertThat(servedBy).hasSize(WORKERS);

                long total = (long) CLIENTS * REQUESTS;
                // The proxy counts a message once its send has returned, and the last reply may
                // reach its client before that: wait for the proxy's thread to count it.
                await().atMost(WAIT).untilAsserted(() -> {
                    ProxyStatistics stats = proxy.statistics();
                    assertThat(stats.frontendMessagesIn()).isEqualTo(total);
                    assertThat(stats.backendMessagesOut()).isEqualTo(total);
                    assertThat(stats.backendMessagesIn()).isEqualTo(total);
                    assertThat(stats.frontendMessagesOut()).isEqualTo(total);
                    assertThat(stats.frontendBytesIn()).isEqualTo(stats.backendBytesOut());
                    assertThat(stats.backendBytesIn()).isEqualTo(stats.frontendBytesOut());
                });

                proxy.close();
                assertThat(proxy.isRunning()).isFalse();
                assertThat(proxy.failure()).isNull();
                workers.forEach(ZmqSocket::close);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
