package io.monocoque.zmq.faults;

import java.io.File;
import java.lang.management.ManagementFactory;

/** What a process holds right now: open file descriptors, live threads, heap in use after a full GC. */
final class ResourceProbe {

    private ResourceProbe() {
    }

    /** Open file descriptors of this process ({@code /proc/self/fd}; Linux). */
    static int openFileDescriptors() {
        String[] fds = new File("/proc/self/fd").list();
        if (fds == null) {
            throw new IllegalStateException("/proc/self/fd is not readable: these bounds need Linux");
        }
        return fds.length;
    }

    static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Heap in use after full collections, as steady as the JVM lets it be measured. */
    static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
