package io.monocoque.zmq.transport;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer that connects the moment an endpoint is bound (a client reconnecting to a server that is
 * restarting, every few milliseconds) is served like any other: the listener takes no connection
 * before it knows its own endpoint. The mixed soak found connections accepted in that gap dropped
 * with a NullPointerException (the endpoint was still null), and no ACCEPTED event.
 */
@Timeout(60)
class ListenerBindRaceTest {

    private static final int ROUNDS = 300;
    private static final int CLIENTS = 4;

    @Test
    void aConnectionArrivingAsTheEndpointIsBoundGetsTheGreetingAndAnAcceptedEvent() throws Exception {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            pull.setOption(SocketOption.LINGER, Duration.ZERO);
            List<MonitorEvent> events = new CopyOnWriteArrayList<>();
            pull.monitor(events::add);
            pull.bind("tcp://127.0.0.1:*");
            String endpoint = pull.lastEndpoint();
            int port = URI.create(endpoint).getPort();
            pull.unbind(endpoint);

            Semaphore greeted = new Semaphore(0);
            AtomicInteger dropped = new AtomicInteger();
            // Odd while the endpoint is being bound or is bound, even from the moment unbinding starts:
            // a connection the unbind closes is not the kind of drop this test is after.
            AtomicInteger phase = new AtomicInteger();
            List<Thread> clients = new java.util.ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
            Thread client = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                        int connectedIn = phase.get();
                        s.setSoTimeout(5000);
                        if (signature(s.getInputStream())) {
                            greeted.release();
                        } else if (connectedIn % 2 == 1 && phase.get() == connectedIn) {
                            dropped.incrementAndGet();
                        }
                    } catch (IOException refused) {
                        // not bound yet: at once again, as a reconnecting peer with a short interval would
                    }
                }
            }, "reconnecting-client");
            client.setDaemon(true);
            client.start();
            clients.add(client);
            }
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    phase.incrementAndGet();
                    pull.bind(endpoint);
                    assertThat(greeted.tryAcquire(10, TimeUnit.SECONDS)).as("round %d: a connection got the greeting (last events %s)", round,
                            events.subList(Math.max(0, events.size() - 12), events.size())).isTrue();
                    assertThat(dropped.get()).as("connections closed without a greeting while the endpoint was bound, round %d", round).isZero();
                    phase.incrementAndGet();
                    pull.unbind(endpoint);
                    greeted.drainPermits();
                }
            } finally {
                for (Thread client : clients) {
                    client.interrupt();
                    client.join(5000);
                }
            }
            assertThat(events).filteredOn(e -> e.type() == MonitorEventType.ACCEPTED).hasSizeGreaterThanOrEqualTo(ROUNDS);
            assertThat(events).allSatisfy(e -> assertThat(e.type() == MonitorEventType.ACCEPTED && e.endpoint() == null)
                    .as("an ACCEPTED event without its endpoint: %s", e).isFalse());
        }
    }

    /** Whether the ZMTP signature's first byte (0xFF) arrives before the connection ends. */
    private static boolean signature(InputStream in) throws IOException {
        return in.read() == 0xff;
    }
}
