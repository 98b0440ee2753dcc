package io.monocoque.benchmarks;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

/**
 * {@code remote_lat <connect-to> <message-size> <roundtrip-count>}: a REQ socket connects and
 * does roundtrip-count request/reply roundtrips; average latency [us] = elapsed /
 * (2 * roundtrip-count), i.e. one way. As in libzmq's perf/remote_lat the clock starts right
 * after {@code connect}, so the first roundtrip includes connection setup, and the reply is
 * what gets sent next (no copy: messages are immutable).
 *
 * <p>{@code CURVE=1}: the socket is the CURVE client (see {@link PerfTool#secure}).
 */
public final class RemoteLat {

    private static final String USAGE = "remote_lat <connect-to> <message-size> <roundtrip-count>";

    private RemoteLat() {
    }

    public static void main(String[] argv) {
        PerfTool args = PerfTool.parse(argv, USAGE);
        ZmqContext ctx = PerfTool.context("remote_lat");
        try {
            ZmqSocket req = ctx.createSocket(SocketType.REQ);
            PerfTool.secure(req, false, "remote_lat"); // CURVE=1: before connect
            req.connect(args.endpoint);

            ZmqMessage msg = ZmqMessage.wrap(new byte[args.messageSize]);
            long watch = PerfTool.micros();
            for (long i = 0; i != args.count; i++) {
                req.send(msg);
                msg = req.receive();
                if (msg.size() != 1 || msg.frameLength(0) != args.messageSize) {
                    PerfTool.printf("message of incorrect size received\n");
                    System.exit(1);
                }
            }
            long elapsed = PerfTool.micros() - watch;

            double latency = (double) elapsed / (args.count * 2);
            PerfTool.printf("message size: %d [B]\n", args.messageSize);
            PerfTool.printf("roundtrip count: %d\n", args.count);
            PerfTool.printf("average latency: %.3f [us]\n", latency);

            req.close();
            ctx.close();
        } catch (RuntimeException e) {
            PerfTool.fail("remote_lat", e);
            System.exit(1);
        }
    }
}
