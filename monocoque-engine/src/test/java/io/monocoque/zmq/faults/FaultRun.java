package io.monocoque.zmq.faults;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.FaultProxy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One fault test's traffic: a Monocoque PUSH (or DEALER) in the test's JVM sends numbered
 * messages, paced, from a thread of its own, to a {@link FarPeer} — through a {@link FaultProxy},
 * or straight for the tests that fault the peer's process — which relays them to a Monocoque
 * PULL collecting them (or, as a ROUTER, echoes them back to the DEALER); a
 * {@link SequenceLedger} counts what arrived. Heartbeats on both sides (100 ms, 1 s timeout).
 */
final class FaultRun implements AutoCloseable {

    /** The two patterns the fault tests put through faults. */
    enum Pattern { PUSH_PULL, DEALER_ROUTER }

    static final int HEARTBEAT_MILLIS = 100;
    static final int HEARTBEAT_TIMEOUT_MILLIS = 1000;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ZmqContext ctx = ZmqContext.create();
    private final ZmqSocket near;
    private final ZmqSocket collector;
    private final FaultProxy proxy;
    private final FarPeer.Spec spec;
    private final boolean nearBinds;
    private FarPeer far;
    private final SequenceLedger ledger = new SequenceLedger();
    private final List<MonitorEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicLong sent = new AtomicLong(-1);
    private final int payloadSize;
    private final long paceNanos;
    private final Thread sender;
    private final Thread receiver;
    private volatile boolean sending = true;
    private volatile boolean receiving = true;
    private volatile Throwable failure;

    /**
     * @param throughProxy whether a fault proxy sits between the two sides (else they connect straight)
     */
    FaultRun(Pattern pattern, FarPeer.Kind kind, boolean nearBinds, boolean throughProxy, int payloadSize, Duration pace)
            throws IOException {
        this.nearBinds = nearBinds;
        this.payloadSize = payloadSize;
        this.paceNanos = pace.toNanos();
        boolean push = pattern == Pattern.PUSH_PULL;
        near = ctx.createSocket(push ? SocketType.PUSH : SocketType.DEALER);
        near.setOption(SocketOption.LINGER, Duration.ZERO);
        near.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(100));
        near.setOption(SocketOption.HEARTBEAT_INTERVAL, Duration.ofMillis(HEARTBEAT_MILLIS));
        near.setOption(SocketOption.HEARTBEAT_TIMEOUT, Duration.ofMillis(HEARTBEAT_TIMEOUT_MILLIS));
        near.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 0);
        near.monitor(events::add);
        String relayTo = null;
        if (push) {
            collector = ctx.createSocket(SocketType.PULL);
            collector.setOption(SocketOption.LINGER, Duration.ZERO);
            collector.bind("tcp://127.0.0.1:*");
            relayTo = collector.lastEndpoint();
        } else {
            collector = near;
        }
        FarPeer.Role role = push ? FarPeer.Role.RELAY : FarPeer.Role.ECHO;
        if (nearBinds) {
            near.bind("tcp://127.0.0.1:*");
            proxy = throughProxy ? FaultProxy.to(near.lastEndpoint()) : null;
            spec = new FarPeer.Spec(kind, role, false, proxy != null ? proxy.endpoint() : near.lastEndpoint(), relayTo,
                    HEARTBEAT_MILLIS, HEARTBEAT_TIMEOUT_MILLIS);
            far = FarPeer.start(spec);
        } else {
            FarPeer.Spec first = new FarPeer.Spec(kind, role, true, "tcp://127.0.0.1:*", relayTo, HEARTBEAT_MILLIS,
                    HEARTBEAT_TIMEOUT_MILLIS);
            far = FarPeer.start(first);
            spec = first.at(far.endpoint());
            proxy = throughProxy ? FaultProxy.to(far.endpoint()) : null;
            near.connect(proxy != null ? proxy.endpoint() : far.endpoint());
        }
        sender = new Thread(this::send, "fault-run-sender");
        receiver = new Thread(this::receive, "fault-run-receiver");
        sender.setDaemon(true);
        receiver.setDaemon(true);
        receiver.start();
        sender.start();
    }

    private void send() {
        try {
            for (long seq = 0; sending; seq++) {
                ZmqMessage m = SequenceLedger.message(seq, payloadSize);
                while (sending && !near.send(m, Duration.ofMillis(100))) {
                    // blocked: no peer, or every peer at its high-water mark
                }
                if (!sending) {
                    return;
                }
                sent.set(seq);
                LockSupport.parkNanos(paceNanos);
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void receive() {
        try {
            while (receiving) {
                ZmqMessage m = collector.receive(Duration.ofMillis(100));
                if (m != null) {
                    ledger.record(m);
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    FaultProxy proxy() {
        return proxy;
    }

    FarPeer far() {
        return far;
    }

    /** The direction in the proxy that carries the near side's messages to the far side. */
    FaultProxy.Direction towardFar() {
        return nearBinds ? FaultProxy.Direction.TO_CLIENT : FaultProxy.Direction.TO_TARGET;
    }

    /** The highest number sent so far. */
    long sent() {
        return sent.get();
    }

    /** Waits until a message sent from now on has arrived: traffic flows end to end. */
    void awaitFlowing() throws InterruptedException {
        long mark = Math.max(0, sent.get() + 1);
        assertThat(ledger.awaitAtLeast(mark, WAIT.toMillis()))
                .as("message #%d arrives within %s (%s; near events %s)", mark, WAIT, ledger.tally(sent.get()), eventTypes())
                .isTrue();
        assertThat(failure).as("traffic threads").isNull();
    }

    /**
     * Waits for the near side to report a DISCONNECTED beyond the {@code before} it had reported
     * (a peer's first connection may have ended before the fault: JeroMQ 0.6.0 now and then
     * abandons one mid-handshake); returns the highest number that may have been sent by then
     * (the sender records a number just after its send returns, so one more than it has recorded).
     */
    long awaitDisconnected(long before) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (disconnects() <= before) {
            assertThat(System.nanoTime() - deadline).as("a DISCONNECTED within %s (events %s)", WAIT, eventTypes()).isNegative();
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return sent.get() + 1;
    }

    /** How many DISCONNECTED events the near side has reported. */
    long disconnects() {
        return events.stream().filter(e -> e.type() == MonitorEventType.DISCONNECTED).count();
    }

    List<MonitorEventType> eventTypes() {
        return events.stream().map(MonitorEvent::type).toList();
    }

    /** Starts the far peer again where it was (after {@link FarPeer#kill()}). */
    void restartFar() throws IOException {
        far.close();
        far = FarPeer.start(spec);
    }

    /** Stops sending, waits for the last message sent to arrive, and counts. */
    SequenceLedger.Tally finish() throws InterruptedException {
        sending = false;
        try {
            sender.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long last = sent.get();
        ledger.awaitAtLeast(last, WAIT.toMillis());
        SequenceLedger.Tally t = ledger.tally(last);
        assertThat(failure).as("traffic threads").isNull();
        System.out.println("[faults] " + far + ": " + t + "; near events " + eventTypes());
        return t;
    }

    @Override
    public void close() {
        sending = false;
        receiving = false;
        try {
            sender.join(5000);
            receiver.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (far != null) {
                far.close();
            }
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            ctx.close();
        }
    }
}
