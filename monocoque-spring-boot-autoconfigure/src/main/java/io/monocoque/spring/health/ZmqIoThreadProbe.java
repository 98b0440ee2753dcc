package io.monocoque.spring.health;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells whether the context's I/O threads still move messages: a PULL socket bound to a
 * loopback TCP port and a few PUSH sockets connected to it, whose connections Netty spreads over
 * the I/O threads; a check sends one message on each and waits for all of them. A stuck I/O
 * thread holds its connections' messages back, and the check fails after the timeout.
 *
 * <p>The engine offers no way to run a task on its event loops, so this goes through its public
 * socket API. With one I/O thread (the default) every message passes it; with more, the probe
 * has two connections per thread, which Netty assigns round-robin, so that each thread carries
 * some of them in practice, without a guarantee.
 */
public final class ZmqIoThreadProbe implements AutoCloseable {

    /** What one check saw. */
    public record Result(boolean alive, Duration took, String problem) {
    }

    private final ZmqContext context;
    private final int connections;
    private final Duration timeout;
    private ZmqSocket pull;
    private final List<ZmqSocket> pushes = new ArrayList<>();
    private long round;
    private boolean closed;

    /**
     * @param ioThreads the context's I/O threads (the probe makes two connections per thread)
     * @param timeout   how long a check waits for its messages
     */
    public ZmqIoThreadProbe(ZmqContext context, int ioThreads, Duration timeout) {
        this.context = context;
        this.connections = Math.max(1, 2 * ioThreads);
        this.timeout = timeout;
    }

    /** Sends a message over every probe connection and waits up to the timeout for all of them. */
    public synchronized Result check() {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try {
            open();
            long r = ++round;
            for (int i = 0; i < pushes.size(); i++) {
                byte[] id = ByteBuffer.allocate(12).putLong(r).putInt(i).array();
                if (!pushes.get(i).send(ZmqMessage.wrap(id), remaining(deadline))) {
                    return stuck(start, "a probe message could not be handed to an I/O thread within " + timeout.toMillis() + " ms");
                }
            }
            int received = 0;
            while (received < pushes.size()) {
                ZmqMessage m = pull.receive(remaining(deadline));
                if (m == null) {
                    return stuck(start, (pushes.size() - received) + " of " + pushes.size() + " probe messages did not pass the I/O threads within "
                            + timeout.toMillis() + " ms");
                }
                if (m.frameLength(0) == 12 && m.frameBuffer(0).getLong() == r) {
                    received++;
                } // else: a message of an earlier check that timed out, come late
            }
            return new Result(true, Duration.ofNanos(System.nanoTime() - start), null);
        } catch (ZmqException e) {
            return new Result(false, Duration.ofNanos(System.nanoTime() - start), "the I/O thread probe failed: " + e.getMessage());
        }
    }

    private Result stuck(long start, String problem) {
        return new Result(false, Duration.ofNanos(System.nanoTime() - start), problem);
    }

    private void open() {
        if (pull != null) {
            return;
        }
        if (closed) {
            throw new IllegalStateException("the probe is closed");
        }
        ZmqSocket p = context.createSocket(SocketType.PULL);
        p.setOption(SocketOption.LINGER, Duration.ZERO);
        p.bind("tcp://127.0.0.1:*");
        pull = p;
        for (int i = 0; i < connections; i++) {
            ZmqSocket push = context.createSocket(SocketType.PUSH);
            push.setOption(SocketOption.LINGER, Duration.ZERO);
            push.connect(p.lastEndpoint());
            pushes.add(push);
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }

    @Override
    public synchronized void close() {
        closed = true;
        pushes.forEach(ZmqSocket::close);
        pushes.clear();
        if (pull != null) {
            pull.close();
            pull = null;
        }
    }
}
