package io.monocoque.zmq.interop;

import io.monocoque.zmq.IoTransport;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A soak loop, not part of the suite (no test method; run it with {@code java -cp}): it creates a
 * context, binds a Monocoque PUSH on an ephemeral tcp port, lets a PULL (JeroMQ, or Monocoque in
 * another context) connect and receive a few messages, then closes everything, many times over.
 * Each round starts and ends the context's I/O thread, so native-memory damage done while a
 * connection ends shows up within a few hundred rounds as a glibc abort at a thread's exit.
 *
 * <p>Arguments: rounds, transport (AUTO, IO_URING, EPOLL, NIO), peer ({@code jeromq} or
 * {@code monocoque}). Run with the suite's flags, e.g.
 * {@code java -Dio.netty.leakDetection.level=PARANOID -cp target/test-classes:target/classes:<test class path>
 * io.monocoque.zmq.interop.ContextChurnRepro 20000 IO_URING monocoque}.
 *
 * <p>With Netty 4.2.18 on kernel 6.18 and JDK 17, IO_URING aborts within a few thousand rounds
 * (on this engine and on the one before the sans-I/O session alike) and EPOLL and NIO run
 * 15,000 rounds clean; {@link io.monocoque.zmq.transport.IoUringTeardownRepro} shows the same
 * abort with Netty alone.
 */
public final class ContextChurnRepro {

    private static final int MESSAGES = 5;

    private ContextChurnRepro() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        IoTransport transport = IoTransport.valueOf(args[1]);
        boolean jeromq = !"monocoque".equals(args.length > 2 ? args[2] : "jeromq");
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            if (i % 100 == 0) {
                System.out.printf("round %d after %d ms%n", i, (System.nanoTime() - t0) / 1_000_000);
            }
            round(transport, jeromq, i);
        }
        System.out.printf("DONE %d rounds, transport %s, peer %s, %d ms%n", rounds, transport,
                jeromq ? "jeromq" : "monocoque", (System.nanoTime() - t0) / 1_000_000);
    }

    private static void round(IoTransport transport, boolean jeromq, int round) throws Exception {
        try (ZmqContext ctx = ZmqContext.builder().transport(transport).build()) {
            ZmqSocket push = ctx.createSocket(SocketType.PUSH);
            push.bind("tcp://127.0.0.1:*");
            String endpoint = push.lastEndpoint();
            if (jeromq) {
                try (ZContext z = new ZContext(1)) {
                    ZMQ.Socket pull = z.createSocket(org.zeromq.SocketType.PULL);
                    pull.setReceiveTimeOut(10_000);
                    pull.connect(endpoint);
                    for (int m = 0; m < MESSAGES; m++) {
                        push.send("r" + round + " m" + m);
                        byte[] got = pull.recv();
                        check(got, round, m);
                    }
                    z.destroySocket(pull);
                }
            } else {
                try (ZmqContext other = ZmqContext.builder().transport(transport).build()) {
                    ZmqSocket pull = other.createSocket(SocketType.PULL);
                    pull.connect(endpoint);
                    for (int m = 0; m < MESSAGES; m++) {
                        push.send("r" + round + " m" + m);
                        check(pull.receiveBytes(Duration.ofSeconds(10)), round, m);
                    }
                    pull.close();
                }
            }
            push.close();
        }
    }

    private static void check(byte[] got, int round, int m) {
        String expected = "r" + round + " m" + m;
        if (got == null || !expected.equals(new String(got, StandardCharsets.US_ASCII))) {
            throw new AssertionError("round " + round + ": expected " + expected + ", got "
                    + (got == null ? "nothing" : new String(got, StandardCharsets.US_ASCII)));
        }
    }
}
