package io.monocoque.spring.core;

import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Concurrent requests on one DEALER socket, each matched to its reply by a request-id frame and
 * the empty delimiter, which REP and ROUTER peers echo back. A reply whose request has stopped
 * waiting (it timed out) is dropped. The {@link ZmqTemplate} and the Spring Integration outbound
 * gateway both request this way.
 */
public final class DealerRequests {

    private static final Log LOG = LogFactory.getLog(DealerRequests.class);
    private static final byte[] DELIMITER = new byte[0];

    private final ZmqSocket socket;
    private final String name;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<ZmqMessage>> pending = new ConcurrentHashMap<>();
    /** Whether a receiveAsync is outstanding; guarded by this. */
    private boolean receiving;

    /** Requests over {@code socket}, a DEALER, called {@code name} in log messages. */
    public DealerRequests(ZmqSocket socket, String name) {
        this.socket = socket;
        this.name = name;
    }

    /** The socket the requests go out on. */
    public ZmqSocket socket() {
        return socket;
    }

    /**
     * Sends {@code request} and waits until {@code deadline} (a {@link System#nanoTime()}) for its
     * reply, which is returned without the request id and the delimiter.
     *
     * @param timeout makes the exception for a request that could not be sent, or whose reply did
     *                not come, in time, from the reason
     * @throws ZmqReplyTimeoutException what {@code timeout} made
     * @throws InterruptedException     when the calling thread was interrupted while it waited
     */
    public ZmqMessage exchange(ZmqMessage request, long deadline, Function<String, ZmqReplyTimeoutException> timeout)
            throws InterruptedException {
        int id = ids.incrementAndGet();
        CompletableFuture<ZmqMessage> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            byte[] idFrame = ByteBuffer.allocate(4).putInt(id).array();
            if (!socket.send(request.prepend(idFrame, DELIMITER), Duration.ofNanos(remaining(deadline)))) {
                throw timeout.apply("the request could not be sent: no peer took it");
            }
            receiveNext();
            return reply.get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw timeout.apply("no reply came");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new ZmqException(ZmqError.ETERM, String.valueOf(cause.getMessage()), cause);
        } finally {
            pending.remove(id);
        }
    }

    /**
     * Sends {@code request} and returns at once a future completed with its reply (without the
     * request id and the delimiter), or failed with what {@code timeout} makes when the request
     * could not be sent, or its reply did not come, within {@code limit}. Sending blocks while
     * the socket is at its high-water mark, for {@code limit} at most. The future completes on the
     * context's event thread, the JDK's delay scheduler, or the thread of a call that started
     * reading replies and found them queued: continuations that block or take long belong on an
     * executor of their own.
     */
    public CompletableFuture<ZmqMessage> exchangeAsync(ZmqMessage request, Duration limit,
            Function<String, ZmqReplyTimeoutException> timeout) {
        long deadline = System.nanoTime() + limit.toNanos();
        int id = ids.incrementAndGet();
        CompletableFuture<ZmqMessage> reply = new CompletableFuture<>();
        pending.put(id, reply);
        byte[] idFrame = ByteBuffer.allocate(4).putInt(id).array();
        boolean sent;
        try {
            sent = socket.send(request.prepend(idFrame, DELIMITER), limit);
        } catch (RuntimeException e) {
            pending.remove(id);
            return CompletableFuture.failedFuture(e);
        }
        if (!sent) {
            pending.remove(id);
            return CompletableFuture.failedFuture(timeout.apply("the request could not be sent: no peer took it"));
        }
        receiveNext();
        CompletableFuture<ZmqMessage> result = new CompletableFuture<>();
        reply.orTimeout(remaining(deadline), TimeUnit.NANOSECONDS).whenComplete((message, failure) -> {
            pending.remove(id);
            if (failure == null) {
                result.complete(message);
            } else {
                result.completeExceptionally(failure instanceof TimeoutException ? timeout.apply("no reply came") : failure);
            }
        });
        return result;
    }

    private void receiveNext() {
        synchronized (this) {
            if (receiving) {
                return;
            }
            receiving = true;
        }
        readReplies();
    }

    /**
     * Takes replies while requests wait for them, by the one reader {@link #receiving} admits.
     * A receive that completes at once (its reply was queued) is handled here, in the loop, and
     * only one that has to wait carries on in its callback: handling each reply inside the
     * callback of the one before would nest a stack frame per queued reply until the stack
     * overflowed, and the future would swallow the overflow, ending all reading.
     */
    private void readReplies() {
        while (true) {
            CompletableFuture<ZmqMessage> next;
            try {
                next = socket.receiveAsync();
            } catch (RuntimeException e) {
                stopReading(e); // closed meanwhile
                return;
            }
            if (!next.isDone()) {
                next.whenComplete((message, failure) -> {
                    if (failure == null ? onReply(message) : stopReading(failure)) {
                        readReplies();
                    }
                });
                return;
            }
            boolean more;
            try {
                more = onReply(next.join());
            } catch (CompletionException e) {
                more = stopReading(e.getCause());
            }
            if (!more) {
                return;
            }
        }
    }

    /** Fails every waiting request with {@code failure}; returns false: reading stops. */
    private boolean stopReading(Throwable failure) {
        synchronized (this) {
            receiving = false;
        }
        pending.values().forEach(f -> f.completeExceptionally(failure));
        return false;
    }

    /** Hands {@code message} to the request it answers; returns whether to read on. */
    private boolean onReply(ZmqMessage message) {
        if (message.size() >= 3 && message.frameLength(0) == 4 && message.frameLength(1) == 0) {
            CompletableFuture<ZmqMessage> waiting = pending.remove(message.frameBuffer(0).getInt());
            if (waiting != null) {
                waiting.complete(message.dropFirst(2));
            } else if (LOG.isDebugEnabled()) {
                LOG.debug("Dropped a reply on " + name + " whose request is no longer waiting (it timed out)");
            }
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("Dropped a " + message.size() + "-frame message on " + name + " that is not a reply to a request");
        }
        synchronized (this) {
            if (pending.isEmpty() || socket.isClosed()) {
                receiving = false;
                return false;
            }
            return true;
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
