package io.monocoque.benchmarks;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code router_scale server <bind-to> <dealers> <rounds>} and
 * {@code router_scale client <connect-to> <dealers> <rounds> <message-size>}: one ROUTER echoing
 * to many DEALERs. The client process opens {@code dealers} DEALER sockets in one context (one
 * I/O thread), connects them all, then for each round every DEALER sends one message and receives
 * its echo. The server's ROUTER sends each message back to the peer it came from. Two processes,
 * so each stays under the file descriptor limit.
 *
 * <p>Each side prints the heap in use after a full GC and the direct memory in use before the
 * sockets exist and once every connection carries traffic, divided per connection; the client
 * prints the echo rate over all rounds after the first (msg/s counted one way).
 */
public final class RouterScale {

    private RouterScale() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length < 4) {
            System.out.println("usage: router_scale server <bind-to> <dealers> <rounds> | client <connect-to> <dealers> <rounds> <message-size>");
            System.exit(1);
        }
        boolean server = argv[0].equals("server");
        String endpoint = argv[1];
        int dealers = Integer.parseInt(argv[2]);
        int rounds = Integer.parseInt(argv[3]);
        long[] before = memory();
        try (ZmqContext ctx = ZmqContext.builder().ioThreads(1).build()) {
            if (server) {
                serve(ctx, endpoint, dealers, rounds, before);
            } else {
                int size = argv.length > 4 ? Integer.parseInt(argv[4]) : 10;
                drive(ctx, endpoint, dealers, rounds, size, before);
            }
        }
    }

    private static void serve(ZmqContext ctx, String endpoint, int dealers, int rounds, long[] before) {
        ZmqSocket router = ctx.createSocket(SocketType.ROUTER);
        router.bind(endpoint);
        long total = (long) dealers * rounds;
        for (long i = 0; i < total; i++) {
            router.send(router.receive());
            if (i == dealers - 1) {
                // Every DEALER has been heard from: all connections are up and have carried a message.
                report("server", dealers, before, memory());
            }
        }
        router.close();
    }

    private static void drive(ZmqContext ctx, String endpoint, int dealers, int rounds, int size, long[] before) {
        List<ZmqSocket> sockets = new ArrayList<>(dealers);
        for (int i = 0; i < dealers; i++) {
            ZmqSocket d = ctx.createSocket(SocketType.DEALER);
            d.connect(endpoint);
            sockets.add(d);
        }
        long start = 0;
        for (int r = 0; r < rounds; r++) {
            if (r == 1) {
                report("client", dealers, before, memory());
                start = System.nanoTime();
            }
            for (ZmqSocket d : sockets) {
                d.send(ZmqMessage.wrap(new byte[size]));
            }
            for (ZmqSocket d : sockets) {
                ZmqMessage m = d.receive();
                if (m.size() != 1 || m.frameLength(0) != size) {
                    throw new IllegalStateException("unexpected reply " + m);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long messages = (long) dealers * (rounds - 1);
        System.out.printf(Locale.ROOT, "client: %d DEALERs x %d rounds after the first: %d echoes in %.2f s = %d msg/s (each way)%n",
                dealers, rounds - 1, messages, seconds, (long) (messages / seconds));
        sockets.forEach(ZmqSocket::close);
    }

    private static void report(String side, int dealers, long[] before, long[] after) {
        System.out.printf(Locale.ROOT, "%s: %d connections: heap after GC %.1f MB -> %.1f MB (%.1f KB per connection), "
                        + "direct %.1f MB -> %.1f MB (%.1f KB per connection)%n",
                side, dealers, before[0] / 1e6, after[0] / 1e6, (after[0] - before[0]) / 1e3 / dealers,
                before[1] / 1e6, after[1] / 1e6, (after[1] - before[1]) / 1e3 / dealers);
    }

    /** Heap in use after a full GC, and direct memory in use (the JDK's pools plus Netty's own count). */
    private static long[] memory() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            direct += pool.getMemoryUsed();
        }
        direct += Math.max(0, io.netty.util.internal.PlatformDependent.usedDirectMemory());
        return new long[] {heap, direct};
    }
}
