package io.monocoque.benchmarks;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqBuffer;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;

/**
 * {@code local_thr <bind-to> <message-size> <message-count>}: a PULL socket binds and receives
 * message-count messages.
 *
 * <p>Each message is taken as a user would take one of its size: below
 * {@link PerfTool#LARGE_MESSAGE} bytes with {@link ZmqSocket#receiveBytes()}, its one frame's
 * array, without a message object; from there on with {@link ZmqSocket#receiveBuffer()}, the
 * frame in pooled direct memory, read without a heap copy and closed after its size is checked.
 * Either way as libzmq's tool takes a {@code zmq_msg_t}.
 *
 * <p>Timing follows libzmq's perf/local_thr: the clock starts once the first message has
 * arrived and stops after the last, and throughput = message-count / elapsed. A message whose
 * size is not message-size (or that has more than one frame) is counted, not fatal: the extra
 * line {@code incorrect-size messages: N} is printed and the exit status is 2, as in the
 * anchor tools.
 *
 * <p>{@code CURVE=1}: the socket is the CURVE server (see {@link PerfTool#secure}).
 *
 * <p>{@code PROGRESS=n}: after every n messages, print the elapsed time and the rate of the last n
 * on stderr (stdout stays libzmq's), to see how much of a run is JIT warm-up; at the end, one more
 * stderr line gives the warm-up as a single figure (see {@link WarmUp}): the time from the first
 * message until an interval first ran at 90% of the steady state, the median rate of the run's
 * second half.
 *
 * <p>{@code BATCH=n}: messages are taken with {@link ZmqSocket#receiveBatch} instead, up to n under
 * one hold of the socket's lock, each checked as above (its one frame's size). Not libzmq's way
 * (it has no batch receive): a separate figure for consumers that take what is queued at once,
 * such as the Spring listener containers.
 */
public final class LocalThr {

    private static final String USAGE = "local_thr <bind-to> <message-size> <message-count>";

    private LocalThr() {
    }

    public static void main(String[] argv) {
        PerfTool args = PerfTool.parse(argv, USAGE);
        ZmqContext ctx = PerfTool.context("local_thr");
        long bad = 0;
        try {
            ZmqSocket pull = ctx.createSocket(SocketType.PULL);
            PerfTool.secure(pull, true, "local_thr"); // CURVE=1: before bind
            pull.bind(args.endpoint);

            boolean buffers = args.messageSize >= PerfTool.LARGE_MESSAGE;
            Batches batches = Batches.fromEnvironment(pull, args.messageSize);
            if (batches != null ? !batches.nextOk() : !receiveOk(pull, args.messageSize, buffers)) {
                bad++;
            }
            long progress = progressInterval();
            long untilReport = progress;
            long watch = PerfTool.micros();
            long lastReport = watch;
            WarmUp warmUp = progress > 0 ? new WarmUp(args.count / progress + 1) : null;
            for (long i = 0; i != args.count - 1; i++) {
                if (batches != null ? !batches.nextOk() : !receiveOk(pull, args.messageSize, buffers)) {
                    bad++;
                }
                if (--untilReport == 0) {
                    untilReport = progress;
                    long now = PerfTool.micros();
                    warmUp.interval(now - watch, progress * 1_000_000 / Math.max(1, now - lastReport));
                    System.err.printf("local_thr: %d messages at %d ms, last %d at %d msg/s%n", i + 1,
                            (now - watch) / 1000, progress, progress * 1_000_000 / Math.max(1, now - lastReport));
                    lastReport = now;
                }
            }
            long elapsed = PerfTool.micros() - watch;
            if (elapsed == 0) {
                elapsed = 1;
            }

            double throughput = (double) args.count / (double) elapsed * 1000000;
            double megabits = (throughput * args.messageSize * 8) / 1000000;

            // Printed before closing, as libzmq's tool does: the numbers do not wait for teardown.
            PerfTool.printf("message size: %d [B]\n", args.messageSize);
            PerfTool.printf("message count: %d\n", args.count);
            PerfTool.printf("mean throughput: %d [msg/s]\n", (long) throughput);
            PerfTool.printf("mean throughput: %.3f [Mb/s]\n", megabits);
            if (bad != 0) {
                PerfTool.printf("incorrect-size messages: %d\n", bad);
            }
            if (warmUp != null) {
                System.err.println("local_thr: " + warmUp.report());
            }

            pull.close();
            ctx.close();
        } catch (RuntimeException e) {
            PerfTool.fail("local_thr", e);
            System.exit(1);
        }
        if (bad != 0) {
            System.exit(2);
        }
    }

    /** {@code PROGRESS} from the environment, or -1 (never reached by the countdown) when unset. */
    private static long progressInterval() {
        String v = System.getenv("PROGRESS");
        return v == null || v.isBlank() ? -1 : Math.max(1, Long.parseLong(v.trim()));
    }

    /**
     * Receives one message as libzmq's tool does (its frame, no message object), as an array or
     * (a large one) a pooled buffer; whether it is one frame of {@code size} bytes.
     */
    private static boolean receiveOk(ZmqSocket pull, int size, boolean buffers) {
        int length;
        if (buffers) {
            try (ZmqBuffer frame = pull.receiveBuffer()) {
                length = frame.size();
            }
        } else {
            length = pull.receiveBytes().length;
        }
        if (pull.hasReceiveMore()) {
            pull.receive(); // the rest of a multi-frame message
            return false;
        }
        return length == size;
    }

    /** {@code BATCH=n}: the messages of the current batch, one per {@link #nextOk()}. */
    private static final class Batches {

        private static final Duration FOREVER = Duration.ofNanos(-1);

        private final ZmqSocket pull;
        private final int size;
        private final int max;
        private List<ZmqMessage> batch = List.of();
        private int next;

        private Batches(ZmqSocket pull, int size, int max) {
            this.pull = pull;
            this.size = size;
            this.max = max;
        }

        /** The batches {@code BATCH} asks for, or {@code null} when it is unset (one message per receive). */
        static Batches fromEnvironment(ZmqSocket pull, int size) {
            String v = System.getenv("BATCH");
            return v == null || v.isBlank() ? null : new Batches(pull, size, Math.max(1, Integer.parseInt(v.trim())));
        }

        /** Takes the next message (a new batch when this one is used up); whether it is one frame of the size asked for. */
        boolean nextOk() {
            while (next == batch.size()) {
                batch = pull.receiveBatch(max, FOREVER);
                next = 0;
            }
            ZmqMessage m = batch.get(next++);
            return m.size() == 1 && m.frameLength(0) == size;
        }
    }
}
