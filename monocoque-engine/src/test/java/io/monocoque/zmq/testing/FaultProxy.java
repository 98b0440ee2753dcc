package io.monocoque.zmq.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder that puts network faults between two real peers, for tests (this kernel has
 * no {@code sch_netem}, so the faults are made in user space): it listens on an ephemeral
 * loopback port, opens a connection to the target for each connection it accepts, and forwards
 * both directions, with a delay, a bandwidth limit, a blackhole, a reset or a cut in the middle of
 * the stream, each switchable while traffic flows.
 *
 * <p>Each direction of each connection is a reader thread, which stamps what it reads and hands it
 * on through a bounded queue, and a writer thread, which applies the faults in force when it
 * writes. Nothing is ever dropped silently, as on a real network where TCP retransmits: a
 * blackhole holds the bytes (and, once the queue is full, the sender's kernel buffers fill and the
 * sender meets backpressure) and delivers them when lifted, unless the connection is ended first.
 * A peer's close is forwarded like data, so a blackhole hides it too.
 */
public final class FaultProxy implements AutoCloseable {

    /** Which way bytes travel: from the connecting peer to the target, or back. */
    public enum Direction { TO_TARGET, TO_CLIENT }

    private static final int CHUNK = 16 * 1024;
    private static final int QUEUE_CHUNKS = 64;
    private static final byte[] END = new byte[0];

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong[] forwarded = {new AtomicLong(), new AtomicLong()};
    private final Object faults = new Object();
    private volatile boolean closed;
    private volatile long delayNanos;
    private volatile long bytesPerSecond;
    private volatile boolean blackholed;

    private FaultProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy-accept-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** A proxy to {@code tcpEndpoint} ({@code tcp://host:port}, as {@code lastEndpoint()} gives it). */
    public static FaultProxy to(String tcpEndpoint) throws IOException {
        URI uri = URI.create(tcpEndpoint);
        return new FaultProxy(new InetSocketAddress(uri.getHost(), uri.getPort()));
    }

    /** A proxy to a port of the loopback address. */
    public static FaultProxy to(int port) throws IOException {
        return new FaultProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** Where peers connect to reach the target through the faults: {@code tcp://127.0.0.1:port}. */
    public String endpoint() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** Holds every byte for at least {@code delay} after it was read (zero: no delay); throughput is kept. */
    public FaultProxy delay(Duration delay) {
        delayNanos = delay.toNanos();
        wake();
        return this;
    }

    /** Limits each direction of each connection to {@code bytesPerSecond} (zero: no limit). */
    public FaultProxy throttle(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond < 0");
        }
        this.bytesPerSecond = bytesPerSecond;
        wake();
        return this;
    }

    /**
     * Forwards nothing in either direction, and keeps every connection open on both sides, until
     * lifted; new connections are accepted and held the same way. What was held is then
     * delivered in order.
     */
    public FaultProxy blackhole(boolean on) {
        blackholed = on;
        wake();
        return this;
    }

    /**
     * Resets every open connection on both sides at once (SO_LINGER 0, so both peers get an RST).
     * Like {@link #cutAfter}, it acts on the connections open now: a connection is open once the
     * proxy has connected it to the target ({@link #openConnections()}).
     */
    public FaultProxy reset() {
        for (Link l : links) {
            l.reset();
        }
        return this;
    }

    /**
     * Lets {@code bytes} more bytes through in {@code direction} on every open connection, then
     * resets that connection on both sides: the receiver gets a stream cut wherever that byte
     * falls, usually in the middle of a frame.
     */
    public FaultProxy cutAfter(Direction direction, long bytes) {
        for (Link l : links) {
            l.pumps[direction.ordinal()].cutAfter(bytes);
        }
        return this;
    }

    /** Connections accepted so far. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Connections open now (both sides up as far as the proxy knows). */
    public int openConnections() {
        return (int) links.stream().filter(l -> !l.ended).count();
    }

    /** Bytes written so far in {@code direction}, over all connections. */
    public long bytesForwarded(Direction direction) {
        return forwarded[direction.ordinal()].get();
    }

    /** Stops accepting and closes every connection (with an RST, as a vanished network would). */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        reset();
        wake();
        join(acceptor);
        for (Link l : links) {
            l.join();
        }
    }

    private void wake() {
        synchronized (faults) {
            faults.notifyAll();
        }
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            Socket upstream = new Socket();
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                upstream.connect(target, 5000);
            } catch (IOException e) {
                // The target is down: the client sees a refused connection, as it would without us.
                abort(client);
                abort(upstream);
                continue;
            }
            links.removeIf(l -> l.ended);
            Link link = new Link(client, upstream, accepted.get());
            links.add(link);
            link.start();
        }
    }

    private static void abort(Socket s) {
        try {
            if (!s.isClosed()) {
                s.setSoLinger(true, 0);
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    /** One proxied connection: the client's socket, the target's, and a pump each way. */
    private final class Link {

        private final Socket client;
        private final Socket upstream;
        private final Pump[] pumps;
        private volatile boolean ended;

        Link(Socket client, Socket upstream, int n) {
            this.client = client;
            this.upstream = upstream;
            this.pumps = new Pump[] {
                new Pump(this, Direction.TO_TARGET, client, upstream, "fault-proxy-" + n + "-to-target"),
                new Pump(this, Direction.TO_CLIENT, upstream, client, "fault-proxy-" + n + "-to-client"),
            };
        }

        void start() {
            for (Pump p : pumps) {
                p.start();
            }
        }

        /** Both sides get an RST; the pumps stop. */
        void reset() {
            ended = true;
            abort(client);
            abort(upstream);
            for (Pump p : pumps) {
                p.stop();
            }
        }

        /** A side closed or failed: the other side is closed the same way and the pumps stop. */
        void end(boolean withReset) {
            if (withReset) {
                reset();
                return;
            }
            ended = true;
            closeQuietly(client);
            closeQuietly(upstream);
            for (Pump p : pumps) {
                p.stop();
            }
        }

        void join() {
            for (Pump p : pumps) {
                p.join();
            }
        }
    }

    /** One direction of a link: a reader that stamps chunks and a writer that applies the faults. */
    private final class Pump {

        private final Link link;
        private final Direction direction;
        private final Socket from;
        private final Socket to;
        private final Thread reader;
        private final Thread writer;
        private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
        /** Bytes still allowed before a cut, or -1 for no cut armed. */
        private final AtomicLong cutBudget = new AtomicLong(-1);
        private long nextWriteNanos = System.nanoTime();

        Pump(Link link, Direction direction, Socket from, Socket to, String name) {
            this.link = link;
            this.direction = direction;
            this.from = from;
            this.to = to;
            this.reader = new Thread(this::read, name + "-read");
            this.writer = new Thread(this::write, name + "-write");
            reader.setDaemon(true);
            writer.setDaemon(true);
        }

        void start() {
            reader.start();
            writer.start();
        }

        void cutAfter(long bytes) {
            cutBudget.set(bytes);
        }

        void stop() {
            reader.interrupt();
            writer.interrupt();
        }

        void join() {
            FaultProxy.join(reader);
            FaultProxy.join(writer);
        }

        private void read() {
            try {
                InputStream in = from.getInputStream();
                while (!link.ended) {
                    byte[] buf = new byte[CHUNK];
                    int n = in.read(buf);
                    if (n < 0) {
                        queue.put(new Chunk(END, System.nanoTime(), false));
                        return;
                    }
                    queue.put(new Chunk(Arrays.copyOf(buf, n), System.nanoTime(), false));
                }
            } catch (IOException e) {
                // An RST from this side: passed on as an RST, after what came before it.
                offerQuietly(new Chunk(END, System.nanoTime(), true));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void offerQuietly(Chunk c) {
            try {
                queue.put(c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void write() {
            try {
                OutputStream out = to.getOutputStream();
                while (!link.ended) {
                    Chunk c = queue.take();
                    awaitDue(c.readNanos);
                    if (c.bytes == END) {
                        link.end(c.reset);
                        return;
                    }
                    int off = 0;
                    while (off < c.bytes.length && !link.ended) {
                        awaitDue(c.readNanos);
                        int n = Math.min(c.bytes.length - off, slice());
                        long budget = cutBudget.get();
                        boolean cut = budget >= 0 && budget <= n;
                        if (cut) {
                            n = (int) budget;
                        }
                        pace(n);
                        out.write(c.bytes, off, n);
                        out.flush();
                        forwarded[direction.ordinal()].addAndGet(n);
                        off += n;
                        if (cut) {
                            link.reset();
                            return;
                        }
                        if (budget >= 0) {
                            cutBudget.compareAndSet(budget, budget - n);
                        }
                    }
                }
            } catch (IOException e) {
                link.end(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** At most a twentieth of a second's worth of bytes at a time when throttled. */
        private int slice() {
            long rate = bytesPerSecond;
            return rate == 0 ? CHUNK : (int) Math.max(1, Math.min(CHUNK, rate / 20));
        }

        /** Waits out a blackhole and the delay, rechecking whenever a fault is switched. */
        private void awaitDue(long readNanos) throws InterruptedException {
            synchronized (faults) {
                while (!link.ended) {
                    long wait = blackholed ? TimeUnit.MILLISECONDS.toNanos(50) : readNanos + delayNanos - System.nanoTime();
                    if (!blackholed && wait <= 0) {
                        return;
                    }
                    TimeUnit.NANOSECONDS.timedWait(faults, wait);
                }
            }
        }

        /** Keeps this direction at or under the rate in force: the next write waits for the bytes just sent. */
        private void pace(int n) throws InterruptedException {
            long rate = bytesPerSecond;
            long now = System.nanoTime();
            if (rate == 0) {
                nextWriteNanos = now;
                return;
            }
            if (nextWriteNanos - now > 0) {
                TimeUnit.NANOSECONDS.sleep(nextWriteNanos - now);
                now = nextWriteNanos;
            }
            nextWriteNanos = Math.max(nextWriteNanos, now) + n * 1_000_000_000L / rate;
        }
    }

    private record Chunk(byte[] bytes, long readNanos, boolean reset) { }

    @Override
    public String toString() {
        List<String> on = new ArrayList<>();
        if (delayNanos > 0) {
            on.add("delay " + TimeUnit.NANOSECONDS.toMillis(delayNanos) + " ms");
        }
        if (bytesPerSecond > 0) {
            on.add(bytesPerSecond + " B/s");
        }
        if (blackholed) {
            on.add("blackhole");
        }
        return "FaultProxy " + endpoint() + " -> " + target + " " + on;
    }
}
