package io.monocoque.zmq.faults;

import io.netty.util.internal.PlatformDependent;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Samples, every few seconds on a thread of its own, what a long run could leak: heap in use
 * after a full GC, open file descriptors, live threads, and direct memory (Netty's own counter
 * and the JDK's direct buffer pool), and judges whether they stayed flat.
 *
 * <p>The criterion: the samples of the first {@link #WARM_UP_SHARE} of the run are left out (JIT,
 * pools and caches filling); the rest is cut into thirds, and for each measure the largest value
 * of the last third may exceed the largest of the first third by no more than its slack. A leak
 * of a few bytes per reconnect or per message grows steadily and shows in the last third; the
 * ups and downs of a busy process (a GC's timing, a connection being replaced) stay inside the
 * first third's peak.
 */
final class ResourceSampler implements AutoCloseable {

    /** The share of the samples, from the start, that are warm-up and not judged. */
    static final double WARM_UP_SHARE = 0.2;

    /** One sample; direct memory is -1 where the JVM does not count it. */
    record Sample(long atMillis, long heap, int fds, int threads, long nettyDirect, long jdkDirect) {
        @Override
        public String toString() {
            return String.format("%6.1f s  heap %7.2f MiB  fds %4d  threads %3d  netty direct %7.2f MiB  jdk direct %7.2f MiB",
                    atMillis / 1000.0, heap / 1048576.0, fds, threads, nettyDirect / 1048576.0, jdkDirect / 1048576.0);
        }
    }

    /** A measure, its slack, and its unit for the report. */
    record Measure(String name, ToLongFunction<Sample> value, long slack, String unit, double unitSize) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final long start = System.nanoTime();
    private final Thread thread;
    private final Duration every;
    private volatile boolean running = true;

    ResourceSampler(Duration every) {
        this.every = every;
        thread = new Thread(this::run, "resource-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            Sample s = sample();
            synchronized (samples) {
                samples.add(s);
            }
            System.out.println("[soak] " + s);
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Sample sample() {
        long heap = ResourceProbe.usedHeapAfterGc();
        long jdkDirect = -1;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                jdkDirect = pool.getMemoryUsed();
            }
        }
        return new Sample((System.nanoTime() - start) / 1_000_000, heap, ResourceProbe.openFileDescriptors(),
                ResourceProbe.liveThreads(), PlatformDependent.usedDirectMemory(), jdkDirect);
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /**
     * Asserts every measure flat by the criterion above, after printing, per measure, the first
     * and last third's peaks; needs at least six judged samples.
     */
    void assertFlat(List<Measure> measures) {
        List<Sample> all = samples();
        int warmUp = (int) Math.ceil(all.size() * WARM_UP_SHARE);
        List<Sample> judged = all.subList(warmUp, all.size());
        assertThat(judged).as("samples after warm-up").hasSizeGreaterThanOrEqualTo(6);
        int third = judged.size() / 3;
        List<Sample> first = judged.subList(0, third);
        List<Sample> last = judged.subList(judged.size() - third, judged.size());
        List<String> failures = new ArrayList<>();
        for (Measure m : measures) {
            long firstPeak = first.stream().mapToLong(m.value()).max().orElseThrow();
            long lastPeak = last.stream().mapToLong(m.value()).max().orElseThrow();
            long baseline = m.value().applyAsLong(judged.get(0));
            String line = String.format("%s: first third's peak %.2f %s, last third's %.2f %s (growth %.2f, slack %.2f; first judged sample %.2f)",
                    m.name(), firstPeak / m.unitSize(), m.unit(), lastPeak / m.unitSize(), m.unit(),
                    (lastPeak - firstPeak) / m.unitSize(), m.slack() / m.unitSize(), baseline / m.unitSize());
            System.out.println("[soak] " + line);
            if (firstPeak < 0) {
                continue; // not counted on this JVM (Netty's counter without its own direct buffers)
            }
            if (lastPeak - firstPeak > m.slack()) {
                failures.add(line);
            }
        }
        System.out.println("[soak] " + all.size() + " samples, " + warmUp + " of them warm-up, thirds of " + third);
        assertThat(failures).as("measures that grew over the run").isEmpty();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
