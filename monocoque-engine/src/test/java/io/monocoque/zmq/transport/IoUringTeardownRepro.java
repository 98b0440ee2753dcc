package io.monocoque.zmq.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.TimeUnit;

/**
 * Netty alone, no Monocoque code and no channel: starts a one-thread event loop group, runs one
 * task on it from this thread (a wake-up through the loop's eventfd), shuts it down, many times.
 * Not part of the suite (no test method); run it with {@code java -cp}.
 *
 * <p>With Netty 4.2.18's io_uring handler on kernel 6.18 and JDK 17 this aborts the JVM with
 * glibc's {@code tcache_thread_shutdown(): unaligned tcache chunk detected} (or
 * {@code malloc_consolidate(): unaligned fastbin chunk detected}) within a few ten thousand
 * rounds, while epoll and NIO run clean: the native heap is written after a free during the
 * io_uring loop's teardown. It is the reproducer to give Netty and to re-run on each Netty
 * upgrade before trusting io_uring for contexts that are created and closed often.
 *
 * <p>Arguments: rounds, transport ({@code uring}, {@code epoll} or {@code nio}).
 */
public final class IoUringTeardownRepro {

    private IoUringTeardownRepro() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        String transport = args[1];
        for (int i = 0; i < rounds; i++) {
            if (i % 1000 == 0) {
                System.out.println("round " + i);
            }
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("teardown", true), factory(transport));
            group.submit(() -> { }).sync();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        System.out.println("DONE " + rounds + " rounds, " + transport);
    }

    private static IoHandlerFactory factory(String transport) {
        switch (transport) {
            case "uring": return IoUringIoHandler.newFactory();
            case "epoll": return EpollIoHandler.newFactory();
            case "nio": return NioIoHandler.newFactory();
            default: throw new IllegalArgumentException("transport " + transport + ": uring, epoll or nio");
        }
    }
}
