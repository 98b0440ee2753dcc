package io.monocoque.benchmarks;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.util.Locale;

/**
 * {@code inproc_thr <monocoque|jeromq> <message-size> <message-count> [reps]}: PUSH to PULL over
 * {@code inproc://} inside one process, a sender thread and the receiving main thread, default
 * options (HWM 1000). Prints one line per repetition: {@code <impl> inproc <size> B: <n> msg/s}.
 *
 * <p>The clock starts at the first message received and stops at the last, as local_thr does.
 * Both senders hand over a fresh array per message: Monocoque's {@code ZmqMessage.wrap} must not
 * see its array touched after send (see RESULTS.md), and JeroMQ's inproc passes the very array it
 * was given to the receiver, so reusing one array there would not be a real message stream either.
 * Repetitions run in the same JVM, so later ones show the JIT-compiled steady state.
 */
public final class InprocThr {

    private InprocThr() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length < 3) {
            System.out.println("usage: inproc_thr <monocoque|jeromq> <message-size> <message-count> [reps]");
            System.exit(1);
        }
        String impl = argv[0];
        int size = Integer.parseInt(argv[1]);
        long count = Long.parseLong(argv[2]);
        int reps = argv.length > 3 ? Integer.parseInt(argv[3]) : 1;
        for (int r = 0; r < reps; r++) {
            double rate = impl.equals("jeromq") ? jeromq(size, count, r) : monocoque(size, count, r);
            System.out.printf(Locale.ROOT, "%s inproc %d B: %d msg/s%n", impl, size, (long) rate);
        }
    }

    private static double monocoque(int size, long count, int rep) throws InterruptedException {
        try (ZmqContext ctx = ZmqContext.builder().ioThreads(1).build()) {
            String endpoint = "inproc://thr-" + rep;
            ZmqSocket pull = ctx.createSocket(SocketType.PULL);
            pull.bind(endpoint);
            Thread sender = new Thread(() -> {
                try (ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
                    push.connect(endpoint);
                    for (long i = 0; i < count; i++) {
                        push.sendWrapped(new byte[size]);
                    }
                }
            }, "inproc-sender");
            sender.start();
            byte[] m = pull.receiveBytes();
            check(m.length, size);
            long start = System.nanoTime();
            for (long i = 1; i < count; i++) {
                m = pull.receiveBytes();
                check(m.length, size);
            }
            long elapsed = Math.max(1, System.nanoTime() - start);
            sender.join();
            pull.close();
            return count * 1e9 / elapsed;
        }
    }

    private static double jeromq(int size, long count, int rep) throws InterruptedException {
        try (ZContext ctx = new ZContext(1)) {
            String endpoint = "inproc://thr-" + rep;
            ZMQ.Socket pull = ctx.createSocket(org.zeromq.SocketType.PULL);
            pull.bind(endpoint);
            Thread sender = new Thread(() -> {
                ZMQ.Socket push = ctx.createSocket(org.zeromq.SocketType.PUSH);
                push.connect(endpoint);
                for (long i = 0; i < count; i++) {
                    push.send(new byte[size], 0);
                }
                push.close();
            }, "inproc-sender");
            sender.start();
            byte[] m = pull.recv(0);
            check(m.length, size);
            long start = System.nanoTime();
            for (long i = 1; i < count; i++) {
                m = pull.recv(0);
                check(m.length, size);
            }
            long elapsed = Math.max(1, System.nanoTime() - start);
            sender.join();
            pull.close();
            return count * 1e9 / elapsed;
        }
    }

    private static void check(int got, int size) {
        if (got != size) {
            throw new IllegalStateException("message of incorrect size received: " + got);
        }
    }
}
