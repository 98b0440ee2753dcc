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

    /**
     * Direct memory in use: Netty's own counter of what it allocated (its default allocator in 4.2
     * is the adaptive one, whose chunks a {@code PooledByteBufAllocator} metric does not see), or,
     * where Netty does not count (no {@code Unsafe}, e.g. on JDK 24 and later by default), the JDK's
     * direct buffer pool, which Netty's buffers are then taken from.
     */
    static long directMemory() {
        long netty = io.netty.util.internal.PlatformDependent.usedDirectMemory();
        if (netty >= 0) {
            return netty;
        }
        for (java.lang.management.BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        return -1;
    }
}
