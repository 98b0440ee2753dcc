package io.monocoque.zmq.faults;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A paced stream of numbered messages where ZeroMQ promises delivery (PUSH→PULL, DEALER↔ROUTER
 * echo, PAIR): nothing duplicated, reordered or corrupt, and nothing lost except what a fault
 * that dropped the connection had in flight ({@link LossWindows}); the sender's connection drops
 * exactly once per such fault and never otherwise.
 */
final class NumberedStreamLane implements SoakLane {

    /** What happens to the lane at a step: a fault, a reconnect, or nothing. */
    interface Disturbance {
        void apply(long step, NumberedStreamLane lane) throws Exception;

        /** Lifts whatever fault is still on. */
        default void lift() {
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String name;
    private final ZmqSocket sender;
    private final ZmqSocket receiver;
    private final ZmqSocket echo;
    private final int payloadSize;
    private final long paceNanos;
    private final Disturbance disturbance;
    private final SequenceLedger ledger = new SequenceLedger();
    private final LossWindows windows = new LossWindows();
    private final AtomicLong sent = new AtomicLong(-1);
    private final AtomicLong disconnects = new AtomicLong();
    private final AutoCloseable monitor;
    private final Thread[] threads;
    private volatile boolean sending = true;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /**
     * @param receiver where the numbered messages arrive: the sender itself for an echo
     * @param echo     a ROUTER that sends every message back where it came from, or null
     */
    NumberedStreamLane(String name, ZmqSocket sender, ZmqSocket receiver, ZmqSocket echo, int payloadSize, Duration pace,
            Disturbance disturbance) {
        this.name = name;
        this.sender = sender;
        this.receiver = receiver;
        this.echo = echo;
        this.payloadSize = payloadSize;
        this.paceNanos = pace.toNanos();
        this.disturbance = disturbance;
        monitor = sender.monitor(e -> {
            if (e.type() == MonitorEventType.DISCONNECTED) {
                disconnects.incrementAndGet();
                // Whatever the sender hands over from now on stays queued for the next connection.
                windows.closeOldest(sent.get() + 1);
            }
        });
        threads = echo == null
                ? new Thread[] {thread(this::send, "send"), thread(this::receive, "receive")}
                : new Thread[] {thread(this::send, "send"), thread(this::receive, "receive"), thread(this::echo, "echo")};
        for (Thread t : threads) {
            t.start();
        }
    }

    private Thread thread(Runnable r, String what) {
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (Throwable e) {
                failure = e;
            }
        }, "soak-" + name + "-" + what);
        t.setDaemon(true);
        return t;
    }

    private void send() {
        for (long seq = 0; sending; seq++) {
            ZmqMessage m = SequenceLedger.message(seq, payloadSize);
            while (sending && !sender.send(m, Duration.ofMillis(100))) {
                // no connection, or the peer is at its high-water mark: ZeroMQ blocks here, never drops
            }
            if (!sending) {
                return;
            }
            sent.set(seq);
            LockSupport.parkNanos(paceNanos);
        }
    }

    private void receive() {
        while (running) {
            ZmqMessage m = receiver.receive(Duration.ofMillis(100));
            if (m != null) {
                ledger.record(m);
            }
        }
    }

    private void echo() {
        while (running) {
            ZmqMessage m = echo.receive(Duration.ofMillis(100));
            if (m != null) {
                echo.send(m, Duration.ofMillis(100));
            }
        }
    }

    /** Marks that a fault that drops the sender's connection is about to be applied. */
    void connectionWillDrop() {
        windows.open(ledger.highest());
    }

    @Override
    public void step(long step) throws Exception {
        disturbance.apply(step, this);
    }

    @Override
    public void finish() throws Exception {
        disturbance.lift();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (windows.pending() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        // One more message has to make it through once every fault is lifted.
        long mark = sent.get() + 1;
        assertThat(ledger.awaitAtLeast(mark, WAIT.toMillis())).as("%s: message #%d arrives once the faults are lifted (%s)",
                name, mark, summary()).isTrue();
        sending = false;
        threads[0].join(10_000);
        long last = sent.get();
        assertThat(ledger.awaitAtLeast(last, WAIT.toMillis())).as("%s: the last message #%d arrives (%s)", name, last, summary())
                .isTrue();
        SequenceLedger.Tally t = ledger.tally(last);
        System.out.println("[soak] " + summary());
        assertThat(failure).as("%s: traffic threads", name).isNull();
        assertThat(windows.pending()).as("%s: faults that should have dropped the connection and did not", name).isZero();
        assertThat(disconnects.get()).as("%s: disconnects, one per fault that drops the connection (%s)", name, summary())
                .isEqualTo(windows.count());
        assertThat(t.duplicated()).as("%s duplicated: %s", name, t).isZero();
        assertThat(t.reordered()).as("%s reordered: %s", name, t).isZero();
        assertThat(t.corrupt()).as("%s corrupt: %s", name, t).isZero();
        List<Long> unexplained = ledger.lost(last).stream().filter(seq -> !windows.covers(seq)).limit(20).toList();
        assertThat(unexplained).as("%s: messages lost outside a dropped connection's window: %s", name, t).isEmpty();
    }

    @Override
    public String summary() {
        return name + ": " + ledger.tally(Math.max(sent.get(), 0)) + "; connection-dropping faults " + windows.count()
                + " (pending " + windows.pending() + "), disconnects " + disconnects.get();
    }

    @Override
    public void close() {
        sending = false;
        running = false;
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            monitor.close();
        } catch (Exception e) {
            // the socket is being closed with its context anyway
        }
    }
}
