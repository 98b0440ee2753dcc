package io.monocoque.spring.messaging;

import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;

/**
 * Threads from a {@link TaskExecutor} blocked in {@code receive} on one socket, handing every
 * message to a handler the moment it arrives (the engine wakes a blocked receiver; there is no
 * polling delay). The receive wait is bounded only so that {@link #stop} is noticed promptly.
 */
public final class ZmqReceiveLoop {

    private static final Log LOG = LogFactory.getLog(ZmqReceiveLoop.class);
    private static final Duration WAKE_UP = Duration.ofMillis(100);

    private final String description;
    private final ZmqSocket socket;
    private final Consumer<ZmqMessage> handler;
    private volatile boolean running;
    private CountDownLatch exited;

    /**
     * A loop handing what {@code socket} receives to {@code handler}; {@code description} names
     * it in log lines.
     */
    public ZmqReceiveLoop(String description, ZmqSocket socket, Consumer<ZmqMessage> handler) {
        this.description = description;
        this.socket = socket;
        this.handler = handler;
    }

    /** A task executor giving every loop its own named thread. */
    public static TaskExecutor defaultExecutor(String threadNamePrefix) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(threadNamePrefix);
        executor.setDaemon(true);
        return executor;
    }

    /** Starts {@code threads} receiving threads on {@code executor}. */
    public synchronized void start(TaskExecutor executor, int threads) {
        if (running) {
            return;
        }
        running = true;
        exited = new CountDownLatch(threads);
        CountDownLatch done = exited;
        for (int i = 0; i < threads; i++) {
            executor.execute(() -> {
                try {
                    run();
                } finally {
                    done.countDown();
                }
            });
        }
    }

    private void run() {
        while (running && !socket.isClosed()) {
            ZmqMessage m;
            try {
                m = socket.receive(WAKE_UP);
            } catch (ZmqException e) {
                if (running && !socket.isClosed()) {
                    LOG.error(description + " could not receive", e);
                    pause();
                }
                continue;
            }
            if (m == null) {
                continue;
            }
            try {
                handler.accept(m);
            } catch (RuntimeException e) {
                LOG.error(description + " failed on a " + m.size() + "-frame message; it goes on with the next one", e);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100); // an unexpected receive error: do not spin on it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops receiving and waits up to {@code timeout} for the threads to finish the message they hold. */
    public void stop(Duration timeout) {
        CountDownLatch done;
        synchronized (this) {
            running = false;
            done = exited;
        }
        if (done != null) {
            try {
                if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn(description + " still handling a message after " + timeout.toMillis() + " ms of stopping");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the loop was started and not stopped. */
    public boolean isRunning() {
        return running;
    }
}
