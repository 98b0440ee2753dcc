package io.monocoque.benchmarks;

import io.monocoque.zmq.security.curve.BoxCipher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * {@code curve_cipher_bench [runs] [millis-per-run] [sizes...]}: the CURVE MESSAGE cipher alone,
 * one thread, no sockets. Each iteration seals a message of the given size with a
 * {@link BoxCipher} (a heap plaintext into a pooled direct buffer, as a connection writes its
 * outgoing batch) and opens the box again (from that direct buffer, as Netty delivers reads, into
 * a heap buffer), with a fresh nonce each time, as CURVE uses one per message.
 *
 * <p>Four paths: {@code buf}, {@link BoxCipher#seal(byte[], ByteBuf, int, int, ByteBuf)} of a
 * heap ByteBuf (what CURVE's MESSAGE path did until issue 16, after copying the frame into that
 * buffer), and {@code frame}, {@link BoxCipher#sealFrame} of the frame's flags octet and its
 * {@code byte[]} (CURVE's sending path since), both opened with
 * {@link BoxCipher#open(byte[], ByteBuf, int, int, ByteBuf)} into the heap buffer; {@code copy},
 * {@code frame} plus the copy of the opened body into a fresh array of its size (the whole
 * receiving path until {@link BoxCipher#openFrame} came), and {@code open}, sealFrame and then
 * openFrame straight into a fresh array (the receiving path since).
 *
 * <p>Prints, per size and path, the median over the runs (after one warm-up run of the same
 * length) of nanoseconds per message (one seal plus one open) and of payload MB/s (10^6 bytes
 * each sealed and opened once per second), with the runs' minimum and maximum. The time is the
 * benchmark thread's CPU time ({@code ThreadMXBean#getCurrentThreadCpuTime}), so that other
 * processes on a shared machine, which take the CPU away from it, count less; {@code -Dclock=wall}
 * uses elapsed time instead. Set
 * {@code -Dpaths=buf} for the first path alone (it is all the cipher offered before issue 16). Defaults: 7 runs of 1000 ms at
 * 100, 1024 and 65536 bytes. A microbenchmark for before/after comparisons of the cipher; the
 * anchors' throughput tools measure the whole path.
 */
public final class CurveCipherBench {

    private CurveCipherBench() {
    }

    public static void main(String[] argv) {
        int runs = argv.length > 0 ? Integer.parseInt(argv[0]) : 7;
        long millis = argv.length > 1 ? Long.parseLong(argv[1]) : 1000;
        int[] sizes = argv.length > 2
                ? Arrays.stream(argv, 2, argv.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {100, 1024, 65536};
        String[] paths = System.getProperty("paths", "buf,frame,copy,open").split(",");
        System.out.println("clock: " + (CPU_CLOCK ? "thread CPU time" : "wall time"));
        System.out.printf(Locale.ROOT, "%-8s %-6s %12s %12s %12s %10s %6s%n",
                "size", "path", "ns/msg", "min", "max", "MB/s", "runs");
        for (int size : sizes) {
            for (String path : paths) {
                bench(size, path, runs, millis);
            }
        }
    }

    private static void bench(int size, String path, int runs, long millis) {
        int mode = switch (path) {
            case "buf" -> BUF;
            case "frame" -> FRAME;
            case "copy" -> COPY;
            case "open" -> OPEN;
            default -> throw new IllegalArgumentException("paths are buf, frame, copy and open, not " + path);
        };
        boolean frame = mode != BUF;
        Random random = new Random(size);
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] payload = new byte[size];
        random.nextBytes(payload);
        byte[] nonce = new byte[24];
        System.arraycopy("CurveZMQMESSAGEC".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, nonce, 0, 16);
        ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        ByteBuf plain = alloc.heapBuffer(size);
        plain.writeBytes(payload);
        ByteBuf box = alloc.directBuffer(size + 17);
        ByteBuf opened = alloc.heapBuffer(size + 1);
        BoxCipher cipher = new BoxCipher(key);
        long[] counter = {1};
        try {
            run(cipher, mode, payload, nonce, counter, plain, box, opened, millis); // warm-up
            byte[] got = mode == BUF || mode == FRAME ? bytes(opened) : prepend(1, lastOpened);
            if (frame ? got[0] != 1 || !Arrays.equals(payload, 0, size, got, 1, got.length) : !Arrays.equals(payload, got)) {
                throw new AssertionError("the opened box differs from the plaintext");
            }
            double[] ns = new double[runs];
            for (int r = 0; r < runs; r++) {
                ns[r] = run(cipher, mode, payload, nonce, counter, plain, box, opened, millis);
            }
            double[] sorted = ns.clone();
            Arrays.sort(sorted);
            double median = sorted[runs / 2];
            System.out.printf(Locale.ROOT, "%-8d %-6s %12.1f %12.1f %12.1f %10.1f %6d%n",
                    size, path, median, sorted[0], sorted[runs - 1], size * 1e3 / median, runs);
        } finally {
            cipher.destroy();
            plain.release();
            box.release();
            opened.release();
        }
    }

    private static final boolean CPU_CLOCK = !"wall".equals(System.getProperty("clock"))
            && java.lang.management.ManagementFactory.getThreadMXBean().isCurrentThreadCpuTimeSupported();

    private static long clock() {
        return CPU_CLOCK ? java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Seals and opens for about {@code millis} of wall time; returns nanoseconds (of {@link #clock}) per message. */
    private static double run(BoxCipher cipher, int mode, byte[] payload, byte[] nonce, long[] counter, ByteBuf plain, ByteBuf box,
            ByteBuf opened, long millis) {
        int len = plain.readableBytes();
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long start = clock();
        long n = 0;
        do {
            for (int i = 0; i < 64; i++) {
                putLong(nonce, 16, counter[0]++);
                box.clear();
                if (mode == BUF) {
                    cipher.seal(nonce, plain, 0, len, box);
                } else {
                    cipher.sealFrame(nonce, 1, payload, 0, len, box);
                }
                if (mode == OPEN) {
                    byte[] body = new byte[len];
                    if (cipher.openFrame(nonce, box, 0, box.readableBytes(), body, 0) != 1) {
                        throw new AssertionError("a box failed to open");
                    }
                    lastOpened = body;
                    continue;
                }
                opened.clear();
                if (!cipher.open(nonce, box, 0, box.readableBytes(), opened)) {
                    throw new AssertionError("a box failed to open");
                }
                if (mode == COPY) {
                    byte[] body = new byte[len];
                    opened.getBytes(opened.readerIndex() + 1, body);
                    lastOpened = body;
                }
            }
            n += 64;
        } while (System.nanoTime() < deadline);
        return (double) (clock() - start) / n;
    }

    private static final int BUF = 0;
    private static final int FRAME = 1;
    private static final int COPY = 2;
    private static final int OPEN = 3;

    /** The array the copy and open paths made last: kept, so that the JIT cannot drop the copy or the allocation. */
    private static byte[] lastOpened;

    private static byte[] prepend(int first, byte[] rest) {
        byte[] a = new byte[rest.length + 1];
        a[0] = (byte) first;
        System.arraycopy(rest, 0, a, 1, rest.length);
        return a;
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] a = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), a);
        return a;
    }

    private static void putLong(byte[] a, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            a[at + i] = (byte) v;
            v >>>= 8;
        }
    }
}
