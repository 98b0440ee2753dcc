package io.monocoque.spring.health;

import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tells whether every I/O thread of the context still runs: a check asks each of them to run a
 * task ({@link ZmqContext#probeIoThreads()}) and waits for all of them up to the timeout. A
 * thread that is stuck (a blocked handler, a hostile peer's input it cannot work through) holds
 * back all of its connections, and the check names it.
 */
public final class ZmqIoThreadProbe {

    /**
     * What one check saw.
     *
     * @param alive     whether every I/O thread ran its task within the timeout
     * @param took      how long the check took
     * @param problem   what went wrong, {@code null} when alive
     * @param latencies per I/O thread, in the context's order, how long it took to run its task;
     *                  {@code null} for a thread that did not within the timeout
     */
    public record Result(boolean alive, Duration took, String problem, List<Duration> latencies) {

        /** The I/O threads (by index) that did not run their task within the timeout. */
        public List<Integer> stuckThreads() {
            List<Integer> stuck = new ArrayList<>();
            for (int i = 0; i < latencies.size(); i++) {
                if (latencies.get(i) == null) {
                    stuck.add(i);
                }
            }
            return stuck;
        }
    }

    private final ZmqContext context;
    private final Duration timeout;

    /** @param timeout how long a check waits for the I/O threads */
    public ZmqIoThreadProbe(ZmqContext context, Duration timeout) {
        this.context = context;
        this.timeout = timeout;
    }

    /** Runs a task on every I/O thread and waits up to the timeout for all of them. */
    public Result check() {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<CompletableFuture<Duration>> probes;
        try {
            probes = context.probeIoThreads();
        } catch (ZmqException e) {
            return new Result(false, since(start), "the I/O thread probe failed: " + e.getMessage(), List.of());
        }
        List<Duration> latencies = new ArrayList<>(probes.size());
        String failure = null;
        for (CompletableFuture<Duration> probe : probes) {
            try {
                latencies.add(probe.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                latencies.add(null);
            } catch (ExecutionException e) {
                latencies.add(null);
                failure = "the I/O thread probe failed: " + e.getCause().getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(false, since(start), "the I/O thread probe was interrupted", List.of());
            }
        }
        Result result = new Result(true, since(start), null, Collections.unmodifiableList(latencies));
        List<Integer> stuck = result.stuckThreads();
        if (stuck.isEmpty()) {
            return result;
        }
        String problem = failure != null ? failure
                : (stuck.size() == 1 ? "I/O thread " + stuck.get(0) : "I/O threads " + stuck) + " of " + probes.size()
                        + " did not run a task within " + timeout.toMillis() + " ms";
        return new Result(false, result.took(), problem, result.latencies());
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
