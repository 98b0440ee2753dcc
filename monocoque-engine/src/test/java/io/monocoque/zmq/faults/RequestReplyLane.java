package io.monocoque.zmq.faults;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * REQ→REP, one request at a time, while the REP is closed and a new one bound at the same
 * endpoint, and the REQ closed and opened again, now and then. REQ/REP promises that a reply
 * answers the request it follows; a request is lost only with the REP that held it, so at most
 * one per REP restart is given up (after {@link #REPLY_WAIT}, with a new REQ, as a client must).
 */
final class RequestReplyLane implements SoakLane {

    static final Duration REPLY_WAIT = Duration.ofSeconds(3);

    private final String name;
    private final ZmqContext serverContext;
    private final ZmqContext clientContext;
    private final String endpoint;
    private final int restartEvery;
    private final int reopenEvery;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong mismatched = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private final AtomicLong serverRestarts = new AtomicLong();
    private final AtomicLong clientReopens = new AtomicLong();
    private final Thread server;
    private final Thread client;
    private volatile boolean restartServer;
    private volatile boolean reopenClient;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /** Restarts the REP every {@code restartEvery} steps and reopens the REQ every {@code reopenEvery}. */
    RequestReplyLane(String name, ZmqContext serverContext, ZmqContext clientContext, String endpoint, int restartEvery,
            int reopenEvery) {
        this.name = name;
        this.serverContext = serverContext;
        this.clientContext = clientContext;
        this.endpoint = endpoint;
        this.restartEvery = restartEvery;
        this.reopenEvery = reopenEvery;
        ZmqSocket first = rep();
        server = thread(() -> serve(first), "rep");
        client = thread(this::request, "req");
        server.start();
        client.start();
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

    private ZmqSocket rep() {
        ZmqSocket rep = serverContext.createSocket(SocketType.REP);
        rep.setOption(SocketOption.LINGER, Duration.ZERO);
        rep.bind(endpoint);
        return rep;
    }

    private ZmqSocket req() {
        ZmqSocket req = clientContext.createSocket(SocketType.REQ);
        req.setOption(SocketOption.LINGER, Duration.ZERO);
        req.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(100));
        req.connect(endpoint);
        return req;
    }

    /** The REP's own thread echoes requests and, when asked, replaces its socket by a new one at the same endpoint. */
    private void serve(ZmqSocket first) {
        ZmqSocket rep = first;
        try {
            while (running) {
                if (restartServer) {
                    restartServer = false;
                    rep.close();
                    sleep(200);
                    rep = rep();
                    serverRestarts.incrementAndGet();
                }
                ZmqMessage m = rep.receive(Duration.ofMillis(100));
                if (m != null) {
                    rep.send(m);
                }
            }
        } finally {
            rep.close();
        }
    }

    private void request() {
        ZmqSocket req = req();
        try {
            for (long n = 0; running; n++) {
                if (reopenClient) {
                    reopenClient = false;
                    req.close();
                    req = req();
                    clientReopens.incrementAndGet();
                }
                String body = name + " request " + n;
                req.send(body);
                ZmqMessage reply = req.receive(REPLY_WAIT);
                if (reply == null) {
                    // The request, or its reply, went down with a REP: a REQ cannot send again, a new one can.
                    abandoned.incrementAndGet();
                    req.close();
                    req = req();
                } else if (reply.size() != 1 || !reply.frameString(0).equals(body)) {
                    mismatched.incrementAndGet();
                } else {
                    completed.incrementAndGet();
                }
                sleep(2);
            }
        } finally {
            req.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void step(long step) {
        if (step % restartEvery == restartEvery - 1) {
            restartServer = true;
        }
        if (step % reopenEvery == reopenEvery / 2) {
            reopenClient = true;
        }
    }

    @Override
    public void finish() throws Exception {
        long before = completed.get();
        long deadline = System.nanoTime() + REPLY_WAIT.multipliedBy(3).toNanos();
        while (completed.get() < before + 10 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        running = false;
        client.join(10_000);
        server.join(10_000);
        System.out.println("[soak] " + summary());
        assertThat(failure).as("%s: traffic threads", name).isNull();
        assertThat(completed.get()).as("%s: requests answered once the restarts stopped (%s)", name, summary())
                .isGreaterThanOrEqualTo(before + 10);
        assertThat(mismatched.get()).as("%s: replies that answer another request", name).isZero();
        assertThat(abandoned.get()).as("%s: requests given up, at most one per REP restart (%s)", name, summary())
                .isLessThanOrEqualTo(serverRestarts.get());
    }

    @Override
    public String summary() {
        return name + ": " + completed.get() + " requests answered, " + mismatched.get() + " answered wrongly, " + abandoned.get()
                + " given up; REP restarted " + serverRestarts.get() + " times, REQ reopened " + clientReopens.get() + " times";
    }

    @Override
    public void close() {
        running = false;
        try {
            client.join(5000);
            server.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
