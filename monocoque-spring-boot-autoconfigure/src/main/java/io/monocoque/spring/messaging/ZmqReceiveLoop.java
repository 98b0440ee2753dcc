package io.monocoque.spring.messaging;

import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;

/**
 * The one receive loop of Monocoque's Spring side, behind listener containers,
 * {@link ZmqSubscribableChannel}s and the Spring Integration inbound adapters and gateways:
 * threads from a {@link TaskExecutor}, each blocked in {@code receive} on one socket with no
 * timeout, handing every message to a handler the moment it arrives (the engine wakes a blocked
 * receiver: there is no polling).
 *
 * <p>{@link #stop} and {@link #pause} wake the threads that are blocked in {@code receive} by
 * interrupting them, and only those: a thread handling a message finishes it undisturbed, so
 * stopping costs no polling delay. A paused loop takes nothing from the socket, so that its
 * receive high-water mark pushes back on the senders; {@link #resume} goes on.
 * {@link #stopAndDrain} goes on with the messages already queued in the socket, without waiting
 * for more, until it is empty or the time is up.
 */
public final class ZmqReceiveLoop {

    private static final Log LOG = LogFactory.getLog(ZmqReceiveLoop.class);
    private static final Duration FOREVER = Duration.ofMillis(-1);

    private final String description;
    private final ZmqSocket socket;
    private final Consumer<ZmqMessage> handler;
    private final Consumer<List<ZmqMessage>> batchHandler;
    private final int batchSize;
    private final Duration batchWindow;
    private final Object monitor = new Object();

    private volatile boolean running;
    private volatile boolean paused;
    /** Set by a stop that drains: threads go on with queued messages until this {@code nanoTime}. */
    private volatile long drainUntil;
    private volatile boolean draining;
    private List<Receiver> receivers = List.of();
    private CountDownLatch exited = new CountDownLatch(0);

    /**
     * A loop handing what {@code socket} receives to {@code handler}; {@code description} names
     * it in log lines. An exception from the handler is logged, and the thread goes on.
     */
    public ZmqReceiveLoop(String description, ZmqSocket socket, Consumer<ZmqMessage> handler) {
        this.description = description;
        this.socket = socket;
        this.handler = handler;
        this.batchHandler = null;
        this.batchSize = 1;
        this.batchWindow = Duration.ZERO;
    }

    /**
     * A loop handing what {@code socket} receives to {@code handler} in batches: each thread
     * waits for a message, then takes what else comes within {@code window} of it, up to
     * {@code size} messages in all, and hands them over together.
     */
    public ZmqReceiveLoop(String description, ZmqSocket socket, int size, Duration window, Consumer<List<ZmqMessage>> handler) {
        if (size < 1) {
            throw new IllegalArgumentException("a batch holds at least one message, not " + size);
        }
        this.description = description;
        this.socket = socket;
        this.handler = null;
        this.batchHandler = handler;
        this.batchSize = size;
        this.batchWindow = window;
    }

    /** A task executor giving every loop its own named daemon thread. */
    public static TaskExecutor defaultExecutor(String threadNamePrefix) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(threadNamePrefix);
        executor.setDaemon(true);
        return executor;
    }

    /** The socket received on. */
    public ZmqSocket socket() {
        return socket;
    }

    /** Starts {@code threads} receiving threads on {@code executor}. */
    public void start(TaskExecutor executor, int threads) {
        synchronized (monitor) {
            if (running) {
                return;
            }
            running = true;
            paused = false;
            draining = false;
            CountDownLatch done = new CountDownLatch(threads);
            exited = done;
            List<Receiver> started = new ArrayList<>(threads);
            receivers = started;
            try {
                for (int i = 0; i < threads; i++) {
                    Receiver r = new Receiver(done);
                    started.add(r);
                    executor.execute(r);
                }
            } catch (RuntimeException e) {
                running = false;
                started.forEach(Receiver::wake);
                throw e;
            }
        }
    }

    /**
     * Stops taking messages and waits up to {@code timeout} for the threads to finish the message
     * each holds; messages queued in the socket stay there.
     *
     * @return whether every thread finished in time
     */
    public boolean stop(Duration timeout) {
        return stop(timeout, false);
    }

    /**
     * Stops waiting for messages, but goes on with those already queued in the socket until it is
     * empty or {@code timeout} has passed, and waits for that.
     *
     * @return whether every thread finished in time
     */
    public boolean stopAndDrain(Duration timeout) {
        return stop(timeout, true);
    }

    private boolean stop(Duration timeout, boolean drain) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Receiver> stopping;
        CountDownLatch done;
        synchronized (monitor) {
            if (!running) {
                return true;
            }
            drainUntil = deadline;
            draining = drain;
            running = false;
            paused = false;
            stopping = receivers;
            done = exited;
            monitor.notifyAll(); // paused threads
        }
        stopping.forEach(Receiver::wake);
        try {
            return done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops taking messages from the socket until {@link #resume}: a thread handling a message
     * finishes it; the others wait. While paused the socket's queue fills up to its receive
     * high-water mark, and then the senders are held back, as ZeroMQ does.
     */
    public void pause() {
        List<Receiver> pausing;
        synchronized (monitor) {
            if (!running || paused) {
                return;
            }
            paused = true;
            pausing = receivers;
        }
        pausing.forEach(Receiver::wake);
    }

    /** Takes messages again after {@link #pause}. */
    public void resume() {
        synchronized (monitor) {
            if (paused) {
                paused = false;
                receivers.forEach(Receiver::unwake);
                monitor.notifyAll();
            }
        }
    }

    /** Whether the loop was started and not stopped. */
    public boolean isRunning() {
        return running;
    }

    /** Whether the loop is paused. */
    public boolean isPaused() {
        return paused;
    }

    /** One receiving thread; interrupted only while it is blocked in receive. */
    private final class Receiver implements Runnable {

        private final CountDownLatch done;
        private Thread thread;
        private boolean receiving;
        private boolean woken;
        /** This loop interrupted the thread (to wake it); guarded by this. */
        private boolean interruptedHere;
        /** Someone else interrupted the thread: it stops. */
        private boolean interruptedElsewhere;

        Receiver(CountDownLatch done) {
            this.done = done;
        }

        @Override
        public void run() {
            synchronized (this) {
                thread = Thread.currentThread();
            }
            try {
                while (running && !interruptedElsewhere) {
                    if (paused && !awaitResume()) {
                        break;
                    }
                    ZmqMessage m = receive(FOREVER);
                    if (m != null) {
                        if (batchHandler == null) {
                            handle(m);
                        } else {
                            handleBatch(collect(m));
                        }
                    }
                }
                drain();
            } finally {
                synchronized (this) {
                    thread = null;
                }
                done.countDown();
            }
        }

        /** Waits while paused; false when the loop stopped meanwhile. */
        private boolean awaitResume() {
            synchronized (monitor) {
                while (paused && running) {
                    try {
                        monitor.wait();
                    } catch (InterruptedException e) {
                        // woken by stop or resume: the loop's flags say which
                    }
                }
                return running;
            }
        }

        /** The batch that starts with {@code first}: what else comes within the window, up to the batch size. */
        private List<ZmqMessage> collect(ZmqMessage first) {
            List<ZmqMessage> batch = new ArrayList<>(Math.min(batchSize, 1024));
            batch.add(first);
            long deadline = System.nanoTime() + batchWindow.toNanos();
            while (batch.size() < batchSize) {
                ZmqMessage next;
                try {
                    next = socket.tryReceive();
                } catch (ZmqException e) {
                    break; // closed: what is collected goes now
                }
                if (next == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !running) {
                        break;
                    }
                    next = receive(Duration.ofNanos(left));
                    if (next == null) {
                        break; // the window closed, or a stop or pause: what is collected goes now
                    }
                }
                batch.add(next);
            }
            return batch;
        }

        private ZmqMessage receive(Duration timeout) {
            synchronized (this) {
                if (woken || !running) {
                    return null;
                }
                receiving = true;
            }
            try {
                return socket.receive(timeout);
            } catch (ZmqException e) {
                boolean ours;
                synchronized (this) {
                    ours = interruptedHere;
                }
                if (e.error() == ZmqError.EINTR && !ours) {
                    interruptedElsewhere = true; // e.g. its executor shutting down: the thread is wanted back
                    LOG.warn(description + ": a receiving thread was interrupted from outside; it stops");
                } else if (running && !paused && e.error() == ZmqError.ETERM) {
                    running = false;
                    LOG.warn(description + " stops: its socket was closed");
                } else if (running && !paused && e.error() != ZmqError.EINTR) {
                    LOG.error(description + " could not receive", e);
                    backOff();
                }
                return null;
            } finally {
                synchronized (this) {
                    receiving = false;
                    if (interruptedHere) {
                        interruptedHere = false;
                        Thread.interrupted(); // the interrupt was ours: the thread goes on, or back to its executor, clean
                    }
                }
            }
        }

        private void handleBatch(List<ZmqMessage> batch) {
            try {
                batchHandler.accept(batch);
            } catch (RuntimeException e) {
                LOG.error(description + " failed on a batch of " + batch.size() + " messages; it goes on with the next one", e);
            }
        }

        private void handle(ZmqMessage m) {
            try {
                handler.accept(m);
            } catch (RuntimeException e) {
                LOG.error(description + " failed on a " + m.size() + "-frame message; it goes on with the next one", e);
            }
        }

        /** After a stop that drains: the messages still queued, until none is left or the time is up. */
        private void drain() {
            while (draining && System.nanoTime() - drainUntil < 0) {
                ZmqMessage m;
                try {
                    m = socket.tryReceive();
                } catch (ZmqException e) {
                    return; // closed: nothing more to take
                }
                if (m == null) {
                    return;
                }
                if (batchHandler == null) {
                    handle(m);
                } else {
                    List<ZmqMessage> batch = new ArrayList<>();
                    batch.add(m);
                    for (ZmqMessage next; batch.size() < batchSize && (next = socket.tryReceive()) != null; ) {
                        batch.add(next);
                    }
                    handleBatch(batch);
                }
            }
        }

        /** Wakes the thread if it is blocked in receive; a message it already holds is still handled. */
        synchronized void wake() {
            woken = true;
            if (receiving && thread != null && !interruptedHere) {
                interruptedHere = true;
                thread.interrupt();
            }
        }

        /** Lets a thread woken by {@link #pause} receive again. */
        synchronized void unwake() {
            woken = false;
        }

        private void backOff() {
            try {
                Thread.sleep(100); // an unexpected receive error: do not spin on it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
