package io.monocoque.benchmarks;

import io.monocoque.zmq.IoTransport;
import io.monocoque.zmq.ZmqContext;

import java.util.Locale;

/**
 * What the four perf tools share: argument parsing, the stopwatch, libzmq-identical output
 * and the environment switches.
 *
 * <p>Conventions are those of libzmq's {@code perf/} tools (and of the anchors in
 * {@code /work/shared/anchors}): same arguments, same stdout lines, same number formats.
 * Anything Monocoque-specific (the Netty transport in use, errors) goes to stderr, so stdout
 * stays line-for-line comparable with libzmq's tools.
 *
 * <p>Environment:
 * <ul>
 *   <li>{@code CURVE=1} (any value but empty or {@code 0}): not supported yet; the tool says so
 *       on stderr and exits with status {@value #EXIT_CURVE_UNSUPPORTED}.</li>
 *   <li>{@code HOLD_MS=n} (remote_thr): sleep n ms after the last send, before closing.</li>
 *   <li>{@code MONOCOQUE_TRANSPORT} = {@code auto} (default), {@code io_uring}, {@code epoll} or
 *       {@code nio}: the Netty transport of the context.</li>
 * </ul>
 */
final class PerfTool {

    /** Exit status when CURVE=1 is asked for (reserved until CURVE is implemented). */
    static final int EXIT_CURVE_UNSUPPORTED = 3;

    final String endpoint;
    final int messageSize;
    final long count;

    private PerfTool(String endpoint, int messageSize, long count) {
        this.endpoint = endpoint;
        this.messageSize = messageSize;
        this.count = count;
    }

    /**
     * Parses {@code <endpoint> <message-size> <count>}; prints libzmq's usage line and exits 1
     * when the arguments do not fit. Also refuses CURVE=1.
     */
    static PerfTool parse(String[] argv, String usage) {
        if (argv.length != 3) {
            printf("usage: %s\n", usage);
            System.exit(1);
        }
        int size = 0;
        long count = 0;
        try {
            size = Integer.parseInt(argv[1]);
            count = Long.parseLong(argv[2]);
        } catch (NumberFormatException e) {
            printf("usage: %s\n", usage);
            System.exit(1);
        }
        if (size < 0 || count < 1) {
            printf("usage: %s\n", usage);
            System.exit(1);
        }
        if (curveRequested()) {
            System.err.println("CURVE is not supported yet (CURVE=" + System.getenv("CURVE")
                    + "): Monocoque has no CURVE security mechanism; exiting with status "
                    + EXIT_CURVE_UNSUPPORTED);
            System.exit(EXIT_CURVE_UNSUPPORTED);
        }
        return new PerfTool(argv[0], size, count);
    }

    static boolean curveRequested() {
        String v = System.getenv("CURVE");
        return v != null && !v.isEmpty() && !v.equals("0");
    }

    /** A context with the defaults (one I/O thread, transport AUTO unless MONOCOQUE_TRANSPORT says otherwise). */
    static ZmqContext context(String tool) {
        String t = System.getenv("MONOCOQUE_TRANSPORT");
        IoTransport transport = IoTransport.AUTO;
        if (t != null && !t.isEmpty()) {
            try {
                transport = IoTransport.valueOf(t.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                System.err.println(tool + ": MONOCOQUE_TRANSPORT must be auto, io_uring, epoll or nio, not " + t);
                System.exit(1);
            }
        }
        ZmqContext ctx = ZmqContext.builder().ioThreads(1).transport(transport).build();
        System.err.println(tool + ": monocoque transport " + ctx.transport()
                + ", java " + System.getProperty("java.runtime.version"));
        return ctx;
    }

    /** HOLD_MS from the environment, 0 when unset. */
    static long holdMillis() {
        String v = System.getenv("HOLD_MS");
        if (v == null || v.isEmpty()) {
            return 0;
        }
        return Long.parseLong(v.trim());
    }

    /** Microseconds from an arbitrary origin, like zmq_stopwatch. */
    static long micros() {
        return System.nanoTime() / 1000L;
    }

    /** printf with the C locale, so numbers look exactly like libzmq's tools' output. */
    static void printf(String fmt, Object... args) {
        System.out.print(String.format(Locale.ROOT, fmt, args));
        System.out.flush();
    }

    /** Reports a failure the way libzmq's tools do ("error in ...") plus the stack trace, on stderr. */
    static void fail(String what, Throwable t) {
        System.out.flush();
        System.err.println("error in " + what + ": " + t);
        t.printStackTrace();
        System.err.flush();
    }
}
