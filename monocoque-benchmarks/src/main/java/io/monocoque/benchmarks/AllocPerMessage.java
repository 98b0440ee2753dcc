package io.monocoque.benchmarks;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code alloc_per_msg <tcp|ipc|inproc> <message-size> <message-count> [bytes|message]}: heap
 * bytes allocated per message by every thread of a PUSH to PULL stream, in steady state. With
 * {@code bytes} (the default) the sender uses {@link ZmqSocket#sendWrapped(byte[])} and the
 * receiver {@link ZmqSocket#receiveBytes()}; with {@code message}, {@code send(ZmqMessage.wrap(..))}
 * and {@code receive()}, which cost one message object on each side. Sender and receiver each
 * have their own context (their own I/O thread), all in one JVM. After a warm-up of
 * message-count messages, each thread's allocation counter
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}) is read before and after
 * another message-count messages have been received (the sender, held back by the high-water
 * marks, has sent about as many in that window, give or take the queues' capacity). The sender wraps a fresh payload array per message, which is
 * the user's own allocation and is reported separately ({@code payload}); everything else is the
 * engine's.
 *
 * <p>{@code CURVE=1}: the PULL side is the CURVE server and the PUSH side its client (see
 * {@link PerfTool#secure}), so the figures include sealing and opening every message.
 *
 * <p>Why not JMH's GC profiler: that reports the whole JVM's allocation rate for a benchmark
 * method running on one thread; here the cost is spread over four threads (sender, sender's I/O
 * thread, receiver's I/O thread, receiver), and the per-thread counters say which side pays.
 */
public final class AllocPerMessage {

    private AllocPerMessage() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length < 3 || argv.length > 4 || (argv.length == 4 && !argv[3].matches("bytes|message"))) {
            System.out.println("usage: alloc_per_msg <tcp|ipc|inproc> <message-size> <message-count> [bytes|message]");
            System.exit(1);
        }
        boolean bytes = argv.length < 4 || argv[3].equals("bytes");
        String transport = argv[0];
        int size = Integer.parseInt(argv[1]);
        long count = Long.parseLong(argv[2]);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        String endpoint;
        switch (transport) {
            case "tcp": endpoint = "tcp://127.0.0.1:*"; break;
            case "ipc": endpoint = "ipc:///tmp/monocoque-alloc-" + ProcessHandle.current().pid() + ".ipc"; break;
            default: endpoint = "inproc://alloc"; break;
        }
        try (ZmqContext receiverCtx = ZmqContext.builder().ioThreads(1).build();
             ZmqContext senderCtx = transport.equals("inproc") ? receiverCtx : ZmqContext.builder().ioThreads(1).build();
             ZmqSocket pull = receiverCtx.createSocket(SocketType.PULL)) {
            PerfTool.secure(pull, true, "alloc_per_msg"); // CURVE=1: before bind
            pull.bind(endpoint);
            String connectTo = pull.lastEndpoint();
            AtomicLong sent = new AtomicLong();
            Thread sender = new Thread(() -> {
                try (ZmqSocket push = senderCtx.createSocket(SocketType.PUSH)) {
                    PerfTool.secure(push, false, "alloc_per_msg");
                    push.connect(connectTo);
                    for (long i = 0; i < 3 * count; i++) {
                        if (bytes) {
                            push.sendWrapped(new byte[size]);
                        } else {
                            push.send(ZmqMessage.wrap(new byte[size]));
                        }
                        sent.lazySet(i + 1);
                    }
                }
            }, "sender");
            sender.start();
            receive(pull, count, bytes);
            Map<Long, String> names = new HashMap<>();
            Thread.getAllStackTraces().keySet().forEach(t -> names.put(t.getId(), t.getName()));
            long sentBefore = sent.get();
            Map<Long, Long> before = snapshot(mx);
            receive(pull, count, bytes);
            Map<Long, Long> after = snapshot(mx);
            long sentInWindow = Math.max(1, sent.get() - sentBefore);
            // The sender is still running (it sends a third batch), so its counter was read while alive.
            receive(pull, count, bytes);
            sender.join();
            long payload = arrayBytes(size);
            long total = 0;
            for (Map.Entry<Long, Long> e : after.entrySet()) {
                Long b = before.get(e.getKey());
                if (b == null) {
                    continue;
                }
                String name = names.getOrDefault(e.getKey(), "thread-" + e.getKey());
                // The sender is divided by what it sent in the window (messages already queued in
                // the pipes and socket buffers were received in it too), every other thread by count.
                double perMessage = (double) (e.getValue() - b) / (name.equals("sender") ? sentInWindow : count);
                if (perMessage < 0.05) {
                    continue;
                }
                double engine = name.equals("sender") ? perMessage - payload : perMessage;
                total += (long) (perMessage * count);
                System.out.printf(Locale.ROOT, "%-24s %8.1f B/msg%s%n", name, perMessage,
                        name.equals("sender") ? String.format(Locale.ROOT, " (payload array %d B, engine %.1f B)", payload, engine) : "");
            }
            // The payload arrays are the user's: the one the sender fills, and over tcp/ipc the one the
            // received frame is (inproc hands the sender's own array over).
            int payloads = transport.equals("inproc") ? 1 : 2;
            System.out.printf(Locale.ROOT, "%s %d B, %s API: all threads %.1f B/msg, engine (without %d payload array%s) %.1f B/msg%n",
                    transport, size, bytes ? "bytes" : "message", (double) total / count, payloads, payloads == 1 ? "" : "s",
                    (double) total / count - payloads * payload);
        }
    }

    private static void receive(ZmqSocket pull, long count, boolean bytes) {
        for (long i = 0; i < count; i++) {
            if (bytes) {
                pull.receiveBytes();
            } else {
                pull.receive();
            }
        }
    }

    /** The heap size of a byte[size] with compressed class pointers: 16-byte header, 8-byte aligned. */
    private static long arrayBytes(int size) {
        return (16 + size + 7) & ~7L;
    }

    private static Map<Long, Long> snapshot(com.sun.management.ThreadMXBean mx) {
        Map<Long, Long> m = new HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            long b = mx.getThreadAllocatedBytes(id);
            if (b >= 0) {
                m.put(id, b);
            }
        }
        return m;
    }
}
