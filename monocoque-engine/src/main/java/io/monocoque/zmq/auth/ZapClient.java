package io.monocoque.zmq.auth;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.routing.Envelope;
import io.monocoque.zmq.socket.SocketBase;
import io.monocoque.zmq.wire.Metadata;
import io.monocoque.zmq.wire.ZmtpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's side of ZAP (RFC 27) for one context: it asks the in-process authenticator when
 * one is registered, otherwise the ZAP handler socket bound at {@value #ENDPOINT} (a REP or
 * ROUTER the application runs), otherwise answers that there is no handler. Never blocks the
 * caller: an in-process authenticator runs on a thread of its own, and requests to a handler
 * socket travel through an internal DEALER whose replies are matched by request id.
 *
 * <p>Engine-internal: applications register handlers through {@code ZmqContext}.
 */
public final class ZapClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ZapClient.class.getName());

    /** Where a ZAP handler binds, per RFC 27. */
    public static final String ENDPOINT = "inproc://zeromq.zap.01";

    private static final byte[] VERSION = "1.0".getBytes(StandardCharsets.US_ASCII);

    /** What the context provides: the socket bound at the ZAP endpoint, and DEALER sockets. */
    public interface HandlerSockets {

        /** The socket bound at {@link #ENDPOINT} in this context, or {@code null}. */
        Object boundHandler();

        /** A new DEALER socket of this context, for the engine's own use. */
        SocketBase newDealer();
    }

    private final HandlerSockets sockets;
    private final String threadName;
    private volatile ZapHandler handler;
    private final AtomicLong ids = new AtomicLong();

    private final Object lock = new Object();
    private ExecutorService handlerThread;
    private SocketBase dealer;
    private Object dealerTarget;
    /** Requests sent to the handler socket and not yet answered, oldest first. */
    private final Map<String, CompletableFuture<ZapReply>> pending = new LinkedHashMap<>();
    private boolean closed;

    public ZapClient(HandlerSockets sockets, String threadName) {
        this.sockets = sockets;
        this.threadName = threadName;
    }

    /** Registers the in-process handler ({@code null} removes it, leaving the handler socket, if any). */
    public void setHandler(ZapHandler handler) {
        this.handler = handler;
    }

    public ZapHandler handler() {
        return handler;
    }

    /**
     * Asks for a decision. The future completes (on some other thread) with the reply, with
     * {@code null} when no handler is configured, or exceptionally with a
     * {@link ZmtpProtocolException} when a handler socket sent a malformed reply. Cancelling
     * the future (the connection ended first) makes the client forget the request.
     */
    public CompletableFuture<ZapReply> request(ZapRequest request) {
        ZapHandler h = handler;
        if (h != null) {
            return askInProcess(h, request);
        }
        Object bound = sockets.boundHandler();
        if (bound == null) {
            return CompletableFuture.completedFuture(null);
        }
        return askSocket(bound, request);
    }

    private CompletableFuture<ZapReply> askInProcess(ZapHandler h, ZapRequest request) {
        CompletableFuture<ZapReply> f = new CompletableFuture<>();
        ExecutorService exec;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.completedFuture(ZapReply.internalError("the context is closing"));
            }
            if (handlerThread == null) {
                handlerThread = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, threadName);
                    t.setDaemon(true);
                    return t;
                });
            }
            exec = handlerThread;
        }
        try {
            exec.execute(() -> {
                try {
                    ZapReply r = h.authenticate(request);
                    f.complete(r != null ? r : ZapReply.deny("the authenticator gave no decision"));
                } catch (RuntimeException | Error e) {
                    // The exception may quote credentials; log its type only.
                    LOG.log(System.Logger.Level.WARNING, "ZAP authenticator failed with " + e.getClass().getName()
                            + " for " + request);
                    f.complete(ZapReply.internalError("authenticator failed"));
                }
            });
        } catch (RejectedExecutionException e) {
            f.complete(ZapReply.internalError("the context is closing"));
        }
        return f;
    }

    private CompletableFuture<ZapReply> askSocket(Object bound, ZapRequest request) {
        CompletableFuture<ZapReply> f = new CompletableFuture<>();
        SocketBase d;
        String id = Long.toString(ids.incrementAndGet());
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.completedFuture(ZapReply.internalError("the context is closing"));
            }
            if (dealer == null || dealerTarget != bound) {
                // A different socket now serves the endpoint (or none did before): requests
                // still waiting on the old one will never be answered.
                dropDealer("the ZAP handler socket went away");
                try {
                    dealer = sockets.newDealer();
                    dealer.setOption(SocketOption.SEND_HIGH_WATER_MARK, 0);
                    dealer.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 0);
                    dealer.setOption(SocketOption.LINGER, Duration.ZERO);
                    dealer.connect(ENDPOINT);
                } catch (ZmqException e) {
                    dealer = null;
                    return CompletableFuture.completedFuture(ZapReply.internalError("cannot reach the ZAP handler: " + e.getMessage()));
                }
                dealerTarget = bound;
                receiveNext(dealer);
            }
            d = dealer;
            pending.put(id, f);
        }
        f.whenComplete((r, err) -> {
            if (f.isCancelled()) {
                synchronized (lock) {
                    pending.remove(id);
                }
            }
        });
        List<byte[]> frames = new ArrayList<>();
        frames.add(VERSION);
        frames.add(id.getBytes(StandardCharsets.US_ASCII));
        frames.add(request.domain().getBytes(StandardCharsets.UTF_8));
        frames.add(request.address().getBytes(StandardCharsets.US_ASCII));
        frames.add(request.routingId());
        frames.add(request.mechanism().getBytes(StandardCharsets.US_ASCII));
        frames.addAll(request.credentials());
        boolean sent;
        try {
            sent = d.send(Envelope.delimiter().wrap(ZmqMessage.wrap(frames.toArray(new byte[0][]))), 0);
        } catch (ZmqException e) {
            sent = false;
        }
        if (!sent) {
            synchronized (lock) {
                pending.remove(id);
            }
            f.complete(ZapReply.internalError("cannot send to the ZAP handler"));
        }
        return f;
    }

    /**
     * Reads the handler's replies on {@code d} while it is the dealer. A receive that completes
     * at once (its reply was queued) is handled here, in the loop, and only one that has to wait
     * carries on in its callback: handling each reply inside the callback of the one before
     * would nest a stack frame per queued reply until the stack overflowed, and the future would
     * swallow the overflow, leaving every later handshake waiting for its ZAP reply.
     */
    private void receiveNext(SocketBase d) {
        while (true) {
            CompletableFuture<ZmqMessage> next;
            try {
                next = d.receiveAsync();
            } catch (ZmqException e) {
                return; // closed
            }
            if (!next.isDone()) {
                next.whenComplete((m, err) -> {
                    if (err == null && take(d, m)) {
                        receiveNext(d);
                    }
                });
                return;
            }
            if (next.isCompletedExceptionally() || !take(d, next.join())) {
                return; // the dealer closed: dropDealer has failed what was pending
            }
        }
    }

    /** Handles a reply that came on {@code d}; returns whether {@code d} is still the dealer to read. */
    private boolean take(SocketBase d, ZmqMessage m) {
        onReply(m);
        synchronized (lock) {
            return dealer == d;
        }
    }

    private void onReply(ZmqMessage m) {
        if (m.size() < 3) {
            LOG.log(System.Logger.Level.DEBUG, "dropping a ZAP reply of " + m.size() + " frames: no request id");
            return;
        }
        String id = m.frameString(2);
        CompletableFuture<ZapReply> f;
        synchronized (lock) {
            f = pending.remove(id);
            if (f == null && !issued(id) && !pending.isEmpty()) {
                // libzmq asks one request at a time per connection, so a reply whose id it did not
                // send fails that connection's handshake (ZMQ_PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID).
                // Here one socket carries every connection's requests, and a REP handler answers
                // them in order: the reply is taken as the oldest outstanding request's.
                Map.Entry<String, CompletableFuture<ZapReply>> oldest = pending.entrySet().iterator().next();
                pending.remove(oldest.getKey());
                oldest.getValue().completeExceptionally(new ZmtpProtocolException(
                        "ZAP reply has a bad request id (not one this side sent)"));
                return;
            }
        }
        if (f == null) {
            // A late answer to a request whose connection has gone (it was forgotten then).
            LOG.log(System.Logger.Level.DEBUG, "dropping a ZAP reply to request " + id + ": no longer waited for");
            return;
        }
        try {
            f.complete(parse(m));
        } catch (ZmtpProtocolException e) {
            f.completeExceptionally(e);
        }
    }

    /** Whether {@code id} is a request id this client has handed out (they are 1, 2, 3, ...). */
    private boolean issued(String id) {
        if (id.isEmpty() || id.length() > 19 || id.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return false;
            }
        }
        long n = Long.parseLong(id);
        return n <= ids.get();
    }

    /** The number of requests sent to a handler socket and still waited for. */
    public int pendingRequests() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /** Checks a reply as libzmq's ZAP client does: seven frames, empty delimiter, version 1.0, a 2xx-5xx00 status. */
    static ZapReply parse(ZmqMessage m) {
        if (m.size() != 7) {
            throw new ZmtpProtocolException("malformed ZAP reply: " + m.size() + " frames instead of 7");
        }
        if (!Envelope.delimiter().encloses(m)) {
            throw new ZmtpProtocolException("malformed ZAP reply: the first frame is not an empty delimiter");
        }
        if (!java.util.Arrays.equals(m.frame(1), VERSION)) {
            throw new ZmtpProtocolException("ZAP reply has a bad version (not \"1.0\")");
        }
        byte[] status = m.frame(3);
        if (status.length != 3 || status[0] < '2' || status[0] > '5' || status[1] != '0' || status[2] != '0') {
            throw new ZmtpProtocolException("ZAP reply has an invalid status code");
        }
        Map<String, byte[]> metadata;
        ByteBuf b = Unpooled.wrappedBuffer(m.frame(6));
        try {
            metadata = Metadata.decode(b).asMap();
        } catch (ZmtpProtocolException e) {
            throw new ZmtpProtocolException("ZAP reply has invalid metadata: " + e.getMessage());
        } finally {
            b.release();
        }
        int code = (status[0] - '0') * 100;
        return ZapReply.of(code, m.frameString(4), m.frameString(5), metadata);
    }

    private void dropDealer(String why) {
        // lock held
        if (dealer != null) {
            SocketBase d = dealer;
            dealer = null;
            dealerTarget = null;
            d.close();
        }
        for (CompletableFuture<ZapReply> f : pending.values()) {
            f.complete(ZapReply.internalError(why));
        }
        pending.clear();
    }

    /** Closes the internal socket and thread; pending requests get a 500. */
    @Override
    public void close() {
        ExecutorService exec;
        synchronized (lock) {
            closed = true;
            dropDealer("the context is closing");
            exec = handlerThread;
            handlerThread = null;
        }
        if (exec != null) {
            exec.shutdownNow();
        }
    }
}
