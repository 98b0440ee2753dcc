package io.monocoque.zmq.spec;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * What the specification tests share: a context per test, sockets that are closed (with zero
 * linger) after it, endpoints for each {@link Transport}, and helpers that wait for a condition
 * instead of sleeping.
 */
abstract class SpecTestBase {

    /**
     * How long an expected message may take. Only ever waited out when something is broken, so
     * generous: on a loaded 2-core machine with the leak detector at PARANOID, syncing 10,000
     * subscriptions alone has taken over 5 s.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** How long to watch for a message that must not come. */
    static final Duration QUIET = Duration.ofMillis(250);

    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    Path tmp;

    ZmqContext ctx;
    private final List<ZmqSocket> sockets = new ArrayList<>();

    @BeforeEach
    void createContext() {
        ctx = ZmqContext.create();
    }

    @AfterEach
    void closeEverything() {
        List<ZmqSocket> open;
        synchronized (sockets) {
            open = new ArrayList<>(sockets);
        }
        Collections.reverse(open);
        for (ZmqSocket s : open) {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // closing is best effort; the context close below cleans up the rest
            }
        }
        ctx.close();
    }

    /** A socket with zero linger, closed after the test. */
    ZmqSocket socket(SocketType type) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        synchronized (sockets) {
            sockets.add(s);
        }
        return s;
    }

    // ---- endpoints -------------------------------------------------------------------------------

    /** An address to bind to: a wildcard tcp port, a fresh ipc path, or a fresh inproc name. */
    String bindAddress(Transport t) {
        int n = NAMES.incrementAndGet();
        switch (t) {
            case TCP:
                return "tcp://127.0.0.1:*";
            case IPC:
                return "ipc://" + tmp.resolve("s" + n);
            case INPROC:
                return "inproc://spec-" + ProcessHandle.current().pid() + "-" + n + "-" + System.nanoTime();
            default:
                throw new AssertionError(t);
        }
    }

    /** Binds {@code socket} to a fresh address and returns the endpoint peers connect to. */
    String bind(ZmqSocket socket, Transport t) {
        socket.bind(bindAddress(t));
        String endpoint = socket.lastEndpoint();
        assertThat(endpoint).as("last endpoint of %s", socket).isNotNull();
        return endpoint;
    }

    /**
     * A concrete endpoint nobody listens on yet, for connect-before-bind: a tcp port the OS just
     * handed out (and that was released again), or a fresh ipc path or inproc name.
     */
    String reserveEndpoint(Transport t) {
        if (t != Transport.TCP) {
            return bindAddress(t);
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return "tcp://127.0.0.1:" + s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- messages --------------------------------------------------------------------------------

    /** Receives a message or fails the test after {@link #TIMEOUT}. */
    static ZmqMessage recv(ZmqSocket s) {
        ZmqMessage m = s.receive(TIMEOUT);
        if (m == null) {
            fail("%s received nothing within %s", s, TIMEOUT);
        }
        return m;
    }

    /** Receives a message and returns its frames as text. */
    static List<String> recvFrames(ZmqSocket s) {
        return frames(recv(s));
    }

    /** A message's frames as UTF-8 text. */
    static List<String> frames(ZmqMessage m) {
        List<String> l = new ArrayList<>(m.size());
        for (int i = 0; i < m.size(); i++) {
            l.add(m.frameString(i));
        }
        return l;
    }

    /** Asserts that nothing arrives on {@code s} for {@link #QUIET}. */
    static void assertNothingReceived(ZmqSocket s) {
        ZmqMessage m = s.receive(QUIET);
        assertThat(m).as("%s must receive nothing", s).isNull();
    }

    /** Sends, failing the test if the message cannot be queued within {@link #TIMEOUT}. */
    static void send(ZmqSocket s, String... frames) {
        assertThat(s.send(ZmqMessage.of(frames), TIMEOUT)).as("%s send of %s", s, List.of(frames)).isTrue();
    }

    /**
     * Sends from a ROUTER with router-mandatory set, retrying while the peer is not yet routable
     * (its handshake has not reached the ROUTER yet).
     */
    static void sendWhenRoutable(ZmqSocket router, ZmqMessage m) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                assertThat(router.send(m, TIMEOUT)).isTrue();
                return;
            } catch (ZmqException e) {
                if (e.error() != ZmqError.EHOSTUNREACH || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            sleep(5);
        }
    }

    /**
     * A short settle for the networked transports, so that messages already sent have crossed the
     * connection before a test that checks fair queueing starts receiving. Only used where the
     * engine offers nothing to wait on; inproc delivers synchronously and needs none.
     */
    static void settle(Transport t) {
        if (t.isNetworked()) {
            sleep(300);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---- publish/subscribe -----------------------------------------------------------------------

    /**
     * Waits until messages on {@code topic} published by {@code pub} reach every subscriber, by
     * publishing numbered probes until each has received one, then draining the probes still
     * in flight. The subscribers must already subscribe to {@code topic} (or a prefix of it) and
     * must receive nothing but probes meanwhile.
     */
    static void awaitDelivery(ZmqSocket pub, String topic, ZmqSocket... subs) {
        Map<ZmqSocket, Integer> seen = new HashMap<>();
        Set<ZmqSocket> pending = new LinkedHashSet<>(List.of(subs));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int sent = 0;
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("probes on topic '%s' never reached %s", topic, pending);
            }
            assertThat(pub.trySend(ZmqMessage.of(topic, "probe", Integer.toString(sent)))).isTrue();
            sent++;
            for (ZmqSocket s : new ArrayList<>(pending)) {
                ZmqMessage m = s.receive(Duration.ofMillis(10));
                if (m != null) {
                    seen.put(s, probeNumber(m, topic));
                    pending.remove(s);
                }
            }
        }
        int last = sent - 1;
        for (ZmqSocket s : subs) {
            while (seen.get(s) < last) {
                seen.put(s, probeNumber(recv(s), topic));
            }
        }
    }

    private static int probeNumber(ZmqMessage m, String topic) {
        List<String> f = frames(m);
        assertThat(f).as("expected a probe on '%s'", topic).hasSize(3);
        assertThat(f.get(0)).isEqualTo(topic);
        assertThat(f.get(1)).isEqualTo("probe");
        return Integer.parseInt(f.get(2));
    }

    /**
     * Makes sure every subscription and unsubscription the subscribers made so far has reached
     * {@code pub}: each subscribes to a fresh topic (after everything else, on the same
     * connection) and waits until probes on it arrive.
     */
    static void syncSubscriptions(ZmqSocket pub, ZmqSocket... subs) {
        String topic = "~sync-" + NAMES.incrementAndGet();
        for (ZmqSocket s : subs) {
            s.subscribe(topic);
        }
        awaitDelivery(pub, topic, subs);
    }

    // ---- monitoring ------------------------------------------------------------------------------

    /** Records a socket's monitor events. */
    static final class Events implements Consumer<MonitorEvent> {

        final List<MonitorEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void accept(MonitorEvent e) {
            events.add(e);
        }

        long count(MonitorEventType type) {
            return events.stream().filter(e -> e.type() == type).count();
        }

        List<MonitorEventType> types() {
            return events.stream().map(MonitorEvent::type).collect(Collectors.toList());
        }

        /** Waits until at least {@code n} events of {@code type} have been reported. */
        void awaitCount(MonitorEventType type, long n) {
            Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(5))
                    .alias(n + " x " + type + " (seen " + this + ")")
                    .until(() -> count(type) >= n);
        }

        /**
         * Waits until {@code n} peers are attached: {@code HANDSHAKE_SUCCEEDED} on tcp and ipc,
         * {@code ACCEPTED} or {@code CONNECTED} on inproc (attached at once, with no handshake).
         */
        void awaitPeers(Transport t, long n) {
            if (t.isNetworked()) {
                awaitCount(MonitorEventType.HANDSHAKE_SUCCEEDED, n);
            } else {
                Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(5))
                        .until(() -> count(MonitorEventType.ACCEPTED) + count(MonitorEventType.CONNECTED) >= n);
            }
        }

        /** Waits until an event of {@code type} whose reason contains {@code text} has been reported, and returns it. */
        MonitorEvent awaitReason(MonitorEventType type, String text) {
            Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(5))
                    .alias(type + " with reason '" + text + "' (seen " + events + ")")
                    .until(() -> find(type, text) != null);
            return find(type, text);
        }

        private MonitorEvent find(MonitorEventType type, String text) {
            return events.stream().filter(e -> e.type() == type && e.reason() != null && e.reason().contains(text))
                    .findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return types().toString();
        }
    }

    /** Starts recording {@code socket}'s monitor events. */
    static Events monitor(ZmqSocket socket) {
        Events e = new Events();
        socket.monitor(e);
        return e;
    }
}
