package io.monocoque.zmq;

import io.monocoque.zmq.routing.Envelope;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running ZeroMQ proxy — the engine's {@code zmq_proxy} / {@code zmq_proxy_steerable} —
 * that forwards whole messages between a frontend and a backend socket on threads of its own.
 *
 * <pre>{@code
 * try (ZmqContext ctx = ZmqContext.create();
 *      ZmqSocket frontend = ctx.createSocket(SocketType.ROUTER);
 *      ZmqSocket backend = ctx.createSocket(SocketType.DEALER)) {
 *     frontend.bind("tcp://*:5559");   // clients (REQ) connect here
 *     backend.bind("tcp://*:5560");    // workers (REP) connect here
 *     try (ZmqProxy proxy = ZmqProxy.start(frontend, backend, null)) {
 *         proxy.awaitTermination(Duration.ofHours(1));
 *     }
 * }
 * }</pre>
 *
 * <h2>Directions</h2>
 * Each direction (frontend to backend, backend to frontend) runs on its own thread named
 * {@code monocoque-proxy-N}, if the socket types allow it: its source must be able to receive
 * and its sink to send. So XSUB/XPUB forwards data one way and subscriptions the other,
 * ROUTER/DEALER forwards requests and replies, PULL/PUSH only one way. REQ and REP are refused
 * as frontend or backend: their lock-step cannot be kept by two independent directions (use
 * ROUTER and DEALER, as libzmq's documentation recommends for brokers). If {@code frontend}
 * and {@code backend} are the same socket, the single direction frontend to itself is run.
 *
 * <h2>Flow control</h2>
 * A sink at its high-water mark makes the direction wait (PUSH, DEALER, PAIR never drop; PUB,
 * XPUB and ROUTER drop as they always do). Messages the proxy has not taken wait in the
 * sockets, so {@link #pause()} loses nothing. A ROUTER sink with router-mandatory that cannot
 * route a message drops that message rather than stopping the proxy. Every message is copied
 * to the capture socket, if any, before it is forwarded (as libzmq does); a capture socket at
 * its high-water mark holds the proxy back too, unless it is of a dropping type such as PUB.
 *
 * <h2>Control</h2>
 * The control socket, if any, takes single-frame commands as {@code zmq_proxy_steerable} does:
 * {@code PAUSE}, {@code RESUME}, {@code TERMINATE} and {@code STATISTICS}. A REP control socket
 * answers every command (an empty frame, or the statistics); other types answer only
 * {@code STATISTICS}, with eight 8-byte frames of unsigned little-endian integers in the order of
 * {@link ProxyStatistics} (libzmq sends its host's byte order, little-endian on every platform it
 * commonly runs on). A ROUTER control socket's replies go back to the sender (its envelope is
 * kept); a SUB control socket must be subscribed by the caller.
 *
 * <h2>Ending</h2>
 * {@link #close()} (or {@code TERMINATE}) stops the threads and waits for them; a socket that
 * fails (for example closed under the proxy) ends the proxy as well, see {@link #failure()}.
 * The proxy never closes the sockets: the caller owns them.
 */
public final class ZmqProxy implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ZmqProxy.class.getName());
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    /**
     * How long a blocked receive or send waits before looking again at whether the proxy is
     * stopping. Receives and sends return at once when a message or room arrives, so this bounds
     * only how long {@link #close()} takes, not the latency of forwarding.
     */
    static final Duration POLL = Duration.ofMillis(100);


    private final ZmqSocket frontend;
    private final ZmqSocket backend;
    private final ZmqSocket capture;
    private final ZmqSocket control;

    private final Traffic frontendIn = new Traffic();
    private final Traffic frontendOut = new Traffic();
    private final Traffic backendIn = new Traffic();
    private final Traffic backendOut = new Traffic();

    /** Guards the waits of paused directions; {@link #resume()} and stopping wake them. */
    private final Object pauseLock = new Object();
    private volatile boolean paused;
    private volatile boolean stopping;
    private volatile Throwable failure;

    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch finished;

    private ZmqProxy(ZmqSocket frontend, ZmqSocket backend, ZmqSocket capture, ZmqSocket control) {
        this.frontend = frontend;
        this.backend = backend;
        this.capture = capture;
        this.control = control;

        List<Runnable> tasks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (receivesAnyTime(frontend.type()) && sendsAnyTime(backend.type())) {
            tasks.add(() -> forward(frontend, frontendIn, backend, backendOut));
            names.add("frontend->backend");
        }
        if (backend != frontend && receivesAnyTime(backend.type()) && sendsAnyTime(frontend.type())) {
            tasks.add(() -> forward(backend, backendIn, frontend, frontendOut));
            names.add("backend->frontend");
        }
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("nothing to forward between a " + frontend.type()
                    + " frontend and a " + backend.type() + " backend");
        }
        if (control != null) {
            tasks.add(this::obey);
            names.add("control");
        }
        finished = new CountDownLatch(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            Runnable task = tasks.get(i);
            String role = names.get(i);
            Thread t = new Thread(() -> run(role, task), "monocoque-proxy-" + THREAD_IDS.incrementAndGet());
            // Daemon: a proxy nobody closed must not keep the JVM alive, as with libzmq's threads.
            t.setDaemon(true);
            threads.add(t);
        }
    }

    /**
     * Starts forwarding between {@code frontend} and {@code backend} (both directions the socket
     * types allow, whole multipart messages), copying every message to {@code capture} if it is
     * not {@code null}. Returns at once; the forwarding runs on threads of the proxy's own.
     *
     * @throws IllegalArgumentException if a socket's type cannot play its part
     */
    public static ZmqProxy start(ZmqSocket frontend, ZmqSocket backend, ZmqSocket capture) {
        return start(frontend, backend, capture, null);
    }

    /**
     * Like {@link #start(ZmqSocket, ZmqSocket, ZmqSocket)}, also obeying the commands
     * {@code PAUSE}, {@code RESUME}, {@code TERMINATE} and {@code STATISTICS} received on
     * {@code control} (if not {@code null}), as {@code zmq_proxy_steerable} does.
     *
     * @throws IllegalArgumentException if a socket's type cannot play its part
     */
    public static ZmqProxy start(ZmqSocket frontend, ZmqSocket backend, ZmqSocket capture, ZmqSocket control) {
        Objects.requireNonNull(frontend, "frontend");
        Objects.requireNonNull(backend, "backend");
        for (ZmqSocket s : new ZmqSocket[] {frontend, backend}) {
            if (s.type().alternatesSendAndReceive()) {
                throw new IllegalArgumentException("a " + s.type() + " socket cannot be a proxy's frontend or "
                        + "backend: its request-reply lock-step would stall the proxy; use ROUTER or DEALER");
            }
        }
        if (capture != null && !sendsAnyTime(capture.type())) {
            throw new IllegalArgumentException("a " + capture.type() + " socket cannot send, so it cannot be a capture socket");
        }
        // A REP control socket receives a command and then answers it, which its lock-step allows.
        if (control != null && !receivesAnyTime(control.type()) && control.type() != SocketType.REP) {
            throw new IllegalArgumentException("a " + control.type() + " socket cannot receive, so it cannot be a control socket");
        }
        if (control != null && (control == frontend || control == backend || control == capture)) {
            throw new IllegalArgumentException("the control socket must not be the frontend, backend or capture socket");
        }
        ZmqProxy proxy = new ZmqProxy(frontend, backend, capture, control);
        proxy.threads.forEach(Thread::start);
        return proxy;
    }

    // REQ and REP can send or receive only in turn, so a direction cannot use them whenever it
    // likes: they are refused, or (a REP control socket) handled apart.
    private static boolean receivesAnyTime(SocketType type) {
        return type.canReceive() && !type.alternatesSendAndReceive();
    }

    private static boolean sendsAnyTime(SocketType type) {
        return type.canSend() && !type.alternatesSendAndReceive();
    }

    /** Stops forwarding; messages not yet taken wait in the sockets, and none is lost. */
    public void pause() {
        paused = true;
    }

    /** Resumes forwarding after {@link #pause()}. */
    public void resume() {
        synchronized (pauseLock) {
            paused = false;
            pauseLock.notifyAll();
        }
    }

    /** Whether the proxy is paused (by {@link #pause()} or a {@code PAUSE} command). */
    public boolean isPaused() {
        return paused;
    }

    /** Whether the proxy still forwards: not closed, terminated or ended by a socket's failure. */
    public boolean isRunning() {
        return !stopping && finished.getCount() > 0;
    }

    /** What the proxy has received and sent so far, per socket. */
    public ProxyStatistics statistics() {
        return new ProxyStatistics(
                frontendIn.messages.get(), frontendIn.bytes.get(),
                frontendOut.messages.get(), frontendOut.bytes.get(),
                backendIn.messages.get(), backendIn.bytes.get(),
                backendOut.messages.get(), backendOut.bytes.get());
    }

    /** The error that ended the proxy, or {@code null} if it is running or was stopped on request. */
    public Throwable failure() {
        return failure;
    }

    /**
     * Stops forwarding, like the {@code TERMINATE} command, and returns once the proxy's threads
     * have ended (within about 100 ms). A message the proxy had taken but not
     * yet sent when it was paused is dropped. The sockets are left open: the caller owns them.
     */
    @Override
    public void close() {
        stop();
        // Called from the proxy's own thread (a listener, say), waiting for itself would never end.
        if (threads.contains(Thread.currentThread())) {
            return;
        }
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code timeout} for the proxy to end; returns whether it has. */
    public boolean awaitTermination(Duration timeout) {
        try {
            return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return finished.getCount() == 0;
        }
    }

    @Override
    public String toString() {
        return "ZmqProxy[" + frontend + " <-> " + backend
                + (isRunning() ? (paused ? ", paused" : ", running") : ", stopped") + "]";
    }

    // ---- the threads -------------------------------------------------------------------------

    private void run(String role, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            // Typically ETERM: a socket closed under the proxy. Record it rather than let it
            // escape to the thread's default handler, which would only print it.
            failed(role, e);
        } finally {
            // One direction ending ends the whole proxy: half a proxy would silently lose traffic.
            stop();
            finished.countDown();
        }
    }

    private void failed(String role, Throwable e) {
        if (stopping) {
            return; // a socket closed after close() was asked for is no failure
        }
        failure = e;
        LOG.log(System.Logger.Level.WARNING, "proxy " + role + " ended by " + e, e);
    }

    private void stop() {
        synchronized (pauseLock) {
            stopping = true;
            pauseLock.notifyAll();
        }
    }

    /** One direction: receive from {@code from}, copy to the capture socket, send to {@code to}. */
    private void forward(ZmqSocket from, Traffic in, ZmqSocket to, Traffic out) {
        while (awaitUnpaused()) {
            ZmqMessage m = from.receive(POLL);
            if (m == null) {
                continue;
            }
            in.add(m);
            // A message that arrived as pause() was called is held here rather than sent, so that
            // pausing stops delivery at once; it is the first to go out after resume().
            if (!awaitUnpaused()) {
                return;
            }
            if (capture != null && send(capture, m) < 0) {
                return;
            }
            int sent = send(to, m);
            if (sent < 0) {
                return;
            }
            if (sent > 0) {
                out.add(m);
            }
        }
    }

    /**
     * Sends, waiting as long as needed for room but looking at {@link #stopping} every
     * {@link #POLL}. Returns 1 if sent, 0 if the sink refused it as unroutable, -1 if stopping.
     */
    private int send(ZmqSocket to, ZmqMessage m) {
        while (!stopping) {
            try {
                if (to.send(m, POLL)) {
                    return 1;
                }
            } catch (ZmqException e) {
                if (e.error() == ZmqError.EHOSTUNREACH) {
                    // A ROUTER with router-mandatory and a peer that left: one lost reply must not
                    // bring down a broker serving everyone else.
                    return 0;
                }
                throw e;
            }
        }
        return -1;
    }

    /** Blocks while paused; returns false once the proxy is stopping. */
    private boolean awaitUnpaused() {
        if (!paused) {
            return !stopping;
        }
        synchronized (pauseLock) {
            while (paused && !stopping) {
                try {
                    pauseLock.wait();
                } catch (InterruptedException e) {
                    // Only the proxy's own threads wait here; an interrupt can only mean "stop".
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
            return !stopping;
        }
    }

    /** The control thread: carries out commands until the proxy stops. */
    private void obey() {
        while (!stopping) {
            ZmqMessage m = control.receive(POLL);
            if (m == null) {
                continue;
            }
            // A ROUTER (or DEALER facing a REQ) control socket delivers an envelope before the
            // command; keep it so a reply finds its way back.
            Envelope envelope = Envelope.prefix(m, m.size() - 1);
            String command = m.lastString();
            switch (command) {
                case "PAUSE" -> {
                    pause();
                    acknowledge(envelope);
                }
                case "RESUME" -> {
                    resume();
                    acknowledge(envelope);
                }
                case "TERMINATE" -> {
                    // Answer before stopping: once stopping, send() would give up at once.
                    acknowledge(envelope);
                    stop();
                }
                case "STATISTICS" -> {
                    if (control.type().canSend()) {
                        send(control, envelope.wrap(ZmqMessage.wrap(statisticsFrames())));
                    }
                }
                default -> {
                    LOG.log(System.Logger.Level.WARNING, "proxy control: unknown command " + m);
                    // A REP socket that does not answer could never take the next command.
                    acknowledge(envelope);
                }
            }
        }
    }

    /** A REP control socket must answer each command (libzmq sends an empty frame); others do not. */
    private void acknowledge(Envelope envelope) {
        if (control.type() == SocketType.REP) {
            send(control, envelope.wrap(ZmqMessage.wrap(new byte[0])));
        }
    }

    private byte[][] statisticsFrames() {
        long[] values = statistics().toArray();
        byte[][] frames = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            frames[i] = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(values[i]).array();
        }
        return frames;
    }

    /** Message and byte counters of one socket in one direction. */
    private static final class Traffic {
        final AtomicLong messages = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();

        void add(ZmqMessage m) {
            messages.incrementAndGet();
            bytes.addAndGet(m.byteSize());
        }
    }

}
