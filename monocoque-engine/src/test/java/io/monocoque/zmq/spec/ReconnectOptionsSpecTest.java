package io.monocoque.zmq.spec;

import io.monocoque.zmq.IoTransport;
import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * When a connecting socket stops reconnecting: a reconnect interval of -1 (or 0) as libzmq 4.3
 * reads it (checked against libzmq 4.3.4 through pyzmq: a refused connect stays registered and
 * idle, a lost connection takes its endpoint with it), and libzmq's draft RECONNECT_STOP flags as
 * its 4.3.5 source has them (test_reconnect_options.cpp), against Monocoque peers and raw tcp
 * listeners that are not ZeroMQ peers at all.
 */
class ReconnectOptionsSpecTest extends SpecTestBase {

    // ---- RECONNECT_IVL -1 and 0 ----------------------------------------------------------------

    @ParameterizedTest(name = "reconnect interval {0} ms")
    @ValueSource(ints = {-1, 0})
    void aRefusedConnectIsNotRetriedButItsEndpointStaysConnected(int millis) {
        String endpoint = reserveEndpoint(Transport.TCP);
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(millis));
        Events events = monitor(dealer);
        dealer.connect(endpoint);
        send(dealer, "queued");
        events.awaitReason(MonitorEventType.CLOSED, "not retried");

        ZmqSocket router = socket(SocketType.ROUTER);
        router.bind(endpoint);
        assertNothingReceived(router);
        assertThat(events.count(MonitorEventType.CONNECT_RETRIED)).isZero();
        assertThat(events.count(MonitorEventType.CONNECT_DELAYED)).isEqualTo(1);
        // Still connected (libzmq's endpoint stays too): disconnect finds it.
        assertThat(dealer.endpoints()).containsExactly(endpoint);
        dealer.disconnect(endpoint);
    }

    @ParameterizedTest(name = "reconnect interval {0} ms")
    @ValueSource(ints = {-1, 0})
    void aConnectionThatEndsIsNotRedialledAndTakesItsEndpointWithIt(int millis) {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = bind(router, Transport.TCP);
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(millis));
        Events events = monitor(dealer);
        dealer.connect(endpoint);
        send(dealer, "hello");
        assertThat(recvFrames(router)).endsWith("hello");

        router.close();
        events.awaitReason(MonitorEventType.CLOSED, "not redialled");
        ZmqSocket again = socket(SocketType.ROUTER);
        again.bind(endpoint);
        // The pipe went with the endpoint: nothing to send to (libzmq: EAGAIN), nothing arrives.
        assertThat(dealer.trySend(ZmqMessage.of("lost"))).isFalse();
        assertNothingReceived(again);
        assertThat(events.count(MonitorEventType.CONNECT_RETRIED)).isZero();
        assertThat(dealer.endpoints()).isEmpty();
        assertThatThrownBy(() -> dealer.disconnect(endpoint))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOENT));
    }

    @Test
    void aPositiveReconnectIntervalStillRedials() {
        String endpoint = reserveEndpoint(Transport.TCP);
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(20));
        Events events = monitor(dealer);
        dealer.connect(endpoint);
        events.awaitCount(MonitorEventType.CONNECT_RETRIED, 2);
        assertThat(events.count(MonitorEventType.CLOSED)).isZero();
    }

    // ---- RECONNECT_STOP ------------------------------------------------------------------------

    @Test
    void reconnectStopTakesItsFlagsAndNothingElse() {
        ZmqSocket s = socket(SocketType.SUB);
        assertThat(s.getOption(SocketOption.RECONNECT_STOP)).isZero();
        s.setOption(SocketOption.RECONNECT_STOP, SocketOption.RECONNECT_STOP_CONN_REFUSED
                | SocketOption.RECONNECT_STOP_HANDSHAKE_FAILED | SocketOption.RECONNECT_STOP_AFTER_DISCONNECT);
        assertThat(s.getOption(SocketOption.RECONNECT_STOP)).isEqualTo(7);
        assertThatThrownBy(() -> s.setOption(SocketOption.RECONNECT_STOP, 8)).isInstanceOf(ZmqException.class);
        assertThatThrownBy(() -> s.setOption(SocketOption.RECONNECT_STOP, -1)).isInstanceOf(ZmqException.class);
    }

    /** libzmq's reconnect_stop_on_refused: the publisher goes away, the one retry is refused, and that ends it. */
    @Test
    void aSubscriberStopsWhenItsReconnectIsRefused() {
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = bind(pub, Transport.TCP);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(20));
        sub.setOption(SocketOption.RECONNECT_STOP, SocketOption.RECONNECT_STOP_CONN_REFUSED);
        Events events = monitor(sub);
        sub.connect(endpoint);
        events.awaitCount(MonitorEventType.HANDSHAKE_SUCCEEDED, 1);

        pub.close();
        MonitorEvent closed = events.awaitReason(MonitorEventType.CLOSED, "RECONNECT_STOP_CONN_REFUSED");
        assertThat(closed.endpoint()).isEqualTo(endpoint);
        sleep(QUIET.toMillis());
        assertThat(events.types()).containsExactly(MonitorEventType.CONNECT_DELAYED, MonitorEventType.CONNECTED,
                MonitorEventType.HANDSHAKE_SUCCEEDED, MonitorEventType.DISCONNECTED, MonitorEventType.CONNECT_RETRIED,
                MonitorEventType.CONNECT_DELAYED, MonitorEventType.CLOSED);
        assertThat(sub.endpoints()).isEmpty();
        assertThatThrownBy(() -> sub.disconnect(endpoint))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOENT));
    }

    /** The refusal is told apart from other failures the same way on each Netty transport. */
    @ParameterizedTest
    @EnumSource(value = IoTransport.class, names = {"IO_URING", "EPOLL", "NIO"})
    void aRefusedConnectEndsTheEndpointOnEveryTransport(IoTransport transport) {
        assumeTrue(ZmqContext.isAvailable(transport), transport + " is not available on this machine");
        String endpoint = reserveEndpoint(Transport.TCP);
        try (ZmqContext c = ZmqContext.builder().transport(transport).build(); ZmqSocket push = c.createSocket(SocketType.PUSH)) {
            push.setOption(SocketOption.LINGER, Duration.ZERO);
            push.setOption(SocketOption.RECONNECT_STOP, SocketOption.RECONNECT_STOP_CONN_REFUSED);
            Events events = monitor(push);
            push.connect(endpoint);
            events.awaitReason(MonitorEventType.CLOSED, "RECONNECT_STOP_CONN_REFUSED");
            assertThat(events.count(MonitorEventType.CONNECT_RETRIED)).isZero();
            assertThat(push.endpoints()).isEmpty();
            assertThat(push.trySend(ZmqMessage.of("nowhere"))).isFalse();
        }
    }

    @Test
    void aConnectThatIsNotRefusedIsRetriedDespiteConnRefused() {
        // A host name without an address is no refusal: retried as before.
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(20));
        dealer.setOption(SocketOption.RECONNECT_STOP, SocketOption.RECONNECT_STOP_CONN_REFUSED);
        Events events = monitor(dealer);
        dealer.connect("tcp://no-such-host.invalid:5555");
        events.awaitCount(MonitorEventType.CONNECT_RETRIED, 2);
        assertThat(events.count(MonitorEventType.CLOSED)).isZero();
    }

    /** libzmq's reconnect_stop_on_handshake_failed: the peer is not ZeroMQ and closes at once. */
    @Test
    void aConnectionToAPeerThatIsNotZeroMqIsDialledOnceWithHandshakeFailed() throws Exception {
        try (RawListener raw = new RawListener(false)) {
            ZmqSocket sub = socket(SocketType.SUB);
            sub.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(20));
            sub.setOption(SocketOption.RECONNECT_STOP, SocketOption.RECONNECT_STOP_HANDSHAKE_FAILED);
            Events events = monitor(sub);
            sub.connect(raw.endpoint());
            events.awaitReason(MonitorEventType.CLOSED, "RECONNECT_STOP_HANDSHAKE_FAILED");
            sleep(QUIET.toMillis());
            assertThat(raw.accepted()).isEqualTo(1);
            assertThat(events.types()).containsExactly(MonitorEventType.CONNECT_DELAYED, MonitorEventType.CONNECTED,
                    MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL, MonitorEventType.DISCONNECTED, MonitorEventType.CLOSED);
            // Idle, but still connected, as libzmq leaves it: disconnect succeeds.
            sub.disconnect(raw.endpoint());
        }
    }

    @Test
    void aHandshakeThatTimesOutIsNotRedialledWithHandshakeFailed() throws Exception {
        try (RawListener raw = new RawListener(true)) {
            ZmqSocket dealer = socket(SocketType.DEALER);
            dealer.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(20));
            dealer.setOption(SocketOption.HANDSHAKE_INTERVAL, Duration.ofMillis(200));
            dealer.setOption(SocketOption.RECONNECT_STOP, SocketOption.RECONNECT_STOP_HANDSHAKE_FAILED);
            Events events = monitor(dealer);
            dealer.connect(raw.endpoint());
            send(dealer, "queued");
            events.awaitReason(MonitorEventType.CLOSED, "RECONNECT_STOP_HANDSHAKE_FAILED");
            sleep(QUIET.toMillis());
            assertThat(raw.accepted()).isEqualTo(1);
            assertThat(events.count(MonitorEventType.CONNECT_RETRIED)).isZero();
            // Its pipe is gone with what was queued.
            assertThat(dealer.trySend(ZmqMessage.of("more"))).isFalse();
        }
    }

    @Test
    void withoutHandshakeFailedAPeerThatIsNotZeroMqIsDialledAgain() throws Exception {
        try (RawListener raw = new RawListener(false)) {
            ZmqSocket sub = socket(SocketType.SUB);
            sub.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(20));
            Events events = monitor(sub);
            sub.connect(raw.endpoint());
            events.awaitCount(MonitorEventType.CONNECT_RETRIED, 3);
            assertThat(raw.accepted()).isGreaterThanOrEqualTo(2);
        }
    }

    /** Without AFTER_DISCONNECT a disconnected endpoint goes on dialling within the linger time to deliver what was queued. */
    @ParameterizedTest(name = "after-disconnect: {0}")
    @ValueSource(booleans = {false, true})
    void afterDisconnectStopsDiallingAtOnce(boolean afterDisconnect) {
        String endpoint = reserveEndpoint(Transport.TCP);
        ZmqSocket push = socket(SocketType.PUSH);
        push.setOption(SocketOption.LINGER, Duration.ofSeconds(30));
        push.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(20));
        if (afterDisconnect) {
            push.setOption(SocketOption.RECONNECT_STOP, SocketOption.RECONNECT_STOP_AFTER_DISCONNECT);
        }
        Events events = monitor(push);
        push.connect(endpoint);
        send(push, "queued while down");
        events.awaitCount(MonitorEventType.CONNECT_RETRIED, 1);
        push.disconnect(endpoint);
        ZmqSocket pull = socket(SocketType.PULL);
        pull.bind(endpoint);
        if (afterDisconnect) {
            assertNothingReceived(pull);
        } else {
            assertThat(recvFrames(pull)).containsExactly("queued while down");
        }
        push.setOption(SocketOption.LINGER, Duration.ZERO);
    }

    /** A tcp listener that is no ZeroMQ peer: it accepts, then closes at once or stays silent. */
    private static final class RawListener implements AutoCloseable {

        private final ServerSocket server;
        private final AtomicInteger accepted = new AtomicInteger();
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        RawListener(boolean silent) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        accepted.incrementAndGet();
                        if (silent) {
                            held.add(s);
                        } else {
                            drainThenClose(s);
                        }
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            }, "raw-listener");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        /** Closes without a reset: reads what is there (the greeting), then shuts down. */
        private static void drainThenClose(Socket s) {
            try (s) {
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                s.setSoTimeout(100);
                in.read(new byte[64]);
            } catch (IOException ignored) {
                // a reset or a timeout is as good as a close here
            }
        }

        String endpoint() {
            return "tcp://127.0.0.1:" + server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join(5_000);
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
