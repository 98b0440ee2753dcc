package io.monocoque.zmq.transport;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.PeerInfo;
import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.auth.ZapRequest;
import io.monocoque.zmq.internal.MessageAccess;
import io.monocoque.zmq.pipe.Msg;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.security.Mechanism;
import io.monocoque.zmq.auth.ZapClient;
import io.monocoque.zmq.session.SessionConfig;
import io.monocoque.zmq.session.SessionIo;
import io.monocoque.zmq.session.ZmtpSession;
import io.monocoque.zmq.pipe.PipeHost;
import io.monocoque.zmq.wire.Metadata;
import io.monocoque.zmq.wire.TrackedBuffers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The Netty side of one ZMTP connection: it feeds the channel's bytes to its {@link ZmtpSession}
 * and carries out what the session asks (writes, pipe deliveries, the end of the connection),
 * schedules the session's deadlines, holds reading back while the socket's queue is full, drains
 * the pipe into pooled buffers, and lingers at close.
 *
 * <p>On a {@link DirectWriteChannel} (the epoll and NIO tcp channels), a sending thread that finds the connection idle
 * encodes and writes its messages to the kernel itself instead of waking the I/O thread: no
 * thread hop on a message's way out, which is most of what a message that comes apart from the
 * last one waits for. "Idle" is: no message was handed to this connection for
 * {@link #DIRECT_AFTER_IDLE_NANOS}, nothing is queued for the I/O thread to write, and the I/O
 * thread is not using the session. Messages that follow each other closely still go through the
 * I/O thread, which writes them in batches (one system call for many messages). On such a
 * channel the session and the outbound byte stream are guarded by {@link #lock}: the I/O thread
 * holds it whenever it runs the session or writes; a sending thread only tries it and never
 * waits. On the other channels only the I/O thread touches them, without the lock
 * ({@link DirectWriteChannel} says why io_uring's channels and the ipc channels do not offer direct writes).
 */
final class ZmtpConnection extends ChannelInboundHandlerAdapter implements Connection, SessionIo {

    private static final System.Logger LOG = System.getLogger(ZmtpConnection.class.getName());

    /**
     * How long no message must have been handed to the connection before a sending thread writes
     * the next one itself. A stream of messages comes closer together than this and is left to
     * the I/O thread, which batches it; a request, a reply, or a message in a paced stream comes
     * further apart and is written at once. So does the first message a stream's sender sends
     * after the high-water mark held it back (the time it took to be woken), which is why a
     * connection whose sender met the mark lately ({@link Pipe#writerHeldBackLately}) is left to
     * the I/O thread too.
     */
    static final long DIRECT_AFTER_IDLE_NANOS = 20_000;
    /** A sending thread stops encoding more of the pipe into its write once this many bytes are ready. */
    private static final int DIRECT_BATCH_BYTES = 64 * 1024;

    private final PipeHost socket;
    private final ConnectionOptions options;
    private final String endpoint;
    private final ConnectionSide side;
    private final ConnectionNotices notices;
    /** HELLO_MSG, until it has gone out as the first message of the connection. */
    private byte[] hello;
    private final ZmtpSession session;

    private ChannelHandlerContext ctx;
    private Pipe pipe;
    private Pipe local;
    private PeerInfo peerInfo = PeerInfo.NONE;
    private boolean readPaused;
    /** The channel closed with data still buffered for a full socket; it is delivered before we finish. */
    private boolean drainingAfterClose;
    private boolean closing;
    private boolean finished;
    /** The ZAP decision this connection's handshake waits for, if any (cancelled when the connection ends). */
    private CompletableFuture<ZapReply> zapReply;
    private String closeReason;
    /** The session ended the connection and has reported why: no further handshake event is due. */
    private boolean closedBySession;
    /** The handshake succeeded but the socket refused the peer (a routing id in use, a PAIR's one peer taken). */
    private boolean refusedBySocket;
    private ScheduledFuture<?> timer;
    private long timerAt = Long.MAX_VALUE;

    /** Where outgoing frames are encoded during a drain: the I/O thread's shared arena. */
    private OutboundBatch batch;

    /**
     * Guards the session and the outbound byte stream on a {@link DirectWriteChannel}: held by the
     * I/O thread whenever it runs the session or writes, tried (never waited for) by a sending
     * thread that writes directly. On other channels only the I/O thread uses them, and it does
     * not take the lock ({@link #enter()}).
     */
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * The channel, when a sending thread may write to it itself; else {@code null}. Set once, on
     * the I/O thread, before the session starts; volatile so that a sending thread that sees it
     * also sees the lock in use.
     */
    private volatile DirectWriteChannel direct;
    /** When a message was last handed to this connection ({@link #readActivated}), by any thread. */
    private long lastActivation;
    /** The rest of a direct write the kernel did not take at once: the I/O thread writes it before anything else. */
    private ByteBuf pendingDirect;
    /** The buffer a sending thread is encoding its direct write into (lock held). */
    private ByteBuf directOut;
    /** Encodes a sending thread's direct write into {@link #directOut}: made at the first (lock held). */
    private Encoding directEncoding;
    /** Batches written by sending threads themselves (diagnostics and tests). */
    private long directWrites;

    /*
     * What a connection keeps for its life is what every idle one of ten thousand pays for (heap
     * per connection, RESULTS.md): the task it queues on every wake-up and the I/O thread's
     * encoding are made with it; the rest when first needed.
     */
    private final Task flushTask = new Task(Task.FLUSH);
    /** Made at the first wake-up by a reader below the high-water mark, by whichever thread that is (a race makes equal tasks). */
    private Task resumeTask;
    private final Encoding batchEncoding = new Encoding(false);

    ZmtpConnection(PipeHost socket, ConnectionOptions options, SessionConfig sessionConfig, ConnectionSide side, Mechanism mechanism) {
        this.socket = socket;
        this.options = options;
        this.endpoint = sessionConfig.endpoint();
        this.side = side;
        this.notices = ConnectionNotices.of(socket, side.connecting());
        this.session = new ZmtpSession(sessionConfig, mechanism, this, System::nanoTime);
    }

    // ---- channel events ------------------------------------------------------------------------------

    /**
     * The I/O thread's work for this connection, run holding {@link #lock} where a sending thread
     * may use the session too: one class for every kind, so that each task is one small object.
     */
    private final class Task implements Runnable {
        static final int FLUSH = 0;
        static final int RESUME = 1;
        static final int LET_GO = 2;
        static final int TIMER = 3;

        private final int kind;

        Task(int kind) {
            this.kind = kind;
        }

        @Override
        public void run() {
            boolean held = enter();
            try {
                switch (kind) {
                    case FLUSH -> drainOutbound();
                    case RESUME -> resumeReading();
                    case LET_GO -> socketLetGo();
                    default -> onTimer();
                }
            } finally {
                exit(held);
            }
        }
    }

    /**
     * Where frames are encoded: into the I/O thread's batch (a pooled frame's body written as it
     * is after it), or, on the direct path, into the sending thread's own buffer.
     */
    private final class Encoding implements IntFunction<ByteBuf>, Consumer<ByteBuf> {
        private final boolean direct;

        Encoding(boolean direct) {
            this.direct = direct;
        }

        @Override
        public ByteBuf apply(int bytes) {
            return direct ? directRoom(bytes) : room(bytes);
        }

        @Override
        public void accept(ByteBuf body) {
            if (direct) {
                appendDirect(body);
            } else {
                writeAsIs(body);
            }
        }
    }

    /** {@code task}, run holding {@link #lock} where a sending thread may use the session too (for the rare tasks). */
    private Runnable locked(Runnable task) {
        return () -> {
            boolean held = enter();
            try {
                task.run();
            } finally {
                exit(held);
            }
        };
    }

    /**
     * On the I/O thread, before it uses the session: takes {@link #lock} when the channel lets a
     * sending thread use the session too, and says whether it did (for {@link #exit}).
     */
    private boolean enter() {
        if (direct == null) {
            return false;
        }
        lock.lock();
        return true;
    }

    private void exit(boolean held) {
        if (held) {
            lock.unlock();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.channel() instanceof DirectWriteChannel) {
            direct = (DirectWriteChannel) ctx.channel();
        }
        boolean held = enter();
        try {
            this.ctx = ctx;
            session.start();
            side.active(this);
            armTimer();
        } finally {
            exit(held);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        boolean held = enter();
        try {
            if (closing || session.isClosed()) {
                in.release(); // the socket has let go: whatever the peer still sends is dropped
                return;
            }
            session.received(in);
            afterDecoding();
        } finally {
            exit(held);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        wakeSocketReader();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            flushTask.run();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** After the session decoded: hold reading back if the socket is full, follow its deadlines. */
    private void afterDecoding() {
        if (session.paused() && !readPaused) {
            readPaused = true;
            ctx.channel().config().setAutoRead(false);
            wakeSocketReader();
        }
        armTimer();
    }

    private void wakeSocketReader() {
        if (local != null && local.flush()) {
            socket.readActivated(pipe);
        }
    }

    /** The socket read below the high-water mark: decode what is held, then read on. */
    private void resumeReading() {
        if (!readPaused || !session.isActive() || closing) {
            return;
        }
        if (!local.checkWrite()) {
            return; // still full: the flag is set again and another wake-up will come
        }
        readPaused = false;
        session.resume();
        afterDecoding();
        if (drainingAfterClose) {
            wakeSocketReader();
            if (!readPaused) {
                finishInactive();
            }
            return;
        }
        if (!readPaused && session.isActive()) {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
        wakeSocketReader();
    }

    // ---- deadlines -----------------------------------------------------------------------------------

    /**
     * Keeps one timer at or before the session's next deadline. A later deadline (traffic moved a
     * heartbeat timeout on) leaves the timer as it is: it fires early, finds nothing due, and is
     * armed again, which costs less than rescheduling on every read.
     */
    private void armTimer() {
        long at = session.nextDeadline();
        if (at == Long.MAX_VALUE || (timer != null && timerAt - at <= 0)) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timerAt = at;
        timer = ctx.executor().schedule(new Task(Task.TIMER), Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void onTimer() {
        timer = null;
        timerAt = Long.MAX_VALUE;
        if (finished) {
            return;
        }
        session.timer();
        armTimer();
    }

    // ---- SessionIo: what the session asks for --------------------------------------------------------

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    public void write(ByteBuf bytes) {
        writePendingDirect();
        ctx.writeAndFlush(bytes);
    }

    /** Hands the I/O thread's channel what a direct write left over, ahead of anything else (lock held). */
    private void writePendingDirect() {
        ByteBuf rest = pendingDirect;
        if (rest != null) {
            pendingDirect = null;
            ctx.write(rest, ctx.voidPromise());
        }
    }

    @Override
    public boolean deliver(byte[] frame) {
        local.write(frame);
        return local.checkWrite();
    }

    @Override
    public boolean deliverPooled(ByteBuf frame) {
        local.write(frame);
        return local.checkWrite();
    }

    @Override
    public boolean deliver(byte[][] frames) {
        local.write(MessageAccess.wrap(frames, peerInfo));
        return local.checkWrite();
    }

    @Override
    public boolean deliverInGroup(String group, byte[] body) {
        local.write(MessageAccess.addressed(MessageAccess.wrap(body, peerInfo), peerInfo, 0, group));
        return local.checkWrite();
    }

    @Override
    public String attach(Metadata peerMetadata, String userId, Map<String, byte[]> zapProperties) {
        PeerInfo peer = new PeerInfo(PeerProperties.of(peerMetadata, userId, zapProperties),
                SocketAddresses.address(ctx.channel().remoteAddress()), userId == null || userId.isEmpty() ? null : userId);
        byte[] identity = peerMetadata.get(Metadata.IDENTITY);
        ConnectionSide.Attachment a = side.attach(this, peer, identity != null && identity.length > 0 ? identity : null);
        if (a.pipe() == null) {
            refusedBySocket = true;
            return a.refusal();
        }
        Pipe p = a.pipe();
        peerInfo = peer;
        pipe = p;
        local = p.peer();
        p.setConnected(true);
        socket.emit(MonitorEventType.HANDSHAKE_SUCCEEDED, endpoint, 0, null);
        if (notices.notifyConnect()) {
            // Before anything the peer sends, as libzmq's engine pushes it.
            local.write(new byte[0]);
            wakeSocketReader();
        }
        hello = notices.hello();
        drainOutbound();
        if (local.isPeerTerminated()) {
            // A lingering connecter reached its peer after the socket closed: flush, then close.
            socketLetGo();
        }
        return null;
    }

    @Override
    public void authenticate(String mechanism, List<byte[]> credentials, BiConsumer<ZapReply, Throwable> done) {
        ZapClient zap = options.zap();
        byte[] routingId = options.routingId();
        ZapRequest request = new ZapRequest(options.zapDomain(), SocketAddresses.ipAddress(ctx.channel().remoteAddress()),
                routingId == null ? new byte[0] : routingId, mechanism, credentials);
        CompletableFuture<ZapReply> reply = zap == null ? CompletableFuture.completedFuture(null) : zap.request(request);
        zapReply = reply;
        // Always continue on the event loop, later: the session never sees its callback re-entrantly.
        reply.whenComplete((r, err) -> execute(locked(() -> {
            if (!finished && !closing) {
                done.accept(r, err);
                afterDecoding();
            }
        })));
    }

    @Override
    public void close(MonitorEventType event, long value, String reason, boolean flushFirst) {
        closeReason = reason;
        closedBySession = true;
        LOG.log(System.Logger.Level.DEBUG, () -> socket.name() + " " + endpoint + ": " + reason);
        if (event != null) {
            socket.emit(event, endpoint, value, reason);
        }
        if (flushFirst) {
            writePendingDirect();
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    // ---- outbound ------------------------------------------------------------------------------------

    /** Writes everything the socket queued, in as few buffers as possible, then flushes once. */
    private void drainOutbound() {
        if (!session.isActive()) {
            return;
        }
        Channel ch = ctx.channel();
        boolean wrote = pendingDirect != null;
        writePendingDirect();
        batch = OutboundBatch.get().begin();
        if (hello != null) {
            session.encode(hello, batchEncoding);
            hello = null;
            wrote = true;
        }
        int form;
        while (ch.isWritable() && (form = local.nextForm()) != Msg.NONE) {
            encodeNext(form, batchEncoding, batchEncoding);
            wrote = true;
        }
        if (wrote) {
            batch.emit(ctx);
            ctx.flush();
        }
        if (local.readBatchDone()) {
            socket.writeActivated(pipe);
        }
        if (closing && !local.hasMessage()) {
            closeAfterFlush();
        }
    }

    /** A pooled frame's body, written as it is after what the batch holds (its header last). */
    private void writeAsIs(ByteBuf body) {
        batch.emit(ctx);
        ctx.write(body, ctx.voidPromise());
    }

    /**
     * Takes the pipe's next message, of the form {@link Pipe#nextForm()} said (an array, a pooled
     * frame or a message object), and encodes it into the buffers {@code room} hands out; a
     * pooled frame's body goes to {@code asIs}. Lock held.
     */
    private void encodeNext(int form, IntFunction<ByteBuf> room, Consumer<ByteBuf> asIs) {
        if (form == Msg.ARRAY) {
            session.encode(local.readArray(), room);
        } else if (form == Msg.POOLED) {
            session.encode(local.readPooled(), room, asIs);
        } else {
            session.encode(local.readMessage(), room);
        }
    }

    /** The batch buffer with at least {@code bytes} writable. */
    private ByteBuf room(int bytes) {
        return batch.room(ctx, bytes);
    }

    // ---- pipe events (from socket threads) -----------------------------------------------------------

    @Override
    public void readActivated(Pipe p) {
        if (direct == null || !writeDirect()) {
            execute(flushTask);
        }
    }

    /**
     * From a sending thread: when the connection has been idle, encodes what the socket queued
     * and writes it to the kernel here, without waking the I/O thread. What the kernel does not
     * take at once, and whatever is queued beyond one batch, is left to the I/O thread.
     *
     * @return false when this thread did not take the pipe (the connection was busy, or is on
     *     its I/O thread), which must then be woken as usual
     */
    private boolean writeDirect() {
        long now = System.nanoTime();
        long last = lastActivation;
        lastActivation = now;
        ChannelHandlerContext c = ctx;
        if (now - last < DIRECT_AFTER_IDLE_NANOS || c == null || c.executor().inEventLoop() || !lock.tryLock()) {
            return false;
        }
        boolean more;
        boolean wakeWriter;
        try {
            if (local == null || closing || hello != null || pendingDirect != null || !session.isActive()
                    || local.writerHeldBackLately() || !direct.idleForDirectWrite()) {
                return false;
            }
            ByteBuf out = c.alloc().directBuffer(256);
            directOut = TrackedBuffers.inner(out); // one buffer class at the encoders (TrackedBuffers)
            Encoding encoding = directEncoding;
            if (encoding == null) {
                encoding = new Encoding(true);
                directEncoding = encoding;
            }
            try {
                int form;
                while (out.readableBytes() < DIRECT_BATCH_BYTES && (form = local.nextForm()) != Msg.NONE) {
                    encodeNext(form, encoding, encoding);
                }
                if (out.isReadable()) {
                    directWrites++;
                    direct.writeDirect(out);
                }
            } catch (IOException e) {
                // The connection is broken: the I/O thread's write of the rest finds out and closes it.
            } catch (RuntimeException | Error e) {
                out.release();
                throw e;
            } finally {
                directOut = null;
            }
            if (out.isReadable()) {
                pendingDirect = out;
            } else {
                out.release();
            }
            // checkRead, not hasMessage: when the batch limit, not an empty pipe, ended the loop, the
            // pipe's reader is still awake, and an empty pipe must put it to sleep so that the next
            // message wakes this connection again.
            more = pendingDirect != null || local.checkRead();
            wakeWriter = local.readBatchDone();
        } finally {
            lock.unlock();
        }
        if (wakeWriter) {
            socket.writeActivated(pipe);
        }
        if (more) {
            execute(flushTask);
        }
        return true;
    }

    /**
     * A pooled frame's body on the direct path: appended to {@link #directOut} after its header
     * (one copy, so that the direct write stays one buffer), and released.
     */
    private void appendDirect(ByteBuf body) {
        try {
            directOut.writeBytes(body, body.readerIndex(), body.readableBytes());
        } finally {
            body.release();
        }
    }

    /** {@link #directOut} with at least {@code bytes} writable. */
    private ByteBuf directRoom(int bytes) {
        ByteBuf out = directOut;
        out.ensureWritable(bytes);
        return out;
    }

    /** How many batches sending threads wrote themselves (read on the I/O thread, or for tests). */
    long directWrites() {
        lock.lock();
        try {
            return directWrites;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void writeActivated(Pipe p) {
        Task task = resumeTask;
        if (task == null) {
            task = new Task(Task.RESUME);
            resumeTask = task;
        }
        execute(task);
    }

    @Override
    public void pipeTerminated(Pipe p) {
        execute(new Task(Task.LET_GO));
    }

    private void execute(Runnable task) {
        ChannelHandlerContext c = ctx;
        if (c != null) {
            c.executor().execute(task);
        }
    }

    /** The socket closed or dropped this peer: flush for up to the linger time, then close. */
    private void socketLetGo() {
        if (drainingAfterClose) {
            finishInactive(); // the socket is gone: nobody is left to deliver to
            return;
        }
        if (closing) {
            return;
        }
        closing = true;
        long linger = socket.lingerNanos();
        if (!session.isActive() || linger == 0) {
            ctx.close();
            return;
        }
        drainOutbound();
        if (linger > 0 && ctx.channel().isOpen()) {
            ctx.executor().schedule(() -> {
                ctx.close();
            }, linger, TimeUnit.NANOSECONDS);
        }
    }

    private void closeAfterFlush() {
        writePendingDirect();
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Closes the connection now, whatever is still queued (a linger deadline passed). */
    @Override
    public void closeNow() {
        execute(() -> ctx.close());
    }

    /**
     * The endpoint this connection belongs to was unbound or disconnected: an attached
     * connection flushes (linger) and closes like at socket close, one still in its handshake
     * closes at once.
     */
    @Override
    public void socketReleased() {
        execute(locked(() -> {
            if (pipe != null) {
                socket.detachPipe(pipe);
            } else {
                closing = true;
                ctx.close();
            }
        }));
    }

    // ---- end of the connection -----------------------------------------------------------------------

    /**
     * Whether the connection ended before its handshake completed for a reason of its own (the
     * peer closed it or broke it, the handshake interval ran out, a protocol error, a refused
     * authentication), not because this side let go or the socket refused the peer. Read by the
     * connecter once the connection has ended, on its I/O thread.
     */
    @Override
    public boolean handshakeFailed() {
        return finished && pipe == null && !refusedBySocket && !closing;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        boolean held = enter();
        try {
            inactive();
        } finally {
            exit(held);
        }
    }

    private void inactive() {
        if (pipe != null && session.isActive() && readPaused && !closing && session.hasUndecodedInput()) {
            // The peer closed while we were holding its data back for the socket's high-water
            // mark: what it sent is already here, so deliver it as the socket drains before
            // letting the connection go (the tail loss of libzmq #4660 is exactly this).
            drainingAfterClose = true;
            return;
        }
        finishInactive();
    }

    /** The connection is over and everything that arrived has been delivered: release it. */
    private void finishInactive() {
        if (finished) {
            return;
        }
        finished = true;
        drainingAfterClose = false;
        CompletableFuture<ZapReply> waiting = zapReply;
        if (waiting != null) {
            // The handler may never answer: let the ZAP client forget this connection's request
            // rather than keep the connection reachable from its table.
            zapReply = null;
            waiting.cancel(false);
        }
        boolean attached = pipe != null;
        // The peer went away (or the connection broke) before the handshake finished, and
        // nothing on this side ended it: libzmq reports that as a handshake failure without detail.
        boolean handshakeCut = session.isHandshaking() && !closing && !closedBySession;
        // Session keys and buffered input die with the connection.
        session.destroy();
        if (pendingDirect != null) {
            pendingDirect.release();
            pendingDirect = null;
        }
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (attached) {
            pipe.setConnected(false);
            // After the last message the peer sent, as libzmq's session and engine push them.
            if (notices.notifyDisconnect()) {
                local.write(new byte[0]);
            }
            if (notices.disconnect() != null) {
                local.write(notices.disconnect().clone());
            }
            if (notices.hiccup() != null) {
                local.write(notices.hiccup().clone());
            }
            // Hand the socket whatever arrived before the connection ended.
            wakeSocketReader();
        }
        side.letGo(this, pipe, attached);
        if (handshakeCut) {
            socket.emit(MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL, endpoint, 0,
                    closeReason != null ? closeReason : "peer closed the connection during the handshake");
        }
        socket.emit(MonitorEventType.DISCONNECTED, endpoint, 0, closeReason);
        side.closed(this, pipe, attached);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closeReason == null) {
            closeReason = cause instanceof IOException ? cause.getMessage() : cause.toString();
        }
        if (!(cause instanceof IOException)) {
            LOG.log(System.Logger.Level.WARNING, socket.name() + " " + endpoint + ": connection failed", cause);
        }
        ctx.close();
    }
}
