package io.monocoque.benchmarks;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code remote_lat_paced <connect-to> <message-size> <roundtrip-count> <interval-us>}: a REQ
 * socket connects to a plain {@code local_lat} and does one request/reply roundtrip every
 * interval, on an absolute schedule (a slow roundtrip does not push the later ones back; a run
 * that falls a whole interval behind starts the schedule again from now). The first 10% of the
 * roundtrips warm up and are not recorded. Prints the one-way latency (roundtrip / 2)
 * distribution of the rest, in the anchors' format:
 *
 * <pre>
 * message size: S [B]
 * roundtrip count: N
 * interval: I [us]
 * p50 latency: X [us]     (then p90, p99, p99.9 and max)
 * </pre>
 *
 * <p>Percentiles are nearest-rank over the sorted recorded roundtrips, index
 * {@code round(p / 100 * (n - 1))}, as the anchors' C tool computes them. This is the case a
 * service sees, messages apart rather than back to back (libzmq #4673, JeroMQ #1008): the
 * sockets' threads go idle between roundtrips, so every request pays the wake-ups.
 *
 * <p>{@code CURVE=1}: the socket is the CURVE client (see {@link PerfTool#secure}).
 */
public final class RemoteLatPaced {

    private static final String USAGE = "remote_lat_paced <connect-to> <message-size> <roundtrip-count> <interval-us>";

    private RemoteLatPaced() {
    }

    public static void main(String[] argv) {
        if (argv.length != 4) {
            PerfTool.printf("usage: %s\n", USAGE);
            System.exit(1);
        }
        PerfTool args = PerfTool.parse(Arrays.copyOf(argv, 3), USAGE);
        long intervalNanos = 0;
        try {
            intervalNanos = Long.parseLong(argv[3]) * 1000L;
        } catch (NumberFormatException e) {
            intervalNanos = -1;
        }
        if (intervalNanos < 0 || args.count > Integer.MAX_VALUE) {
            PerfTool.printf("usage: %s\n", USAGE);
            System.exit(1);
        }
        int count = (int) args.count;
        int warm = count / 10;
        ZmqContext ctx = PerfTool.context("remote_lat_paced");
        try {
            ZmqSocket req = ctx.createSocket(SocketType.REQ);
            PerfTool.secure(req, false, "remote_lat_paced"); // CURVE=1: before connect
            req.connect(args.endpoint);

            long[] rtt = new long[count];
            ZmqMessage msg = ZmqMessage.wrap(new byte[args.messageSize]);
            long next = System.nanoTime();
            for (int i = 0; i < count; i++) {
                next += intervalNanos;
                for (long wait; (wait = next - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
                long t0 = System.nanoTime();
                req.send(msg);
                msg = req.receive();
                long t1 = System.nanoTime();
                rtt[i] = t1 - t0;
                if (msg.size() != 1 || msg.frameLength(0) != args.messageSize) {
                    PerfTool.printf("message of incorrect size received\n");
                    System.exit(1);
                }
                if (t1 > next + intervalNanos) {
                    next = t1; // fell a whole interval behind: restart the schedule
                }
            }

            long[] recorded = Arrays.copyOfRange(rtt, warm, count);
            Arrays.sort(recorded);
            PerfTool.printf("message size: %d [B]\n", args.messageSize);
            PerfTool.printf("roundtrip count: %d\n", count);
            PerfTool.printf("interval: %d [us]\n", intervalNanos / 1000);
            PerfTool.printf("p50 latency: %.3f [us]\n", oneWayMicros(recorded, 50));
            PerfTool.printf("p90 latency: %.3f [us]\n", oneWayMicros(recorded, 90));
            PerfTool.printf("p99 latency: %.3f [us]\n", oneWayMicros(recorded, 99));
            PerfTool.printf("p99.9 latency: %.3f [us]\n", oneWayMicros(recorded, 99.9));
            PerfTool.printf("max latency: %.3f [us]\n", recorded[recorded.length - 1] / 2.0 / 1000.0);

            req.close();
            ctx.close();
        } catch (RuntimeException e) {
            PerfTool.fail("remote_lat_paced", e);
            System.exit(1);
        }
    }

    /** The {@code p}th percentile of sorted roundtrips, one way, in microseconds. */
    static double oneWayMicros(long[] sorted, double p) {
        int i = (int) (p / 100.0 * (sorted.length - 1) + 0.5);
        return sorted[i] / 2.0 / 1000.0;
    }
}
