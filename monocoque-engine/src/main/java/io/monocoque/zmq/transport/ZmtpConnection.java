package io.monocoque.zmq.transport;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.PeerInfo;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.internal.MessageAccess;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.pipe.PipeOwner;
import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.auth.ZapRequest;
import io.monocoque.zmq.security.HandshakeSession;
import io.monocoque.zmq.security.Mechanism;
import io.monocoque.zmq.security.WrappedFrame;
import io.monocoque.zmq.security.ZapClient;
import io.monocoque.zmq.socket.SocketBase;
import io.monocoque.zmq.wire.Command;
import io.monocoque.zmq.wire.ErrorCommand;
import io.monocoque.zmq.wire.FrameHandler;
import io.monocoque.zmq.wire.Greeting;
import io.monocoque.zmq.wire.Metadata;
import io.monocoque.zmq.wire.PingCommand;
import io.monocoque.zmq.wire.SubscriptionFrames;
import io.monocoque.zmq.wire.ZmtpFrameDecoder;
import io.monocoque.zmq.wire.ZmtpFrameEncoder;
import io.monocoque.zmq.wire.ZmtpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One ZMTP connection on a Netty channel: greeting, mechanism handshake, then frames in both
 * directions between the channel and its pipe. Reads decode every complete frame before the
 * socket is woken once; writes drain everything queued into pooled buffers and flush once.
 * When the socket's queue is at its receive high-water mark, reading stops until it drains.
 */
final class ZmtpConnection extends ChannelInboundHandlerAdapter implements PipeOwner, HandshakeSession {

    private static final System.Logger LOG = System.getLogger(ZmtpConnection.class.getName());

    /** A message frame at least this large is copied from the reads straight into its array, not buffered first. */
    private static final int DIRECT_RECEIVE_FRAME = 8 * 1024;

    private enum State { GREETING, HANDSHAKE, ACTIVE, CLOSED }

    private final SocketBase socket;
    private final ConnectionOptions options;
    private final String endpoint;
    private final ConnectionSide side;
    private final Mechanism mechanism;
    private final ZmtpFrameDecoder decoder;
    private final boolean subscriber;
    private final boolean publisher;

    private ChannelHandlerContext ctx;
    private State state = State.GREETING;
    private ByteBuf cumulation;
    private boolean processing;
    private Pipe pipe;
    private Pipe local;
    private PeerInfo peerInfo = PeerInfo.NONE;
    private int peerMinor;
    private final ArrayList<byte[]> parts = new ArrayList<>();
    /** The body of a large message frame still arriving, copied here read by read; null when none is. */
    private byte[] largeFrame;
    private int largeFrameFilled;
    private boolean largeFrameMore;
    private long partsSize;
    private boolean readPaused;
    /** The channel closed with data still buffered for a full socket; it is delivered before we finish. */
    private boolean drainingAfterClose;
    private boolean closing;
    private String closeReason;
    private ScheduledFuture<?> handshakeTimer;

    /** Where outgoing frames are encoded during a drain: the I/O thread's shared arena. */
    private OutboundBatch batch;

    private final Runnable flushTask = this::drainOutbound;
    private final Runnable resumeTask = this::resumeReading;
    private final Runnable letGoTask = this::socketLetGo;
    private final FrameHandler handshakeFrames = this::onHandshakeFrame;
    private final FrameHandler activeFrames = this::onWireFrame;

    ZmtpConnection(SocketBase socket, ConnectionOptions options, String endpoint, ConnectionSide side, Mechanism mechanism) {
        this.socket = socket;
        this.options = options;
        this.endpoint = endpoint;
        this.side = side;
        this.mechanism = mechanism;
        long max = options.maxMessageSize();
        // A wrapping mechanism's envelope (CURVE: 33 bytes) does not count against the limit.
        this.decoder = new ZmtpFrameDecoder(max < 0 ? -1 : max + mechanism.frameOverhead());
        SocketType t = options.socketType();
        this.subscriber = t == SocketType.SUB || t == SocketType.XSUB;
        this.publisher = t == SocketType.PUB || t == SocketType.XPUB;
    }

    SocketBase socket() {
        return socket;
    }

    Channel channel() {
        return ctx == null ? null : ctx.channel();
    }

    // ---- inbound -----------------------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ByteBuf greeting = ctx.alloc().buffer(Greeting.SIZE);
        Greeting.ours(mechanism.name(), mechanism.asServer()).encode(greeting);
        ctx.writeAndFlush(greeting);
        side.active(this);
        if (options.handshakeNanos() > 0) {
            handshakeTimer = ctx.executor().schedule(this::handshakeTimedOut, options.handshakeNanos(), TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (state == State.CLOSED || closing) {
            in.release(); // the socket has let go: whatever the peer still sends is dropped
            return;
        }
        cumulation = cumulation == null ? in : cumulate(ctx, cumulation, in);
        process();
    }

    /** Appends {@code in} to what is left of earlier reads (a partial frame), releasing {@code in}. */
    private static ByteBuf cumulate(ChannelHandlerContext ctx, ByteBuf cumulation, ByteBuf in) {
        try {
            int needed = in.readableBytes();
            if (cumulation.writableBytes() < needed || cumulation.refCnt() > 1 || cumulation.isReadOnly()) {
                ByteBuf bigger = ctx.alloc().buffer(Math.max(cumulation.readableBytes() + needed, 2 * cumulation.readableBytes()));
                bigger.writeBytes(cumulation);
                cumulation.release();
                cumulation = bigger;
            }
            cumulation.writeBytes(in);
            return cumulation;
        } finally {
            in.release();
        }
    }

    private void process() {
        processing = true;
        try {
            if (state == State.GREETING) {
                Greeting peer = Greeting.decode(cumulation);
                if (peer == null) {
                    return;
                }
                onGreeting(peer);
            }
            while (state == State.HANDSHAKE && cumulation.isReadable()) {
                int before = cumulation.readerIndex();
                decoder.decode(cumulation, handshakeFrames);
                if (cumulation.readerIndex() == before) {
                    break;
                }
            }
            if (state == State.ACTIVE && !readPaused) {
                if (largeFrame == null || fillLargeFrame()) {
                    decoder.decode(cumulation, activeFrames);
                    if (state == State.ACTIVE && !readPaused && !mechanism.wrapsFrames()) {
                        startLargeFrame();
                    }
                }
            }
        } catch (ZmtpProtocolException e) {
            protocolError(e);
        } finally {
            processing = false;
            if (cumulation != null) {
                if (!cumulation.isReadable() || state == State.CLOSED) {
                    cumulation.release();
                    cumulation = null;
                } else {
                    cumulation.discardSomeReadBytes();
                }
            }
        }
    }

    private void onGreeting(Greeting peer) {
        if (!peer.mechanism().equals(mechanism.name())) {
            fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "security mechanism mismatch: this " + options.socketType()
                    + " socket uses " + mechanism.name() + ", the peer " + peer.mechanism(), true);
            return;
        }
        peerMinor = Greeting.negotiatedMinor(peer);
        state = State.HANDSHAKE;
        mechanism.start(this);
    }

    private boolean onHandshakeFrame(boolean more, boolean command, ByteBuf content) {
        if (!command) {
            fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "peer sent a message frame before completing the handshake", true);
            return false;
        }
        mechanism.onCommand(this, content);
        return state == State.HANDSHAKE;
    }

    /** A frame in the active state: as it is, or unwrapped first when the mechanism protects the traffic. */
    private boolean onWireFrame(boolean more, boolean command, ByteBuf content) {
        if (!mechanism.wrapsFrames()) {
            return onActiveFrame(more, command, content);
        }
        ByteBuf plain;
        try {
            plain = mechanism.unwrap(more, command, content);
        } catch (ZmtpProtocolException e) {
            // As libzmq does for a CURVE MESSAGE that is malformed, replayed or does not decrypt:
            // a protocol-failure event, then the connection closes (no ERROR: the spec forbids it).
            socket.emit(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, endpoint, 0, e.getMessage());
            throw e;
        }
        int flags = plain.readUnsignedByte();
        return onActiveFrame((flags & WrappedFrame.MORE) != 0, (flags & WrappedFrame.COMMAND) != 0, plain);
    }

    private boolean onActiveFrame(boolean more, boolean command, ByteBuf content) {
        if (command) {
            onCommand(content);
            return state == State.ACTIVE && !readPaused;
        }
        int len = content.readableBytes();
        long max = options.maxMessageSize();
        if (max >= 0 && partsSize + len > max) {
            throw ZmtpProtocolException.oversize("message of more than " + max + " bytes exceeds max-message-size " + max);
        }
        byte[] frame = new byte[len];
        content.getBytes(content.readerIndex(), frame);
        frameArrived(more, frame);
        return !readPaused;
    }

    /** A whole message frame: delivered, or kept until the message's last frame. */
    private void frameArrived(boolean more, byte[] frame) {
        if (!more && parts.isEmpty()) {
            deliver(frame);
        } else {
            parts.add(frame);
            partsSize += frame.length;
            if (!more) {
                byte[][] frames = parts.toArray(new byte[0][]);
                parts.clear();
                partsSize = 0;
                deliver(frames);
            }
        }
    }

    /**
     * When what is left undecoded is the start of a large message frame, allocates its array and
     * copies the body bytes already here, so that later reads go straight into it (one copy from
     * the socket's buffer to the message, instead of accumulating the frame first).
     */
    private void startLargeFrame() {
        ByteBuf in = cumulation;
        long size = decoder.incompleteMessageFrameSize(in);
        if (size < DIRECT_RECEIVE_FRAME) {
            return;
        }
        long max = options.maxMessageSize();
        if (max >= 0 && partsSize + size > max) {
            throw ZmtpProtocolException.oversize("message of more than " + max + " bytes exceeds max-message-size " + max);
        }
        largeFrameMore = ZmtpFrameDecoder.frameHasMore(in);
        in.skipBytes(ZmtpFrameDecoder.frameHeaderSize(in));
        largeFrame = new byte[(int) size];
        largeFrameFilled = 0;
        fillLargeFrame();
    }

    /** Copies what has arrived of the large frame; returns whether decoding may go on after it. */
    private boolean fillLargeFrame() {
        ByteBuf in = cumulation;
        byte[] f = largeFrame;
        int n = Math.min(in.readableBytes(), f.length - largeFrameFilled);
        in.readBytes(f, largeFrameFilled, n);
        largeFrameFilled += n;
        if (largeFrameFilled < f.length) {
            return false;
        }
        largeFrame = null;
        frameArrived(largeFrameMore, f);
        return state == State.ACTIVE && !readPaused;
    }

    private void deliver(byte[][] frames) {
        local.write(MessageAccess.wrap(frames, peerInfo));
        delivered();
    }

    /** A single-frame message goes into the pipe as its array: the socket's side makes a message of it if needed. */
    private void deliver(byte[] frame) {
        local.write(frame);
        delivered();
    }

    private void delivered() {
        if (!local.checkWrite()) {
            pauseReading();
        }
    }

    private void onCommand(ByteBuf content) {
        Command c = Command.decode(content);
        switch (c.name()) {
            case Command.PING:
                sendNow(((PingCommand) c).pong());
                break;
            case Command.SUBSCRIBE:
            case Command.CANCEL:
                if (publisher) {
                    deliver(SubscriptionFrames.toMessageBody(c));
                }
                break;
            case Command.ERROR:
                closeReason = "peer sent ERROR: " + ((ErrorCommand) c).reason();
                state = State.CLOSED;
                ctx.close();
                break;
            default:
                // PONG, and commands of later protocol versions, need no answer.
                break;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        wakeSocketReader();
        ctx.fireChannelReadComplete();
    }

    private void wakeSocketReader() {
        if (local != null && local.flush()) {
            socket.readActivated(pipe);
        }
    }

    private void pauseReading() {
        readPaused = true;
        ctx.channel().config().setAutoRead(false);
        wakeSocketReader();
    }

    /** The socket read below the high-water mark: decode what is buffered, then read on. */
    private void resumeReading() {
        if (!readPaused || state != State.ACTIVE || closing) {
            return;
        }
        if (!local.checkWrite()) {
            return; // still full: the flag is set again and another wake-up will come
        }
        readPaused = false;
        if (cumulation != null) {
            process();
        }
        if (drainingAfterClose) {
            wakeSocketReader();
            if (!readPaused) {
                finishInactive();
            }
            return;
        }
        if (!readPaused && state == State.ACTIVE) {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
        wakeSocketReader();
    }

    // ---- handshake -----------------------------------------------------------------------------------

    @Override
    public void send(Command command) {
        sendNow(command);
    }

    private void sendNow(Command command) {
        ByteBuf b;
        if (state == State.ACTIVE && mechanism.wrapsFrames()) {
            b = ctx.alloc().buffer(mechanism.wrappedSize(command.bodySize()));
            mechanism.wrap(b, command);
        } else {
            b = ctx.alloc().buffer(ZmtpFrameEncoder.encodedSize(command));
            ZmtpFrameEncoder.writeCommand(b, command);
        }
        ctx.writeAndFlush(b);
    }

    @Override
    public Metadata localMetadata() {
        return options.readyMetadata();
    }

    @Override
    public int peerMinorVersion() {
        return peerMinor;
    }

    @Override
    public String zapDomain() {
        return options.zapDomain();
    }

    @Override
    public void authenticate(String mechanismName, List<byte[]> credentials, Consumer<ZapReply> then) {
        ZapClient zap = options.zap();
        byte[] routingId = options.routingId();
        ZapRequest request = new ZapRequest(options.zapDomain(), ipAddress(ctx.channel().remoteAddress()),
                routingId == null ? new byte[0] : routingId, mechanismName, credentials);
        CompletableFuture<ZapReply> reply = zap == null ? CompletableFuture.completedFuture(null) : zap.request(request);
        // Always continue on the event loop, later: the mechanism never sees its callback re-entrantly.
        reply.whenComplete((r, err) -> execute(() -> onZapReply(r, err, then)));
    }

    private void onZapReply(ZapReply reply, Throwable err, Consumer<ZapReply> then) {
        if (state != State.HANDSHAKE || closing) {
            return;
        }
        if (err != null) {
            Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
            fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, 0, String.valueOf(cause.getMessage()), null);
            return;
        }
        then.accept(reply);
        // Whatever the peer sent while the handshake waited for ZAP is decoded now.
        if (!processing && cumulation != null && cumulation.isReadable() && (state == State.HANDSHAKE || state == State.ACTIVE)) {
            process();
        }
    }

    @Override
    public void complete(Metadata peerMetadata, String userId, Map<String, byte[]> zapProperties) {
        if (state != State.HANDSHAKE) {
            return;
        }
        String typeName = peerMetadata.getString(Metadata.SOCKET_TYPE);
        SocketType peerType;
        try {
            peerType = typeName == null ? null : SocketType.fromName(typeName);
        } catch (ZmqException e) {
            peerType = null;
        }
        if (peerType == null || !options.socketType().isCompatibleWith(peerType)) {
            fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "peer socket type " + typeName + " cannot talk to a "
                    + options.socketType() + " socket", true);
            return;
        }
        peerInfo = new PeerInfo(peerProperties(peerMetadata, userId, zapProperties), address(ctx.channel().remoteAddress()),
                userId == null || userId.isEmpty() ? null : userId);
        byte[] identity = peerMetadata.get(Metadata.IDENTITY);
        Pipe p = side.attach(this, peerInfo, identity != null && identity.length > 0 ? identity : null);
        if (p == null) {
            fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "the " + options.socketType()
                    + " socket refused the peer (routing id already in use, or its one peer is taken)", false);
            return;
        }
        pipe = p;
        local = p.peer();
        p.setConnected(true);
        state = State.ACTIVE;
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        socket.emit(MonitorEventType.HANDSHAKE_SUCCEEDED, endpoint, 0, null);
        drainOutbound();
        if (local.isPeerTerminated()) {
            // A lingering connecter reached its peer after the socket closed: flush, then close.
            socketLetGo();
        }
    }

    /**
     * What the application sees of the peer: the properties it announced, then those the ZAP
     * handler gave (which win, being vouched for by this side, except for Socket-Type and
     * Identity, which only the peer can state), then the authenticated User-Id.
     */
    private static Map<String, byte[]> peerProperties(Metadata announced, String userId, Map<String, byte[]> zap) {
        if (zap.isEmpty() && (userId == null || userId.isEmpty())) {
            return announced.asMap();
        }
        Map<String, byte[]> all = new LinkedHashMap<>();
        announced.asMap().forEach((k, v) -> all.put(k.toLowerCase(Locale.ROOT), v));
        zap.forEach((k, v) -> {
            String key = k.toLowerCase(Locale.ROOT);
            if (!key.equals(Metadata.SOCKET_TYPE.toLowerCase(Locale.ROOT)) && !key.equals(Metadata.IDENTITY.toLowerCase(Locale.ROOT))) {
                all.put(key, v);
            }
        });
        if (userId != null && !userId.isEmpty()) {
            all.put(Metadata.USER_ID.toLowerCase(Locale.ROOT), userId.getBytes(StandardCharsets.UTF_8));
        }
        return all;
    }

    /** The connection's end takes this connection as its owner; called by the side during attach. */
    void own(Pipe connectionEnd) {
        connectionEnd.setOwner(this);
    }

    @Override
    public void fail(MonitorEventType event, long value, String reason, String errorReason) {
        if (state == State.CLOSED) {
            return;
        }
        State previous = state;
        state = State.CLOSED;
        closeReason = reason;
        LOG.log(System.Logger.Level.DEBUG, () -> socket.name() + " " + endpoint + ": " + reason);
        socket.emit(event, endpoint, value, reason);
        if (errorReason != null && previous != State.GREETING) {
            ByteBuf b = ctx.alloc().buffer();
            ZmtpFrameEncoder.writeCommand(b, new ErrorCommand(errorReason));
            ctx.writeAndFlush(b).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private void protocolError(ZmtpProtocolException e) {
        if (state == State.ACTIVE) {
            closeReason = e.getMessage();
            state = State.CLOSED;
            ctx.close();
        } else {
            fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, e.getMessage(), state == State.HANDSHAKE);
        }
    }

    private void handshakeTimedOut() {
        if (state == State.GREETING || state == State.HANDSHAKE) {
            fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "handshake not completed within "
                    + TimeUnit.NANOSECONDS.toMillis(options.handshakeNanos()) + " ms", false);
        }
    }

    // ---- outbound ------------------------------------------------------------------------------------

    /** Writes everything the socket queued, in as few buffers as possible, then flushes once. */
    private void drainOutbound() {
        if (state != State.ACTIVE) {
            return;
        }
        Channel ch = ctx.channel();
        boolean wrote = false;
        batch = OutboundBatch.get().begin();
        while (ch.isWritable()) {
            Object m = local.readRaw();
            if (m == null) {
                break;
            }
            if (m instanceof byte[]) {
                encodeSingle((byte[]) m);
            } else {
                encode((ZmqMessage) m);
            }
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

    /**
     * Encodes {@code m} into the I/O thread's batch buffer. Large frames are copied there too: the native
     * transports write only direct memory, so a heap array handed to the channel would be copied
     * into a freshly allocated direct buffer anyway.
     */
    private void encode(ZmqMessage m) {
        int n = m.size();
        if (n == 1) {
            encodeSingle(MessageAccess.frame(m, 0));
            return;
        }
        for (int i = 0; i < n; i++) {
            encodeFrame(MessageAccess.frame(m, i), i < n - 1);
        }
    }

    /** A single-frame message: a subscription travels as a command to a ZMTP 3.1 publisher. */
    private void encodeSingle(byte[] frame) {
        if (subscriber && peerMinor >= 1) {
            Command c = SubscriptionFrames.toCommand(frame);
            if (c != null) {
                if (mechanism.wrapsFrames()) {
                    mechanism.wrap(room(mechanism.wrappedSize(c.bodySize())), c);
                } else {
                    ZmtpFrameEncoder.writeCommand(room(ZmtpFrameEncoder.encodedSize(c)), c);
                }
                return;
            }
        }
        encodeFrame(frame, false);
    }

    /** One message frame, as is or as the mechanism wraps it (CURVE: a MESSAGE box, sealed straight into the batch buffer). */
    private void encodeFrame(byte[] f, boolean more) {
        if (mechanism.wrapsFrames()) {
            mechanism.wrap(room(mechanism.wrappedSize(f.length)), more, f, 0, f.length);
            return;
        }
        ByteBuf buf = room(ZmtpFrameEncoder.headerSize(f.length) + f.length);
        ZmtpFrameEncoder.writeFrameHeader(buf, more, false, f.length);
        buf.writeBytes(f);
    }

    /** The batch buffer with at least {@code bytes} writable. */
    private ByteBuf room(int bytes) {
        return batch.room(ctx, bytes);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            drainOutbound();
        }
        ctx.fireChannelWritabilityChanged();
    }

    // ---- pipe events (from socket threads) -----------------------------------------------------------

    @Override
    public void readActivated(Pipe p) {
        execute(flushTask);
    }

    @Override
    public void writeActivated(Pipe p) {
        execute(resumeTask);
    }

    @Override
    public void pipeTerminated(Pipe p) {
        execute(letGoTask);
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
        if (state != State.ACTIVE || linger == 0) {
            state = State.CLOSED;
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
        state = State.CLOSED;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Closes the connection now, whatever is still queued (a linger deadline passed). */
    void closeNow() {
        execute(() -> {
            state = State.CLOSED;
            ctx.close();
        });
    }

    /**
     * The endpoint this connection belongs to was unbound or disconnected: an attached
     * connection flushes (linger) and closes like at socket close, one still in its handshake
     * closes at once.
     */
    void socketReleased() {
        execute(() -> {
            if (pipe != null) {
                socket.detachPipe(pipe);
            } else {
                state = State.CLOSED;
                ctx.close();
            }
        });
    }

    // ---- end of the connection -----------------------------------------------------------------------

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (pipe != null && state == State.ACTIVE && readPaused && !closing
                && cumulation != null && cumulation.isReadable()) {
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
        drainingAfterClose = false;
        boolean attached = pipe != null;
        state = State.CLOSED;
        // Session keys die with the connection.
        mechanism.destroy();
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        if (cumulation != null && !processing) {
            cumulation.release();
            cumulation = null;
        }
        largeFrame = null;
        parts.clear();
        if (attached) {
            pipe.setConnected(false);
            // Hand the socket whatever arrived before the connection ended.
            wakeSocketReader();
        }
        socket.emit(MonitorEventType.DISCONNECTED, endpoint, 0, closeReason);
        side.closed(this, pipe, attached);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ZmtpProtocolException) {
            protocolError((ZmtpProtocolException) cause);
            return;
        }
        if (closeReason == null) {
            closeReason = cause instanceof IOException ? cause.getMessage() : cause.toString();
        }
        if (!(cause instanceof IOException)) {
            LOG.log(System.Logger.Level.WARNING, socket.name() + " " + endpoint + ": connection failed", cause);
        }
        state = State.CLOSED;
        ctx.close();
    }

    /** The peer's IP address without a port, for ZAP; empty for transports without one (ipc). */
    static String ipAddress(SocketAddress a) {
        if (a instanceof InetSocketAddress) {
            InetSocketAddress i = (InetSocketAddress) a;
            if (i.getAddress() == null) {
                return i.getHostString();
            }
            String host = i.getAddress().getHostAddress();
            int pct = host.indexOf('%');
            return pct >= 0 ? host.substring(0, pct) : host;
        }
        return "";
    }

    static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress) {
            InetSocketAddress i = (InetSocketAddress) a;
            String host = i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + i.getPort();
        }
        return String.valueOf(a);
    }
}
