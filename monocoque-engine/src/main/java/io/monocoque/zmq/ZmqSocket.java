package io.monocoque.zmq;

import io.monocoque.zmq.security.SecurityOptions;
import io.monocoque.zmq.socket.SocketBase;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A ZeroMQ socket. Unlike libzmq's and JeroMQ's, it is safe to use from many threads at once:
 * any number of threads may send and receive on one socket concurrently.
 *
 * <pre>{@code
 * try (ZmqContext ctx = ZmqContext.create();
 *      ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
 *     pull.bind("tcp://127.0.0.1:*");
 *     ZmqMessage m = pull.receive();
 * }
 * }</pre>
 *
 * <p>Send and receive come in three forms: blocking ({@link #send(ZmqMessage)},
 * {@link #receive()}, bounded by the send/receive timeout options), timed
 * ({@link #send(ZmqMessage, Duration)}, {@link #receive(Duration)}) and non-blocking
 * ({@link #trySend(ZmqMessage)}, {@link #tryReceive()}); {@link #receiveAsync()} returns a
 * future. A message is always sent and received whole, all its frames together.
 */
public final class ZmqSocket implements AutoCloseable {

    private final SocketBase base;

    ZmqSocket(SocketBase base) {
        this.base = base;
    }

    /** The socket's type. */
    public SocketType type() {
        return base.type();
    }

    /** Sets an option (see {@link SocketOption}). */
    public <T> ZmqSocket setOption(SocketOption<T> option, T value) {
        base.setOption(option, value);
        return this;
    }

    /** An option's current value; read-only options ({@link SocketOption#TYPE}, ...) are answered from the socket's state. */
    public <T> T getOption(SocketOption<T> option) {
        if (option.isReadOnly()) {
            return option.type().cast(readOnlyValue(option));
        }
        T v = base.getOption(option);
        return v instanceof byte[] ? option.type().cast(((byte[]) v).clone()) : v;
    }

    private Object readOnlyValue(SocketOption<?> option) {
        if (option == SocketOption.TYPE) {
            return base.type();
        }
        if (option == SocketOption.MECHANISM) {
            return SecurityOptions.of(base::getOption).mechanismName();
        }
        if (option == SocketOption.RECEIVE_MORE) {
            return base.hasReceiveMore();
        }
        if (option == SocketOption.LAST_ENDPOINT) {
            return base.lastEndpoint();
        }
        if (option == SocketOption.THREAD_SAFE) {
            return true;
        }
        if (option == SocketOption.EVENTS) {
            return base.events();
        }
        if (option == SocketOption.TOPICS_COUNT) {
            return base.topicsCount();
        }
        // An option added to SocketOption without an answer here is a bug to be told, not hidden.
        throw new ZmqException(ZmqError.ENOTSUP, "read-only socket option " + option + " has no value in " + base.name());
    }

    /**
     * Listens on {@code endpoint}: {@code tcp://host:port} ({@code *} for every interface or
     * an ephemeral port), {@code ipc:///path} or {@code inproc://name}.
     *
     * @throws ZmqException EADDRINUSE, EADDRNOTAVAIL, EINVAL or EPROTONOSUPPORT
     */
    public void bind(String endpoint) {
        base.bind(endpoint);
    }

    /**
     * Connects to {@code endpoint}. The connection is made, and remade after a failure, in the
     * background; messages sent meanwhile are queued (unless {@link SocketOption#IMMEDIATE}).
     */
    public void connect(String endpoint) {
        base.connect(endpoint);
    }

    /**
     * Connects a PEER socket to {@code endpoint} and returns the routing id of the new connection
     * (libzmq's {@code zmq_connect_peer}): a message {@linkplain ZmqMessage#withRoutingId(int)
     * addressed} with it goes to that peer, queued until the connection is up. The id is an
     * unsigned 32-bit value, never 0.
     *
     * @throws ZmqException ENOTSUP on a socket that is not a PEER; EFAULT when
     *     {@link SocketOption#IMMEDIATE} is set; otherwise as {@link #connect}
     */
    public int connectPeer(String endpoint) {
        return base.connectPeer(endpoint);
    }

    /** Stops listening on an endpoint given to {@link #bind} (or the endpoint it resolved to). */
    public void unbind(String endpoint) {
        base.closeEndpoint(endpoint, "unbind");
    }

    /** Stops connecting to an endpoint given to {@link #connect}. */
    public void disconnect(String endpoint) {
        base.closeEndpoint(endpoint, "disconnect");
    }

    /** The endpoint last bound or connected, with a wildcard port resolved (ZMQ_LAST_ENDPOINT). */
    public String lastEndpoint() {
        return base.lastEndpoint();
    }

    // ---- send ------------------------------------------------------------------------------------

    /**
     * Sends a message, blocking while it cannot be queued (every peer at its high-water mark,
     * or no peer yet for types that need one), up to the {@link SocketOption#SEND_TIMEOUT}.
     *
     * @throws ZmqException EAGAIN when the send timeout expires; EFSM, ENOTSUP, EHOSTUNREACH,
     *                      ETERM as the socket type dictates
     */
    public void send(ZmqMessage message) {
        base.send(message);
    }

    /** Sends a single-frame message of UTF-8 text. */
    public void send(String frame) {
        base.send(ZmqMessage.wrap(frame.getBytes(StandardCharsets.UTF_8)));
    }

    /** Sends a single-frame message ({@code frame} is copied). */
    public void send(byte[] frame) {
        base.send(ZmqMessage.of(frame));
    }

    /**
     * Sends a single-frame message made of {@code frame} itself: no copy, and no message object
     * either, so sending allocates nothing. The array belongs to the socket from then on and must
     * not be touched again (it may still be queued or being written when this returns), as with
     * {@link ZmqMessage#wrap(byte[])}. Blocks as {@link #send(ZmqMessage)} does.
     *
     * @throws ZmqException as {@link #send(ZmqMessage)}
     */
    public void sendWrapped(byte[] frame) {
        base.sendWrapped(frame);
    }

    /** {@link #sendWrapped(byte[])} only if that can be done without waiting; returns whether it was queued. */
    public boolean trySendWrapped(byte[] frame) {
        return base.sendWrapped(frame, 0);
    }

    // ---- large frames in pooled buffers ----------------------------------------------------------

    /**
     * A writable buffer of {@code size} bytes of pooled direct memory, to fill and then
     * {@linkplain #sendBuffer(ZmqBuffer) send} as a single-frame message without a heap copy: the
     * way to send large payloads (from 32 KB on, see {@code docs/large-messages.md}). Its bytes
     * are not cleared: write all {@code size} of them (through {@link ZmqBuffer#byteBuffer()}).
     * Close it if it is not sent.
     *
     * @throws IllegalArgumentException when {@code size} is negative
     */
    public ZmqBuffer allocateBuffer(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        ByteBuf b = ByteBufAllocator.DEFAULT.directBuffer(size, size);
        b.writerIndex(size);
        return new ZmqBuffer(b, true);
    }

    /**
     * Sends {@code buffer} as a single-frame message, blocking as {@link #send(ZmqMessage)} does.
     * The buffer passes to the socket (it is closed for the caller, who need not close it again):
     * over tcp and ipc a large frame is written to the network from the buffer itself, over
     * inproc the receiver gets the buffer as it is. The types that send each message to one peer
     * (PUSH, DEALER, PAIR, CLIENT, CHANNEL, SCATTER) pass it on without a copy; the others (which
     * route or fan messages out: PUB, ROUTER, REQ, ...) send a copy of its bytes and release it.
     * When the send fails (EAGAIN on timeout, or another error), the buffer is still the
     * caller's.
     *
     * @throws IllegalStateException when {@code buffer} is closed or was sent already
     */
    public void sendBuffer(ZmqBuffer buffer) {
        if (!sendBuffer(buffer, base.sendTimeoutNanos())) {
            throw new ZmqException(ZmqError.EAGAIN, base.name() + ": send timed out: every peer is at its high-water mark or none is connected");
        }
    }

    /** {@link #sendBuffer(ZmqBuffer)}, waiting at most {@code timeout}; returns whether it was queued (when not, the buffer is still the caller's). */
    public boolean sendBuffer(ZmqBuffer buffer, Duration timeout) {
        return sendBuffer(buffer, timeout.isNegative() ? -1 : Math.max(1, timeout.toNanos()));
    }

    /** {@link #sendBuffer(ZmqBuffer)} only if that can be done without waiting; returns whether it was queued. */
    public boolean trySendBuffer(ZmqBuffer buffer) {
        return sendBuffer(buffer, 0);
    }

    private boolean sendBuffer(ZmqBuffer buffer, long timeoutNanos) {
        ByteBuf frame = buffer.handOver();
        boolean sent = false;
        try {
            sent = base.sendPooled(frame, timeoutNanos);
            return sent;
        } finally {
            if (!sent) {
                buffer.takeBack(frame);
            }
        }
    }

    /**
     * Receives one frame, as {@link #receiveBytes()} does, as a {@link ZmqBuffer} that the caller
     * must close. A single-frame message of 32 KB or more that came over tcp or ipc is in pooled
     * direct memory, read without a heap copy; one sent with {@link #sendBuffer} over inproc is
     * the sender's buffer itself. Any other frame (a smaller one, one of a multi-frame message,
     * one that arrived as an array) is wrapped as it is, and closing it costs nothing. Frames of
     * a multi-frame message come one per call while {@link #hasReceiveMore()} is true.
     *
     * @throws ZmqException EAGAIN when the receive timeout expires
     */
    public ZmqBuffer receiveBuffer() {
        ZmqBuffer b = buffer(base.receiveFrame(base.receiveTimeoutNanos()));
        if (b == null) {
            throw new ZmqException(ZmqError.EAGAIN, base.name() + ": receive timed out");
        }
        return b;
    }

    /** {@link #receiveBuffer()}, waiting at most {@code timeout} (negative: forever); {@code null} if nothing came. */
    public ZmqBuffer receiveBuffer(Duration timeout) {
        return buffer(base.receiveFrame(timeout.isNegative() ? -1 : Math.max(1, timeout.toNanos())));
    }

    /** {@link #receiveBuffer()} if a frame is waiting, else {@code null}. */
    public ZmqBuffer tryReceiveBuffer() {
        return buffer(base.receiveFrame(0));
    }

    private static ZmqBuffer buffer(ByteBuf frame) {
        return frame == null ? null : ZmqBuffer.received(frame);
    }

    /** Sends, waiting at most {@code timeout}; returns whether the message was queued. */
    public boolean send(ZmqMessage message, Duration timeout) {
        return base.send(message, timeout.isNegative() ? -1 : Math.max(1, timeout.toNanos()));
    }

    /** Sends only if that can be done without waiting; returns whether the message was queued. */
    public boolean trySend(ZmqMessage message) {
        return base.send(message, 0);
    }

    // ---- receive ---------------------------------------------------------------------------------

    /**
     * Receives the next message, blocking up to the {@link SocketOption#RECEIVE_TIMEOUT}.
     *
     * @throws ZmqException EAGAIN when the receive timeout expires
     */
    public ZmqMessage receive() {
        return base.receive();
    }

    /** Receives the next message, waiting at most {@code timeout}; {@code null} if none came. */
    public ZmqMessage receive(Duration timeout) {
        return base.receive(timeout.isNegative() ? -1 : Math.max(1, timeout.toNanos()));
    }

    /** The next message if one is waiting, else {@code null}. */
    public ZmqMessage tryReceive() {
        return base.receive(0);
    }

    /**
     * Receives the messages waiting, up to {@code max}, under one hold of the socket's lock:
     * waits at most {@code timeout} for the first, then takes the others already queued without
     * waiting for more. For a consumer that keeps up with a stream of small messages this costs
     * one lock and one wake-up check per batch instead of per message. Order is as
     * {@link #receive()} would hand them out one by one. REQ and REP, whose next receive needs a
     * send in between, hand out at most one.
     *
     * @param max the most messages returned, at least 1
     * @return the messages, in order; empty if none came within {@code timeout}
     * @throws IllegalArgumentException when {@code max} is below 1
     */
    public List<ZmqMessage> receiveBatch(int max, Duration timeout) {
        return base.receiveBatch(max, timeout.isNegative() ? -1 : Math.max(1, timeout.toNanos()));
    }

    /** {@link #receiveBatch(int, Duration)} without waiting: the messages already queued, up to {@code max}. */
    public List<ZmqMessage> tryReceiveBatch(int max) {
        return base.receiveBatch(max, 0);
    }

    /**
     * Receives the next frame as a byte array, blocking up to the
     * {@link SocketOption#RECEIVE_TIMEOUT}. The array is the caller's. On a PULL, DEALER or PAIR
     * socket, a single-frame message comes as the very array it was decoded into (or, over
     * {@code inproc://}, that the sender {@linkplain #sendWrapped(byte[]) handed over}): nothing is
     * copied and no message object is made. Other types, whose routing looks into the message,
     * hand out a copy. A multi-frame message comes one frame per call (each a copy) while {@link #hasReceiveMore()}
     * is true, as with libzmq's {@code zmq_recv}; {@link #receive()} in between returns the frames
     * not yet taken. When several threads receive from one socket, frames of a multi-frame
     * message may go to different threads: use {@link #receive()} for those.
     *
     * <p>The message's {@linkplain ZmqMessage#peer() peer} is not available this way.
     *
     * @throws ZmqException EAGAIN when the receive timeout expires
     */
    public byte[] receiveBytes() {
        return base.receiveBytes();
    }

    /** {@link #receiveBytes()}, waiting at most {@code timeout}; {@code null} if nothing came. */
    public byte[] receiveBytes(Duration timeout) {
        return base.receiveBytes(timeout.isNegative() ? -1 : Math.max(1, timeout.toNanos()));
    }

    /** {@link #receiveBytes()} if a frame is waiting, else {@code null}. */
    public byte[] tryReceiveBytes() {
        return base.receiveBytes(0);
    }

    /** Whether the message whose first frames {@link #receiveBytes()} returned has more to come. */
    public boolean hasReceiveMore() {
        return base.hasReceiveMore();
    }

    /**
     * A future completed with the next message. When a message is already queued the future is
     * returned completed, so a callback attached to it runs at once on the calling thread;
     * otherwise it completes on the context's event thread, never on an I/O thread. Closing the
     * socket fails pending futures with ETERM.
     *
     * <p>A loop that asks for the next message from the callback of the last one should take a
     * future that is already done in the loop itself, not in a callback: with many messages
     * queued, each callback would otherwise run inside the one before until the stack overflows
     * (and {@code CompletableFuture} swallows the {@code StackOverflowError}).
     */
    public CompletableFuture<ZmqMessage> receiveAsync() {
        return base.receiveAsync();
    }

    // ---- subscriptions ---------------------------------------------------------------------------

    /**
     * Subscribes a SUB or XSUB socket to messages whose first frame starts with {@code prefix}.
     * On an XPUB with {@link SocketOption#XPUB_MANUAL}, subscribes the peer whose subscription
     * was received last instead (any other XPUB refuses with ENOTSUP).
     */
    public void subscribe(byte[] prefix) {
        base.subscribe(prefix, true);
    }

    /** Subscribes to a UTF-8 topic prefix; {@code ""} subscribes to everything. */
    public void subscribe(String prefix) {
        subscribe(prefix.getBytes(StandardCharsets.UTF_8));
    }

    /** Removes one subscription to {@code prefix}. */
    public void unsubscribe(byte[] prefix) {
        base.subscribe(prefix, false);
    }

    /** Removes one subscription to a UTF-8 topic prefix. */
    public void unsubscribe(String prefix) {
        unsubscribe(prefix.getBytes(StandardCharsets.UTF_8));
    }

    // ---- groups (RADIO/DISH) -----------------------------------------------------------------------

    /**
     * Joins a DISH socket to {@code group} (RFC 48): it then receives the messages its RADIO peers
     * send in exactly that group. The join reaches every RADIO peer, and again each one it
     * connects to later or reconnects to.
     *
     * @throws ZmqException EINVAL when the group is already joined, is longer than
     *     {@value ZmqMessage#MAX_GROUP_LENGTH} bytes in UTF-8 or holds a zero character;
     *     ENOTSUP on any other socket type
     */
    public void join(String group) {
        base.join(group, true);
    }

    /**
     * Leaves a group a DISH socket joined.
     *
     * @throws ZmqException EINVAL when the group was not joined (or could not be); ENOTSUP on any
     *     other socket type
     */
    public void leave(String group) {
        base.join(group, false);
    }

    // ---- monitoring ------------------------------------------------------------------------------

    /**
     * Reports this socket's connection events to {@code listener}, in order, on the context's
     * event thread. Close the returned handle to stop (the listener then gets MONITOR_STOPPED).
     */
    public AutoCloseable monitor(Consumer<MonitorEvent> listener) {
        base.addMonitor(listener);
        return () -> base.removeMonitor(listener);
    }

    /** A snapshot of this socket's counters: messages and bytes in and out, drops, peers, queue, failures. */
    public SocketStatistics statistics() {
        return base.statistics();
    }

    /** The endpoints this socket is bound or connected to, wildcard ports resolved. */
    public List<String> endpoints() {
        return base.endpoints();
    }

    /** Messages a PUB, XPUB or ROUTER socket dropped because a peer was at its high-water mark, a ROUTER
     * dropped because no peer has the routing id they name (without router-mandatory), and multipart
     * messages a single-frame type ({@link SocketType#isSingleFrame()}) received and dropped. */
    public long droppedMessages() {
        return base.droppedMessages();
    }

    /** Whether {@link #close()} was called (or the context closed). */
    public boolean isClosed() {
        return base.isClosed();
    }

    /**
     * Closes the socket. Threads blocked on it fail with ETERM. Messages already sent keep
     * flushing for up to the {@link SocketOption#LINGER} time in the background;
     * {@link ZmqContext#close()} waits for that.
     */
    @Override
    public void close() {
        base.close();
    }

    /** The engine's socket, for the poller. */
    SocketBase base() {
        return base;
    }

    @Override
    public String toString() {
        return "ZmqSocket[" + base.name() + (base.lastEndpoint() == null ? "" : " " + base.lastEndpoint()) + "]";
    }
}
