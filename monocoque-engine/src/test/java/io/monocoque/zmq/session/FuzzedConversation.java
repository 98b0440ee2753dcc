package io.monocoque.zmq.session;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.auth.ZapRequest;
import io.monocoque.zmq.auth.ZmqAuthenticator;
import io.monocoque.zmq.security.CurveClientMechanism;
import io.monocoque.zmq.security.Mechanism;
import io.monocoque.zmq.security.NullMechanism;
import io.monocoque.zmq.security.PlainMechanism;
import io.monocoque.zmq.security.SecurityOptions;
import io.monocoque.zmq.wire.Metadata;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real sessions talking in memory, the session under test and an honest peer, with the fuzzer
 * in the middle of the peer's stream: it flips, truncates, inserts, drops and splits what the
 * peer writes (greeting, handshake commands, frames), moves the clock, limits the room of the
 * receiving side, and appends raw bytes of its own. Whatever it does, {@link #run()} checks what
 * a production peer may rely on:
 * <ul>
 *   <li>nothing but the session's own decisions ends the conversation: no exception leaves it;</li>
 *   <li>memory held and bytes written stay proportional to the bytes the peer really sent;</li>
 *   <li>no message is delivered before the peer is attached, none after the session closed, none
 *       over max-message-size;</li>
 *   <li>a PLAIN or CURVE server attaches only a peer ZAP allowed; a CURVE session attaches only the
 *       real peer (its metadata intact) and delivers only messages that peer sent, each once and
 *       in order (frames cut out of the stream may be missing: CURVE nonces only have to grow);</li>
 *   <li>when the fuzzer changed nothing, the handshake completes and every message arrives.</li>
 * </ul>
 */
final class FuzzedConversation {

    /** Which mechanism the session under test runs, and on which side of it. */
    enum Role {
        NULL, PLAIN_SERVER, PLAIN_CLIENT, CURVE_SERVER, CURVE_CLIENT;

        boolean curve() {
            return this == CURVE_SERVER || this == CURVE_CLIENT;
        }

        boolean authenticatesPeer() {
            return this == PLAIN_SERVER || this == CURVE_SERVER;
        }
    }

    /**
     * The session logs a line per oversized frame, as it should for an operator; millions of
     * fuzzed connections would only slow the fuzzer down. Held here so the setting is not collected.
     */
    private static final java.util.logging.Logger SESSION_LOG = quiet(ZmtpSession.class.getName());

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long HANDSHAKE_MS = 30_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final CurveKeyPair SERVER_KEYS = CurveKeyPair.generate();
    private static final CurveKeyPair CLIENT_KEYS = CurveKeyPair.generate();
    private static final ZmqAuthenticator AUTHENTICATOR = ZmqAuthenticator.builder()
            .plainUsers(Map.of("admin", "secret"))
            .curveAllow(CLIENT_KEYS.publicKey())
            .build();

    /** Socket type pairs that may talk, (session under test, peer). */
    private static final SocketType[][] PAIRS = {
        {SocketType.PULL, SocketType.PUSH}, {SocketType.ROUTER, SocketType.DEALER}, {SocketType.PUB, SocketType.SUB},
        {SocketType.XPUB, SocketType.XSUB}, {SocketType.SUB, SocketType.PUB}, {SocketType.REP, SocketType.REQ},
        {SocketType.PAIR, SocketType.PAIR}, {SocketType.DEALER, SocketType.ROUTER},
    };

    private enum Mutation { PASS, FLIP, TRUNCATE, INSERT, SPLIT, DROP, REPLACE_TAIL }

    private final FuzzedDataProvider data;
    private final Role role;
    private final long maxMessageSize;
    private final Side tested;
    private final Side peer;
    private final List<byte[][]> sent = new ArrayList<>();
    private long now = 1_000_000_000L;
    private boolean mutated;
    private boolean timeMoved;
    private boolean zapAllowed;
    private long fed;
    private int timerCalls;

    FuzzedConversation(Role role, FuzzedDataProvider data) {
        this.data = data;
        this.role = role;
        SocketType[] pair = PAIRS[data.consumeInt(0, PAIRS.length - 1)];
        this.maxMessageSize = data.consumeBoolean() ? data.consumeInt(0, 20_000) : -1;
        boolean heartbeats = data.consumeBoolean();
        Mechanism[] mechanisms = mechanisms(role);
        this.tested = new Side(pair[0], mechanisms[0], maxMessageSize, heartbeats, Metadata.EMPTY);
        // The peer announces a property no forged handshake can reproduce.
        this.peer = new Side(pair[1], mechanisms[1], -1, false, Metadata.of("X-Fuzz", "honest peer"));
        tested.room = data.consumeInt(0, 3);
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(name);
        log.setLevel(java.util.logging.Level.SEVERE);
        return log;
    }

    private static Mechanism[] mechanisms(Role role) {
        switch (role) {
            case NULL:
                return new Mechanism[] {new NullMechanism(), new NullMechanism()};
            case PLAIN_SERVER:
                return new Mechanism[] {PlainMechanism.server(), PlainMechanism.client("admin", "secret")};
            case PLAIN_CLIENT:
                return new Mechanism[] {PlainMechanism.client("admin", "secret"), PlainMechanism.server()};
            case CURVE_SERVER:
                return new Mechanism[] {curveServer(), curveClient()};
            case CURVE_CLIENT:
                return new Mechanism[] {curveClient(), curveServer()};
            default:
                throw new AssertionError(role);
        }
    }

    private static Mechanism curveServer() {
        return new SecurityOptions(false, null, null, true, null, SERVER_KEYS.secretKey(), null).mechanisms().get();
    }

    private static Mechanism curveClient() {
        return new CurveClientMechanism(CLIENT_KEYS.publicKey(), CLIENT_KEYS.secretKey(), SERVER_KEYS.publicKey(), RANDOM);
    }

    /** Runs the conversation to its end and checks it; releases everything. */
    void run() {
        try {
            tested.session.start();
            peer.session.start();
            boolean messagesSent = false;
            for (int round = 0; round < 16; round++) {
                for (ByteBuf b : tested.takeWritten()) {
                    peer.session.received(b);
                }
                peer.answerZap();
                if (peer.session.isActive() && !messagesSent) {
                    sendMessages();
                    messagesSent = true;
                }
                for (ByteBuf b : peer.takeWritten()) {
                    forward(b);
                }
                tested.answerZap();
                resumeIfPaused();
                if (data.remainingBytes() > 0 && data.consumeInt(0, 7) == 0) {
                    moveClock(data.consumeLong(0, 2 * HANDSHAKE_MS));
                }
                check();
                if (tested.closed || peer.closed || (tested.session.isActive() && messagesSent && peer.written.isEmpty())) {
                    break;
                }
            }
            byte[] tail = data.consumeRemainingAsBytes();
            if (tail.length > 0) {
                mutated = true;
                feed(tail);
                resumeIfPaused();
                check();
            }
            checkOutcome();
        } finally {
            tested.release();
            peer.release();
        }
    }

    private void sendMessages() {
        int n = data.remainingBytes() > 0 ? data.consumeInt(0, 4) : 4;
        for (int i = 0; i < n; i++) {
            byte[][] frames;
            switch (i) {
                case 0:
                    frames = new byte[][] {{1, 't', 'o', 'p'}}; // a subscription when the peer subscribes
                    break;
                case 1:
                    frames = new byte[][] {"seq 1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)};
                    break;
                case 2:
                    frames = new byte[][] {"seq".getBytes(java.nio.charset.StandardCharsets.US_ASCII), new byte[0], {2}};
                    break;
                default:
                    // Above the size at which a frame is streamed into its array.
                    byte[] big = new byte[ZmtpSession.STREAMED_FRAME_THRESHOLD + 1000];
                    Arrays.fill(big, (byte) i);
                    frames = new byte[][] {big};
                    break;
            }
            sent.add(frames);
            ByteBuf out = Unpooled.buffer();
            peer.session.encode(ZmqMessage.wrap(frames), size -> {
                out.ensureWritable(size);
                return out;
            });
            peer.written.add(out);
        }
    }

    /** Passes one of the peer's writes to the session under test, as the fuzzer changes it. */
    private void forward(ByteBuf written) {
        byte[] bytes = ByteBufUtil.getBytes(written);
        written.release();
        if (tested.closed) {
            return;
        }
        Mutation m = data.remainingBytes() > 0 ? data.pickValue(Mutation.values()) : Mutation.PASS;
        int len = bytes.length;
        switch (m) {
            case FLIP: {
                int pos = data.consumeInt(0, len - 1);
                byte x = data.consumeByte();
                bytes[pos] ^= x == 0 ? 1 : x;
                mutated = true;
                break;
            }
            case TRUNCATE:
                bytes = Arrays.copyOf(bytes, data.consumeInt(0, len - 1));
                mutated = true;
                break;
            case INSERT: {
                int pos = data.consumeInt(0, len);
                byte[] extra = data.consumeBytes(data.consumeInt(1, 64));
                byte[] out = new byte[len + extra.length];
                System.arraycopy(bytes, 0, out, 0, pos);
                System.arraycopy(extra, 0, out, pos, extra.length);
                System.arraycopy(bytes, pos, out, pos + extra.length, len - pos);
                mutated |= extra.length > 0;
                bytes = out;
                break;
            }
            case SPLIT: {
                int piece = data.consumeInt(1, Math.max(1, len));
                for (int i = 0; i < len && !tested.closed; i += piece) {
                    feed(Arrays.copyOfRange(bytes, i, Math.min(len, i + piece)));
                }
                return;
            }
            case DROP:
                mutated = true;
                return;
            case REPLACE_TAIL: {
                int pos = data.consumeInt(0, len);
                byte[] tail = data.consumeBytes(data.consumeInt(0, 64));
                byte[] out = Arrays.copyOf(bytes, pos + tail.length);
                System.arraycopy(tail, 0, out, pos, tail.length);
                mutated = true;
                bytes = out;
                break;
            }
            default:
                break;
        }
        if (bytes.length > 0) {
            feed(bytes);
        }
    }

    private void feed(byte[] bytes) {
        if (tested.closed) {
            return;
        }
        fed += bytes.length;
        tested.session.received(Unpooled.wrappedBuffer(bytes));
        long retained = tested.session.retainedBytes();
        assertThat(retained).as("memory held for %d bytes received", fed)
                .isLessThanOrEqualTo(5 * fed + MessageAssembler.FIRST_STEP);
    }

    private void resumeIfPaused() {
        for (int i = 0; i < 64 && tested.session.paused() && !tested.closed; i++) {
            tested.refill();
            tested.session.resume();
        }
    }

    private void moveClock(long millis) {
        timeMoved = true;
        now += millis * MS;
        timerCalls++;
        tested.session.timer();
        peer.session.timer();
        if (tested.session.nextDeadline() != Long.MAX_VALUE) {
            assertThat(tested.session.nextDeadline() - now).as("the next deadline is in the future").isPositive();
        }
    }

    /** What must hold after every step. */
    private void check() {
        Side t = tested;
        assertThat(t.attaches).as("attached at most once").isLessThanOrEqualTo(1);
        assertThat(t.session.isClosed()).as("the session is closed exactly when it closed its connection").isEqualTo(t.closed);
        assertThat(t.writtenTotal).as("bytes written for %d received and %d timer calls", fed, timerCalls)
                .isLessThanOrEqualTo(4096 + 3 * fed + 128L * timerCalls);
        long deliveredBytes = 0;
        for (byte[][] m : t.delivered) {
            long size = size(m);
            deliveredBytes += size;
            // A publisher's subscription bodies come from commands (checked as frames) or, for a ZMTP
            // 1.0 subscriber that cannot send any, from the session itself (subscribe-all).
            boolean subscription = (t.type == SocketType.PUB || t.type == SocketType.XPUB) && m.length == 1
                    && m[0].length > 0 && (m[0][0] == 0 || m[0][0] == 1);
            if (maxMessageSize >= 0 && !subscription) {
                assertThat(size).as("message within max-message-size").isLessThanOrEqualTo(maxMessageSize);
            }
        }
        assertThat(deliveredBytes).as("delivered no more than was received").isLessThanOrEqualTo(fed);
        if (t.attaches > 0 && role.authenticatesPeer()) {
            assertThat(zapAllowed).as("a %s attaches only a peer ZAP allowed", role).isTrue();
        }
        if (t.attaches > 0 && role.curve()) {
            assertThat(t.attachedPeer.get("X-Fuzz")).as("a CURVE peer's metadata arrives intact")
                    .isEqualTo("honest peer".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        if (role.curve()) {
            // CURVE nonces only have to grow, so a frame cut out of the stream goes unnoticed (as
            // in libzmq); anything else (a changed, replayed, reordered or forged frame) may not.
            int next = 0;
            for (int i = 0; i < t.delivered.size(); i++) {
                byte[][] m = t.delivered.get(i);
                while (next < sent.size() && !java.util.Arrays.deepEquals(sent.get(next), m)) {
                    next++;
                }
                assertThat(next).as("CURVE message %d is one the peer sent, after the one before it", i).isLessThan(sent.size());
                next++;
            }
        }
    }

    private void checkOutcome() {
        if (mutated || timeMoved) {
            return;
        }
        // Untouched, every message arrives, up to the first one over max-message-size, which ends the connection.
        int fit = 0;
        while (fit < sent.size() && (maxMessageSize < 0 || wireSize(fit) <= maxMessageSize)) {
            fit++;
        }
        if (fit == sent.size()) {
            assertThat(tested.session.isActive()).as("an untouched %s handshake completes", role).isTrue();
        } else {
            assertThat(tested.closed).as("a message over max-message-size ends the connection").isTrue();
        }
        assertThat(tested.delivered).as("an untouched stream delivers every message that fits").hasSize(fit);
        for (int i = 0; i < fit; i++) {
            assertThat(tested.delivered.get(i)).isDeepEqualTo(sent.get(i));
        }
    }

    /** What message {@code i} weighs against max-message-size: a subscription travels as a SUBSCRIBE command. */
    private long wireSize(int i) {
        boolean subscription = i == 0 && (peer.type == SocketType.SUB || peer.type == SocketType.XSUB);
        return subscription ? 1 + "SUBSCRIBE".length() + sent.get(0)[0].length - 1 : size(sent.get(i));
    }

    private static long size(byte[][] message) {
        long size = 0;
        for (byte[] f : message) {
            size += f.length;
        }
        return size;
    }

    /** One end: its session and what it asked of its connection. */
    private final class Side implements SessionIo {

        final ZmtpSession session;
        final ArrayDeque<ByteBuf> written = new ArrayDeque<>();
        final List<byte[][]> delivered = new ArrayList<>();
        final ArrayDeque<Runnable> pendingZap = new ArrayDeque<>();
        final SocketType type;
        /** How many messages the receiving side takes before it is full; 0 for no limit. */
        int room;
        int left;
        long writtenTotal;
        int attaches;
        Metadata attachedPeer;
        boolean closed;

        Side(SocketType type, Mechanism mechanism, long maxMessageSize, boolean heartbeats, Metadata extra) {
            this.type = type;
            Metadata.Builder local = Metadata.builder().socketType(type);
            for (String name : extra.names()) {
                local.put(name, extra.get(name));
            }
            SessionConfig config = new SessionConfig(type, "tcp://127.0.0.1:5555", local.build(), "", maxMessageSize,
                    HANDSHAKE_MS * MS, heartbeats ? 1000 * MS : 0, heartbeats ? 3000 * MS : 0, heartbeats ? 5000 * MS : 0, null);
            this.session = new ZmtpSession(config, mechanism, this, () -> now);
        }

        List<ByteBuf> takeWritten() {
            List<ByteBuf> out = new ArrayList<>(written);
            written.clear();
            return out;
        }

        void answerZap() {
            while (!pendingZap.isEmpty()) {
                pendingZap.poll().run();
            }
        }

        void refill() {
            left = room;
        }

        @Override
        public ByteBufAllocator alloc() {
            return ByteBufAllocator.DEFAULT;
        }

        @Override
        public void write(ByteBuf bytes) {
            assertThat(closed).as("nothing written after close").isFalse();
            writtenTotal += bytes.readableBytes();
            written.add(bytes);
        }

        @Override
        public boolean deliver(byte[] frame) {
            return deliver(new byte[][] {frame});
        }

        @Override
        public boolean deliver(byte[][] frames) {
            assertThat(attaches).as("delivered only after attach").isEqualTo(1);
            assertThat(closed).as("delivered only before close").isFalse();
            delivered.add(frames);
            if (room == 0) {
                return true;
            }
            left = Math.max(0, left - 1);
            return left > 0;
        }

        @Override
        public boolean deliverInGroup(String group, byte[] body) {
            return deliver(new byte[][] {group.getBytes(java.nio.charset.StandardCharsets.UTF_8), body});
        }

        @Override
        public String attach(Metadata peerMetadata, String userId, Map<String, byte[]> zapProperties) {
            assertThat(closed).as("attached only before close").isFalse();
            attaches++;
            attachedPeer = peerMetadata;
            left = room;
            return null;
        }

        @Override
        public void authenticate(String mechanism, List<byte[]> credentials, BiConsumer<ZapReply, Throwable> done) {
            ZapRequest request = new ZapRequest("", "127.0.0.1", new byte[0], mechanism, credentials);
            pendingZap.add(() -> {
                ZapReply reply = AUTHENTICATOR.authenticate(request);
                if (this == tested && reply.isAllowed()) {
                    zapAllowed = true;
                }
                if (!closed) {
                    done.accept(reply, null);
                }
            });
        }

        @Override
        public void close(MonitorEventType event, long value, String reason, boolean flushFirst) {
            assertThat(closed).as("closed once").isFalse();
            assertThat(reason).as("a close says why").isNotBlank();
            closed = true;
        }

        void release() {
            session.destroy();
            for (ByteBuf b : written) {
                b.release();
            }
            written.clear();
        }
    }
}
