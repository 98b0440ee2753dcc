package io.monocoque.benchmarks;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqBuffer;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;

/**
 * {@code remote_thr <connect-to> <message-size> <message-count>}: a PUSH socket connects and
 * sends message-count messages of message-size bytes, then closes with the default (infinite)
 * linger, so every message is delivered before the process exits.
 *
 * <p>Each message gets its own freshly allocated memory, handed over without a copy or a message
 * object: below {@link PerfTool#LARGE_MESSAGE} bytes a {@code byte[]} sent with
 * {@link ZmqSocket#sendWrapped(byte[])}; from there on a pooled direct buffer from
 * {@link ZmqSocket#allocateBuffer(int)} sent with {@link ZmqSocket#sendBuffer(ZmqBuffer)}, which
 * the socket writes to the network as it is. That is what the API asks of a user: what was sent
 * must not be touched afterwards, because it may still be queued or being written when the call
 * returns. (libzmq's perf/remote_thr likewise builds a fresh {@code zmq_msg_init_size} message
 * per send, and does not fill it either.)
 *
 * <p>{@code HOLD_MS=n} in the environment: sleep n ms after the last send, before closing (as
 * the anchor tools do; outside the interval local_thr measures).
 *
 * <p>{@code CURVE=1}: the socket is the CURVE client (see {@link PerfTool#secure}).
 */
public final class RemoteThr {

    private static final String USAGE = "remote_thr <connect-to> <message-size> <message-count>";

    private RemoteThr() {
    }

    public static void main(String[] argv) throws InterruptedException {
        PerfTool args = PerfTool.parse(argv, USAGE);
        long hold = PerfTool.holdMillis();
        try (ZmqContext ctx = PerfTool.context("remote_thr");
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            PerfTool.secure(push, false, "remote_thr"); // CURVE=1: before connect
            push.connect(args.endpoint);

            if (args.messageSize >= PerfTool.LARGE_MESSAGE) {
                for (long i = 0; i != args.count; i++) {
                    push.sendBuffer(push.allocateBuffer(args.messageSize));
                }
            } else {
                for (long i = 0; i != args.count; i++) {
                    push.sendWrapped(new byte[args.messageSize]);
                }
            }

            if (hold > 0) {
                Thread.sleep(hold);
            }
        } catch (RuntimeException e) {
            PerfTool.fail("remote_thr", e);
            System.exit(1);
        }
    }
}
