package io.monocoque.benchmarks;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

/**
 * {@code local_lat <bind-to> <message-size> <roundtrip-count>}: a REP socket binds and echoes
 * roundtrip-count messages (the received message itself is sent back: messages are immutable,
 * so no copy is needed). Like libzmq's perf/local_lat it then waits one second before closing.
 *
 * <p>{@code CURVE=1}: the socket is the CURVE server (see {@link PerfTool#secure}).
 */
public final class LocalLat {

    private static final String USAGE = "local_lat <bind-to> <message-size> <roundtrip-count>";

    private LocalLat() {
    }

    public static void main(String[] argv) throws InterruptedException {
        PerfTool args = PerfTool.parse(argv, USAGE);
        try (ZmqContext ctx = PerfTool.context("local_lat");
             ZmqSocket rep = ctx.createSocket(SocketType.REP)) {
            PerfTool.secure(rep, true, "local_lat"); // CURVE=1: before bind
            rep.bind(args.endpoint);

            for (long i = 0; i != args.count; i++) {
                ZmqMessage msg = rep.receive();
                if (msg.size() != 1 || msg.frameLength(0) != args.messageSize) {
                    PerfTool.printf("message of incorrect size received\n");
                    System.exit(1);
                }
                rep.send(msg);
            }
            Thread.sleep(1000);
        } catch (RuntimeException e) {
            PerfTool.fail("local_lat", e);
            System.exit(1);
        }
    }
}
