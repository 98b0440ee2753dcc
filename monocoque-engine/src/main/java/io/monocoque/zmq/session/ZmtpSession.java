package io.monocoque.zmq.session;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.internal.MessageAccess;
import io.monocoque.zmq.security.HandshakeSession;
import io.monocoque.zmq.security.Mechanism;
import io.monocoque.zmq.wire.Command;
import io.monocoque.zmq.wire.ErrorCommand;
import io.monocoque.zmq.wire.FrameCodec;
import io.monocoque.zmq.wire.FrameHandler;
import io.monocoque.zmq.wire.GroupCommand;
import io.monocoque.zmq.wire.GroupFrames;
import io.monocoque.zmq.wire.Greeting;
import io.monocoque.zmq.wire.GreetingExchange;
import io.monocoque.zmq.wire.LegacyFrameCodec;
import io.monocoque.zmq.wire.LegacyIdentity;
import io.monocoque.zmq.wire.LegacySubscriptions;
import io.monocoque.zmq.wire.PeerVersion;
import io.monocoque.zmq.wire.Zmtp2SocketType;
import io.monocoque.zmq.wire.Metadata;
import io.monocoque.zmq.wire.PingCommand;
import io.monocoque.zmq.wire.SubscriptionFrames;
import io.monocoque.zmq.wire.ZmtpFrameDecoder;
import io.monocoque.zmq.wire.ZmtpFrameEncoder;
import io.monocoque.zmq.wire.ZmtpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * One ZMTP 3.x connection's protocol, sans-I/O: it is given the bytes the peer sent
 * ({@link #received}), the passing of time ({@link #timer}) and the messages to send
 * ({@link #encode}), and answers through {@link SessionIo} — bytes to write, messages for the
 * pipe, the handshake's outcome, the end of the connection — and {@link #nextDeadline()}.
 *
 * <p>It owns the greeting (staged as libzmq 4.3 does, so that ZMTP 1.0 and 2.0 peers are
 * recognised and spoken to in their own framing, NULL mechanism only), the mechanism handshake (as the mechanisms' {@link HandshakeSession}),
 * message assembly with one size check, the commands (READY, ERROR, SUBSCRIBE, CANCEL, PING,
 * PONG, JOIN, LEAVE), subscriptions as commands or messages by the peer's version, RADIO/DISH
 * groups (a group frame before each body, joins as commands), and heartbeats.
 *
 * <p>Memory is bounded by what the peer really sent: handshake commands are capped at
 * {@link #HANDSHAKE_COMMAND_LIMIT} before a byte of their body is buffered; a large message
 * frame is streamed into an array that grows with the bytes that arrive; undecoded input grows
 * by doubling, never by a declared length. Used on one event loop; not thread-safe.
 */
public final class ZmtpSession implements HandshakeSession {

    private static final System.Logger LOG = System.getLogger(ZmtpSession.class.getName());

    /**
     * The largest command accepted before the handshake completes (greeting to READY, every
     * mechanism's commands): far above what libzmq, pyzmq and JeroMQ send (their READY and
     * INITIATE carry a few hundred bytes of metadata), small enough that an unauthenticated peer
     * cannot make us buffer much.
     */
    public static final int HANDSHAKE_COMMAND_LIMIT = 64 * 1024;

    /** A message frame at least this large is streamed into its array rather than buffered whole first. */
    static final int STREAMED_FRAME_THRESHOLD = 8 * 1024;

    /**
     * The handshake's decoder: the same for every session (a decoder keeps no state of its own
     * beyond its limit), so that ten thousand idle connections do not each hold one.
     */
    private static final ZmtpFrameDecoder HANDSHAKE_DECODER =
            new ZmtpFrameDecoder(HANDSHAKE_COMMAND_LIMIT, "the handshake command limit");

    private static final long NONE = Long.MAX_VALUE;

    private enum State { GREETING, LEGACY_IDENTITY, HANDSHAKE, ACTIVE, CLOSED }

    private final SessionConfig config;
    private final Mechanism mechanism;
    private final SessionIo io;
    private final LongSupplier clock;
    private final ZmtpFrameDecoder dataDecoder;
    private final InputBuffer input;
    private final MessageAssembler assembler;
    private final Heartbeat heartbeat;
    private final FrameHandler handshakeFrames = this::onHandshakeFrame;
    private final FrameHandler activeFrames = new ActiveFrames();

    /** Until the handshake completes; then let go, as nothing reads it again. */
    private GreetingExchange greeting;
    /** Whether this side sends subscriptions (SUB, XSUB) or takes them (PUB, XPUB): read per message. */
    private final boolean subscriber;
    private final boolean publisher;
    /** RADIO sends each message as a group frame and a body; DISH sends JOIN/LEAVE and reads those pairs. */
    private final boolean radio;
    private final boolean dish;
    private State state = State.GREETING;
    /** A ZMTP 1.0 or 2.0 peer's version, once its greeting showed it is one. */
    private PeerVersion legacyPeer;
    private FrameCodec codec;
    private int peerMinor;
    private boolean paused;
    private boolean processing;
    private long handshakeAt = NONE;

    /**
     * @param clock {@link System#nanoTime()} in production; tests pass their own
     */
    public ZmtpSession(SessionConfig config, Mechanism mechanism, SessionIo io, LongSupplier clock) {
        this.config = config;
        this.mechanism = mechanism;
        this.io = io;
        this.clock = clock;
        long max = config.maxMessageSize();
        // A mechanism's envelope (CURVE: 33 bytes) does not count against the limit.
        this.dataDecoder = new ZmtpFrameDecoder(max < 0 ? -1 : max + mechanism.frameOverhead());
        this.input = new InputBuffer(io);
        this.radio = config.socketType() == SocketType.RADIO;
        this.dish = config.socketType() == SocketType.DISH;
        this.assembler = new MessageAssembler(max, dish ? new GroupedMessages(io) : io, io);
        this.heartbeat = new Heartbeat(config.heartbeatIntervalNanos(), config.heartbeatTimeoutNanos(),
                config.heartbeatTtlNanos());
        this.subscriber = config.subscriber();
        this.publisher = config.publisher();
        this.greeting = new GreetingExchange(Greeting.ours(mechanism.name(), mechanism.asServer()), config.socketType(),
                config.routingId() == null ? new byte[0] : config.routingId(), !config.zapDomain().isEmpty());
    }

    // ---- driven by the connection ------------------------------------------------------------------

    /**
     * The connection is up: sends the first stage of our greeting (the 10-byte signature; the
     * rest follows as the peer's bytes show its version, so that ZMTP 1.0 and 2.0 peers can read
     * it) and starts the handshake clock.
     */
    public void start() {
        ByteBuf signature = io.alloc().buffer(Greeting.SIZE);
        greeting.start(signature);
        io.write(signature);
        if (config.handshakeNanos() > 0) {
            handshakeAt = clock.getAsLong() + config.handshakeNanos();
        }
    }

    /** The peer sent {@code in} (ownership passes): decodes all it can. */
    public void received(ByteBuf in) {
        if (state == State.CLOSED) {
            in.release();
            return;
        }
        heartbeat.received();
        input.append(in);
        process();
    }

    /** The receiving side has room again after {@link #paused()}: decodes what is held. */
    public void resume() {
        if (!paused || state != State.ACTIVE) {
            return;
        }
        paused = false;
        if (input.isReadable()) {
            process();
        }
    }

    /** Whether decoding stopped because the receiving side is full. */
    public boolean paused() {
        return paused;
    }

    /** Whether bytes the peer sent are held undecoded. */
    public boolean hasUndecodedInput() {
        return input.isReadable();
    }

    /** The memory this session holds for what the peer sent: undecoded input and the message being assembled. */
    long retainedBytes() {
        return input.capacity() + assembler.retainedBytes();
    }

    /** Whether the handshake has completed and the connection is not over. */
    public boolean isActive() {
        return state == State.ACTIVE;
    }

    /** Whether the greeting or the mechanism handshake is still under way (nothing has ended it). */
    public boolean isHandshaking() {
        return state == State.GREETING || state == State.LEGACY_IDENTITY || state == State.HANDSHAKE;
    }

    /** Whether the session has ended (failed, timed out, or the peer sent ERROR). */
    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /** When {@link #timer} next has something to do, in the clock's nanoseconds; {@code Long.MAX_VALUE} for never. */
    public long nextDeadline() {
        if (state == State.CLOSED) {
            return NONE;
        }
        return Math.min(handshakeAt, state == State.ACTIVE && legacyPeer == null ? heartbeat.nextDeadline() : NONE);
    }

    /** Time has passed: fails a late handshake, sends a PING that is due, drops a silent peer. */
    public void timer() {
        long now = clock.getAsLong();
        if (isHandshaking()) {
            if (handshakeAt != NONE && now - handshakeAt >= 0) {
                // Not the peer's protocol fault that we can name: libzmq reports this as NO_DETAIL too.
                fail(MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL, "handshake not completed within "
                        + TimeUnit.NANOSECONDS.toMillis(config.handshakeNanos()) + " ms", false);
            }
            return;
        }
        if (state != State.ACTIVE || legacyPeer != null) {
            return;
        }
        switch (heartbeat.due(now)) {
            case PING:
                writeCommand(new PingCommand(heartbeat.ttlDeciseconds()));
                break;
            case TIMED_OUT:
                end("heartbeat timeout: no traffic from the peer within "
                        + TimeUnit.NANOSECONDS.toMillis(heartbeat.timeoutNanos()) + " ms of a PING");
                break;
            case TTL_EXPIRED:
                end("heartbeat timeout: no traffic from the peer within the TTL its PING announced");
                break;
            default:
                break;
        }
    }

    /** The connection is gone: releases what is held and wipes the mechanism's keys. */
    public void destroy() {
        state = State.CLOSED;
        mechanism.destroy();
        if (!processing) {
            input.release();
        }
        assembler.clear();
    }

    // ---- outbound ----------------------------------------------------------------------------------

    /**
     * Encodes a single-frame message into the buffer {@code room} hands out (with at least the
     * bytes asked for writable). To a ZMTP 3.1 publisher a subscription travels as a command.
     */
    public void encode(byte[] frame, IntFunction<ByteBuf> room) {
        if (dish) {
            // A DISH sends nothing but its joins and leaves, as commands to ZMTP 3.0 peers too (as libzmq does).
            Command c = GroupFrames.toCommand(frame);
            if (c != null) {
                codec.writeCommand(room.apply(codec.commandSize(c)), c);
            }
            return;
        }
        if (subscriber && peerMinor >= 1) {
            Command c = SubscriptionFrames.toCommand(frame);
            if (c != null) {
                codec.writeCommand(room.apply(codec.commandSize(c)), c);
                return;
            }
        }
        codec.writeMessageFrame(room.apply(codec.messageFrameSize(frame.length)), false, frame, 0, frame.length);
    }

    /**
     * Encodes a single-frame message held in a pooled buffer, whose ownership passes. A large one
     * ({@link MessageAssembler#POOLED_FRAME_THRESHOLD} bytes or more) on a codec that sends bodies
     * as they are goes out as its header, encoded into {@code room}'s buffer, followed by the
     * buffer itself, handed to {@code asIs} to be written next: no copy. Otherwise (a small frame,
     * an envelope such as CURVE's, a legacy peer, a frame that may be a subscription or group
     * command) its bytes are encoded as {@link #encode(byte[], IntFunction)} does, and the buffer
     * is released.
     */
    public void encode(ByteBuf frame, IntFunction<ByteBuf> room, Consumer<ByteBuf> asIs) {
        int length = frame.readableBytes();
        int header = radio || dish || subscriber || length < MessageAssembler.POOLED_FRAME_THRESHOLD
                ? -1 : codec.messageFrameHeaderSize(length);
        if (header < 0) {
            byte[] bytes;
            try {
                bytes = ByteBufUtil.getBytes(frame, frame.readerIndex(), length, true);
            } finally {
                frame.release();
            }
            if (radio) {
                encode(ZmqMessage.wrap(bytes), room);
            } else {
                encode(bytes, room);
            }
            return;
        }
        codec.writeMessageFrameHeader(room.apply(header), false, length);
        asIs.accept(frame);
    }

    /** Encodes a message of any number of frames, as {@link #encode(byte[], IntFunction)} does. */
    public void encode(ZmqMessage message, IntFunction<ByteBuf> room) {
        if (radio) {
            encodeInGroup(message, room);
            return;
        }
        int n = message.size();
        if (n == 1) {
            encode(MessageAccess.frame(message, 0), room);
            return;
        }
        for (int i = 0; i < n; i++) {
            byte[] f = MessageAccess.frame(message, i);
            codec.writeMessageFrame(room.apply(codec.messageFrameSize(f.length)), i < n - 1, f, 0, f.length);
        }
    }

    /** A RADIO's message: its group as a frame with MORE, then its one body frame (libzmq's radio session). */
    private void encodeInGroup(ZmqMessage message, IntFunction<ByteBuf> room) {
        String g = message.group();
        byte[] group = g == null ? new byte[0] : g.getBytes(StandardCharsets.UTF_8);
        codec.writeMessageFrame(room.apply(codec.messageFrameSize(group.length)), true, group, 0, group.length);
        byte[] body = MessageAccess.frame(message, 0);
        codec.writeMessageFrame(room.apply(codec.messageFrameSize(body.length)), false, body, 0, body.length);
    }

    // ---- decoding ----------------------------------------------------------------------------------

    private void process() {
        processing = true;
        try {
            if (state == State.GREETING && !greet()) {
                return;
            }
            if (state == State.LEGACY_IDENTITY && !legacyIdentity()) {
                return;
            }
            while (state == State.HANDSHAKE && input.isReadable()) {
                ByteBuf in = input.bytes();
                int before = in.readerIndex();
                HANDSHAKE_DECODER.decode(in, handshakeFrames);
                if (in.readerIndex() == before) {
                    break;
                }
            }
            if (state == State.ACTIVE && !paused) {
                decodeActive();
            }
        } catch (ZmtpProtocolException e) {
            protocolError(e);
        } finally {
            processing = false;
            if (state == State.CLOSED) {
                input.release();
            } else {
                input.compact();
            }
        }
    }

    private void decodeActive() {
        while (state == State.ACTIVE && !paused && input.isReadable()) {
            ByteBuf in = input.bytes();
            if (assembler.streaming()) {
                if (!assembler.fill(in)) {
                    paused = !assembler.streaming();
                    return;
                }
                continue;
            }
            codec.decode(in, activeFrames);
            if (state != State.ACTIVE || paused) {
                return;
            }
            long size = codec.incompleteMessageFrameSize(in);
            if (size < STREAMED_FRAME_THRESHOLD) {
                return;
            }
            boolean more = codec.frameHasMore(in);
            in.skipBytes(codec.frameHeaderSize(in));
            assembler.startStreamed(size, more);
        }
    }

    /** Sends what of our greeting the peer's bytes make due; true once the peer's greeting is consumed. */
    private boolean greet() {
        ByteBuf in = input.bytes();
        ByteBuf out = io.alloc().buffer(Greeting.SIZE);
        PeerVersion version;
        try {
            version = greeting.onReceived(in, out);
        } finally {
            if (out.isReadable()) {
                io.write(out);
            } else {
                out.release();
            }
        }
        if (version.stage() == PeerVersion.Stage.ZMTP_3) {
            // Decoding what has arrived refuses a bad mechanism name before all 64 bytes are in.
            Greeting peer = Greeting.decode(in);
            if (peer == null) {
                return false;
            }
            onGreeting(peer);
            return true;
        }
        if (!version.complete()) {
            return false;
        }
        legacyPeer = version;
        in.skipBytes(version.greetingSize());
        state = State.LEGACY_IDENTITY;
        return true;
    }

    /**
     * A ZMTP 1.0 or 2.0 peer's identity frame: with it the connection is up (these versions have
     * no mechanism), with the identity as routing id and, for 2.0, the socket type it announced.
     */
    private boolean legacyIdentity() {
        ByteBuf in = input.bytes();
        boolean zmtp2 = legacyPeer.stage() == PeerVersion.Stage.ZMTP_2_0;
        byte[] identity = zmtp2 ? LegacyIdentity.readZmtp2(in) : LegacyIdentity.readZmtp1(in);
        if (identity == null) {
            return false;
        }
        Metadata.Builder announced = Metadata.builder();
        if (legacyPeer.socketTypeCode() >= 0) {
            SocketType peerType = Zmtp2SocketType.fromCode(legacyPeer.socketTypeCode());
            if (peerType == null || !config.socketType().isCompatibleWith(peerType)) {
                fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "ZMTP " + (zmtp2 ? "2.0" : "1.0") + " peer socket type "
                        + (peerType == null ? "code " + legacyPeer.socketTypeCode() : peerType) + " cannot talk to a "
                        + config.socketType() + " socket", false);
                return false;
            }
            announced.put(Metadata.SOCKET_TYPE, peerType.wireName());
        }
        if (identity.length > 0) {
            announced.put(Metadata.IDENTITY, identity);
        }
        long max = config.maxMessageSize();
        codec = zmtp2 ? LegacyFrameCodec.zmtp2(max) : LegacyFrameCodec.zmtp1(max);
        peerMinor = 0; // subscriptions as messages
        state = State.ACTIVE;
        handshakeAt = NONE;
        String refusal = io.attach(announced.build(), null, Map.of());
        if (refusal != null) {
            refused(refusal);
            return false;
        }
        if (LegacySubscriptions.assumeSubscribeAll(legacyPeer, config.socketType()) && !io.deliver(LegacySubscriptions.subscribeAllMessageBody())) {
            paused = true;
        }
        return true;
    }

    private void onGreeting(Greeting peer) {
        if (!peer.mechanism().equals(mechanism.name())) {
            fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "security mechanism mismatch: this " + config.socketType()
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

    private boolean onActiveFrame(boolean more, boolean command, ByteBuf content) {
        if (command) {
            onCommand(content);
        } else if (!assembler.frame(more, content)) {
            paused = true;
        }
        return state == State.ACTIVE && !paused;
    }

    /**
     * The data phase's frames: as views of the input, or (opened by an enveloping codec) as
     * arrays of their own that the assembler keeps as they are.
     */
    private final class ActiveFrames implements FrameHandler {

        @Override
        public boolean frame(boolean more, boolean command, ByteBuf content) {
            return onActiveFrame(more, command, content);
        }

        @Override
        public boolean takesArray(int size) {
            return assembler.takesArray(size);
        }

        @Override
        public boolean frame(boolean more, byte[] body) {
            if (!assembler.frame(more, body)) {
                paused = true;
            }
            return state == State.ACTIVE && !paused;
        }
    }

    private void onCommand(ByteBuf content) {
        Command c = Command.decode(content);
        switch (c.name()) {
            case Command.PING:
                heartbeat.peerTtl(clock.getAsLong(), ((PingCommand) c).ttlDeciseconds());
                writeCommand(((PingCommand) c).pong());
                break;
            case Command.SUBSCRIBE:
            case Command.CANCEL:
                if (publisher && !io.deliver(SubscriptionFrames.toMessageBody(c))) {
                    paused = true;
                }
                break;
            case Command.JOIN:
            case Command.LEAVE:
                if (radio && !io.deliver(GroupFrames.toMessageBody((GroupCommand) c))) {
                    paused = true;
                }
                break;
            case Command.ERROR:
                end("peer sent ERROR: " + ((ErrorCommand) c).reason());
                break;
            default:
                // PONG, and commands of later protocol versions, need no answer.
                break;
        }
    }

    private void protocolError(ZmtpProtocolException e) {
        if (e.isOversize()) {
            // One line per connection, naming the endpoint, the size and the limit: what an
            // operator needs to tell a misconfigured client from an attack.
            LOG.log(System.Logger.Level.WARNING, config.socketType() + " " + config.endpoint()
                    + ": closing the connection: " + e.getMessage());
        }
        if (state == State.ACTIVE) {
            state = State.CLOSED;
            io.close(e.isCryptographic() ? MonitorEventType.HANDSHAKE_FAILED_PROTOCOL : null, 0, e.getMessage(), false);
        } else {
            fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, e.getMessage(), state == State.HANDSHAKE);
        }
    }

    /** Ends an active connection for {@code reason}, which its DISCONNECTED event carries. */
    private void end(String reason) {
        state = State.CLOSED;
        io.close(null, 0, reason, false);
    }

    private void writeCommand(Command command) {
        ByteBuf b;
        if (state == State.ACTIVE) {
            b = io.alloc().buffer(codec.commandSize(command));
            codec.writeCommand(b, command);
        } else {
            b = io.alloc().buffer(ZmtpFrameEncoder.encodedSize(command));
            ZmtpFrameEncoder.writeCommand(b, command);
        }
        io.write(b);
    }

    // ---- HandshakeSession, for the mechanism ---------------------------------------------------------

    @Override
    public void send(Command command) {
        writeCommand(command);
    }

    @Override
    public Metadata localMetadata() {
        return config.localMetadata();
    }

    @Override
    public int peerMinorVersion() {
        return peerMinor;
    }

    @Override
    public String zapDomain() {
        return config.zapDomain();
    }

    @Override
    public boolean zapEnforceDomain() {
        return config.zapEnforceDomain();
    }

    @Override
    public void authenticate(String mechanismName, List<byte[]> credentials, Consumer<ZapReply> then) {
        io.authenticate(mechanismName, credentials, (reply, error) -> onZapReply(reply, error, then));
    }

    private void onZapReply(ZapReply reply, Throwable error, Consumer<ZapReply> then) {
        if (state != State.HANDSHAKE) {
            return;
        }
        if (error != null) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, 0, String.valueOf(cause.getMessage()), null);
            return;
        }
        then.accept(reply);
        // Whatever the peer sent while the handshake waited for ZAP is decoded now.
        if (!processing && input.isReadable() && (state == State.HANDSHAKE || state == State.ACTIVE)) {
            process();
        }
    }

    @Override
    public boolean acceptsPeer(Metadata peerMetadata) {
        if (state != State.HANDSHAKE) {
            return false;
        }
        String typeName = peerMetadata.getString(Metadata.SOCKET_TYPE);
        SocketType peerType;
        try {
            peerType = typeName == null ? null : SocketType.fromName(typeName);
        } catch (ZmqException e) {
            peerType = null;
        }
        if (peerType == null || !config.socketType().isCompatibleWith(peerType)) {
            fail(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "peer socket type " + typeName + " cannot talk to a "
                    + config.socketType() + " socket", true);
            return false;
        }
        return true;
    }

    @Override
    public void complete(Metadata peerMetadata, String userId, Map<String, byte[]> zapProperties) {
        if (!acceptsPeer(peerMetadata)) {
            return;
        }
        codec = mechanism.dataCodec(dataDecoder);
        state = State.ACTIVE;
        greeting = null;
        handshakeAt = NONE;
        heartbeat.activated(clock.getAsLong());
        String refusal = io.attach(peerMetadata, userId, zapProperties);
        if (refusal != null) {
            refused(refusal);
        }
    }

    /**
     * The socket would not take the peer (its routing id is in use, the socket's one peer is
     * taken): the connection ends with that reason, and no handshake failure is reported, since
     * the peer did nothing wrong.
     */
    private void refused(String reason) {
        fail(null, 0, reason, null);
    }

    @Override
    public void fail(MonitorEventType event, long value, String reason, String errorReason) {
        if (state == State.CLOSED) {
            return;
        }
        State previous = state;
        state = State.CLOSED;
        // Only a ZMTP 3.x handshake has an ERROR command to send.
        boolean errorSent = errorReason != null && previous == State.HANDSHAKE;
        if (errorSent) {
            ByteBuf b = io.alloc().buffer();
            ZmtpFrameEncoder.writeCommand(b, new ErrorCommand(errorReason));
            io.write(b);
        }
        io.close(event, value, reason, errorSent);
    }
}
