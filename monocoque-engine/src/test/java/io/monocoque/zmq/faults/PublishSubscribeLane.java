package io.monocoque.zmq.faults;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PUB→SUB or XPUB→XSUB: the publisher sends numbered messages on a subscribed topic and, between
 * them, on a topic nobody subscribed to; the subscriber is closed and a new one subscribes again
 * now and then. A publisher promises no delivery (it drops at the high-water mark, and to nobody
 * while nobody is subscribed), but what one subscriber's connection delivers is in order, whole,
 * once, and only on its topic; and each new subscriber is served. With XPUB (verbose) every
 * subscriber's subscription reaches the publisher's application.
 */
final class PublishSubscribeLane implements SoakLane {

    private static final byte[] TOPIC = "soak.A".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOISE = "other".getBytes(StandardCharsets.US_ASCII);

    private final String name;
    private final ZmqSocket publisher;
    private final Supplier<ZmqSocket> subscriberFactory;
    private final boolean xpub;
    private final int reopenEvery;
    private final long paceNanos;
    private final AtomicLong published = new AtomicLong(-1);
    private final AtomicLong subscriptionsSeen = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong wrongTopic = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong reordered = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    private final AtomicLong subscribers = new AtomicLong();
    private final AtomicLong unserved = new AtomicLong();
    private final Thread publishing;
    private final Thread subscribing;
    private volatile boolean reopen;
    private volatile boolean currentServed;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /**
     * @param subscriberFactory a new SUB (or XSUB) connected to the publisher, not yet subscribed
     * @param reopenEvery       steps between replacing the subscriber
     */
    PublishSubscribeLane(String name, ZmqSocket publisher, Supplier<ZmqSocket> subscriberFactory, int reopenEvery, Duration pace) {
        this.name = name;
        this.publisher = publisher;
        this.subscriberFactory = subscriberFactory;
        this.xpub = publisher.type() == SocketType.XPUB;
        this.reopenEvery = reopenEvery;
        this.paceNanos = pace.toNanos();
        publishing = thread(this::publish, "publish");
        subscribing = thread(this::subscribe, "subscribe");
        publishing.start();
        subscribing.start();
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

    private void publish() {
        for (long seq = 0; running; seq++) {
            if (xpub) {
                for (ZmqMessage s; (s = publisher.tryReceive()) != null;) {
                    byte[] body = s.frame(0);
                    if (body.length > 0 && body[0] == 1 && Arrays.equals(Arrays.copyOfRange(body, 1, body.length), TOPIC)) {
                        subscriptionsSeen.incrementAndGet();
                    }
                }
            }
            ZmqMessage m = SequenceLedger.message(seq, 64);
            publisher.send(ZmqMessage.of(TOPIC, m.frame(0), m.frame(1)));
            published.set(seq);
            publisher.send(ZmqMessage.of(NOISE, m.frame(0), m.frame(1)));
            LockSupport.parkNanos(paceNanos);
        }
    }

    /** The subscriber's own thread receives and, when asked, replaces its socket by a new subscriber. */
    private void subscribe() {
        ZmqSocket sub = newSubscriber();
        SequenceLedger ledger = new SequenceLedger();
        try {
            while (running) {
                if (reopen) {
                    reopen = false;
                    count(ledger);
                    sub.close();
                    sub = newSubscriber();
                    ledger = new SequenceLedger();
                    currentServed = false;
                }
                ZmqMessage m = sub.receive(Duration.ofMillis(100));
                if (m != null) {
                    if (m.size() != 3 || !Arrays.equals(m.frame(0), TOPIC)) {
                        wrongTopic.incrementAndGet();
                    } else {
                        ledger.record(m);
                        currentServed = true;
                    }
                }
            }
            count(ledger);
        } finally {
            sub.close();
        }
    }

    private ZmqSocket newSubscriber() {
        ZmqSocket sub = subscriberFactory.get();
        if (sub.type() == SocketType.XSUB) {
            byte[] subscription = new byte[TOPIC.length + 1];
            subscription[0] = 1;
            System.arraycopy(TOPIC, 0, subscription, 1, TOPIC.length);
            sub.send(subscription);
        } else {
            sub.subscribe(TOPIC);
        }
        subscribers.incrementAndGet();
        return sub;
    }

    /** Adds what one subscriber's connection delivered to the lane's counts. */
    private void count(SequenceLedger ledger) {
        long highest = ledger.highest();
        if (highest < 0) {
            unserved.incrementAndGet();
            return;
        }
        SequenceLedger.Tally t = ledger.tally(highest);
        received.addAndGet(t.received());
        duplicated.addAndGet(t.duplicated());
        reordered.addAndGet(t.reordered());
        corrupt.addAndGet(t.corrupt());
    }

    @Override
    public void step(long step) {
        if (step % reopenEvery == reopenEvery - 1) {
            reopen = true;
        }
    }

    @Override
    public void finish() throws Exception {
        // The last subscriber has to be served too, if it was opened just now.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((reopen || !currentServed) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        running = false;
        subscribing.join(10_000);
        publishing.join(10_000);
        System.out.println("[soak] " + summary());
        assertThat(failure).as("%s: traffic threads", name).isNull();
        assertThat(wrongTopic.get()).as("%s: messages on a topic not subscribed to", name).isZero();
        assertThat(duplicated.get()).as("%s: duplicated on one connection", name).isZero();
        assertThat(reordered.get()).as("%s: out of order on one connection", name).isZero();
        assertThat(corrupt.get()).as("%s: corrupt", name).isZero();
        assertThat(unserved.get()).as("%s: subscribers that received nothing (%s)", name, summary()).isZero();
        if (xpub) {
            assertThat(subscriptionsSeen.get()).as("%s: subscriptions the XPUB received, one per XSUB", name)
                    .isEqualTo(subscribers.get());
        }
    }

    @Override
    public String summary() {
        return name + ": " + (published.get() + 1) + " published on the topic, " + received.get() + " received by "
                + subscribers.get() + " subscribers in turn (" + unserved.get() + " unserved), wrong topic " + wrongTopic.get()
                + ", duplicated " + duplicated.get() + ", reordered " + reordered.get() + ", corrupt " + corrupt.get()
                + (xpub ? ", subscriptions seen by the XPUB " + subscriptionsSeen.get() : "");
    }

    @Override
    public void close() {
        running = false;
        try {
            subscribing.join(5000);
            publishing.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
