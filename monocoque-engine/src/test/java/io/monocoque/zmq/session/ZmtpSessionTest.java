package io.monocoque.zmq.session;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.security.NullMechanism;
import io.monocoque.zmq.wire.Command;
import io.monocoque.zmq.wire.ErrorCommand;
import io.monocoque.zmq.wire.FrameHandler;
import io.monocoque.zmq.wire.Greeting;
import io.monocoque.zmq.wire.Metadata;
import io.monocoque.zmq.wire.PingCommand;
import io.monocoque.zmq.wire.PongCommand;
import io.monocoque.zmq.wire.ReadyCommand;
import io.monocoque.zmq.wire.SubscribeCommand;
import io.monocoque.zmq.wire.ZmtpFrameDecoder;
import io.monocoque.zmq.wire.ZmtpFrameEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.AbstractByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session driven byte by byte with no socket: the peer's bytes go in through
 * {@link ZmtpSession#received}, time through a fake clock, and {@link FakeIo} records what came
 * out.
 */
class ZmtpSessionTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final FakeIo io = new FakeIo();
    private long now = 1_000_000_000L;
    private ZmtpSession session;

    @AfterEach
    void release() {
        if (session != null) {
            session.destroy();
        }
        io.release();
    }

    private ZmtpSession session(SocketType type, long maxMessageSize, long heartbeatIvlMs, long heartbeatTimeoutMs, long ttlMs) {
        SessionConfig config = new SessionConfig(type, "tcp://127.0.0.1:5555",
                Metadata.builder().put(Metadata.SOCKET_TYPE, type.wireName()).build(), "", false, maxMessageSize,
                30_000 * MS, heartbeatIvlMs * MS, heartbeatTimeoutMs * MS, ttlMs * MS, null);
        session = new ZmtpSession(config, new NullMechanism(), io, () -> now);
        session.start();
        return session;
    }

    private ZmtpSession session(SocketType type) {
        return session(type, -1, 0, 0, 0);
    }

    // ---- what a peer sends ---------------------------------------------------------------------------

    private static byte[] greeting(int minor) {
        ByteBuf b = Unpooled.buffer();
        new Greeting(3, minor, "NULL", false).encode(b);
        return drain(b);
    }

    private static byte[] command(Command c) {
        ByteBuf b = Unpooled.buffer();
        ZmtpFrameEncoder.writeCommand(b, c);
        return drain(b);
    }

    private static byte[] ready(SocketType type) {
        return command(new ReadyCommand(Metadata.builder().put(Metadata.SOCKET_TYPE, type.wireName()).build()));
    }

    private static byte[] frame(boolean more, byte[] body) {
        ByteBuf b = Unpooled.buffer();
        ZmtpFrameEncoder.writeFrame(b, more, body, 0, body.length);
        return drain(b);
    }

    /** A long frame header declaring {@code size} bytes, without the body. */
    private static byte[] longHeader(boolean command, long size) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(0x02 | (command ? 0x04 : 0));
        b.writeLong(size);
        return drain(b);
    }

    private static byte[] drain(ByteBuf b) {
        byte[] bytes = ByteBufUtil.getBytes(b);
        b.release();
        return bytes;
    }

    private void feed(byte[] bytes) {
        session.received(Unpooled.copiedBuffer(bytes));
    }

    private void feedByteByByte(byte[] bytes) {
        for (byte b : bytes) {
            feed(new byte[] {b});
        }
    }

    private void handshake(SocketType peerType, int peerMinor) {
        feed(greeting(peerMinor));
        feed(ready(peerType));
        assertThat(session.isActive()).as("handshake complete").isTrue();
    }

    /** What the session wrote after its greeting, as frames. */
    private List<Object[]> writtenFrames() {
        ByteBuf w = io.written.duplicate();
        w.skipBytes(Greeting.SIZE);
        List<Object[]> frames = new ArrayList<>();
        FrameHandler h = (more, command, content) -> {
            frames.add(new Object[] {command, ByteBufUtil.getBytes(content)});
            return true;
        };
        new ZmtpFrameDecoder(-1).decode(w, h);
        return frames;
    }

    private List<String> writtenCommandNames() {
        List<String> names = new ArrayList<>();
        for (Object[] f : writtenFrames()) {
            if ((Boolean) f[0]) {
                byte[] body = (byte[]) f[1];
                names.add(new String(body, 1, body[0], StandardCharsets.US_ASCII));
            }
        }
        return names;
    }

    // ---- handshake -----------------------------------------------------------------------------------

    @Test
    void handshakeAndMessagesWorkWhenEveryByteArrivesAlone() {
        session(SocketType.PULL);
        feedByteByByte(greeting(1));
        feedByteByByte(ready(SocketType.PUSH));
        assertThat(session.isActive()).isTrue();
        assertThat(io.attachedPeer.getString(Metadata.SOCKET_TYPE)).isEqualTo("PUSH");
        feedByteByByte(frame(true, "a".getBytes(StandardCharsets.US_ASCII)));
        feedByteByByte(frame(false, "bc".getBytes(StandardCharsets.US_ASCII)));
        feedByteByByte(frame(false, new byte[0]));
        assertThat(io.delivered).hasSize(2);
        assertThat(io.delivered.get(0)).isDeepEqualTo(new byte[][] {"a".getBytes(StandardCharsets.US_ASCII), "bc".getBytes(StandardCharsets.US_ASCII)});
        assertThat(io.delivered.get(1)).isDeepEqualTo(new byte[][] {new byte[0]});
        assertThat(writtenCommandNames()).containsExactly("READY");
    }

    @Test
    void aPeerWhoseSocketTypeCannotTalkToOursGetsErrorAndNoAttach() {
        session(SocketType.PULL);
        feed(greeting(1));
        feed(ready(SocketType.PUB));
        assertThat(io.closed).isTrue();
        assertThat(io.closeEvent).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL);
        assertThat(io.closeReason).contains("peer socket type PUB cannot talk to a PULL socket");
        assertThat(io.attachedPeer).isNull();
        assertThat(io.flushedBeforeClose).isTrue();
        assertThat(writtenCommandNames()).containsExactly("READY", "ERROR");
    }

    @Test
    void aMessageFrameBeforeTheHandshakeEndsIsAProtocolFailure() {
        session(SocketType.PULL);
        feed(greeting(1));
        feed(frame(false, new byte[] {1}));
        assertThat(io.closeEvent).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL);
        assertThat(io.closeReason).contains("message frame before completing the handshake");
    }

    @Test
    void aHandshakeThatTakesTooLongFailsAtItsDeadline() {
        session(SocketType.PULL);
        feed(greeting(1));
        assertThat(session.nextDeadline()).isEqualTo(now + 30_000 * MS);
        now += 29_999 * MS;
        session.timer();
        assertThat(io.closed).isFalse();
        now += MS;
        session.timer();
        assertThat(io.closeEvent).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL);
        assertThat(io.closeReason).isEqualTo("handshake not completed within 30000 ms");
    }

    @Test
    void aRefusedAttachEndsTheConnectionWithTheSocketsReasonAndNoHandshakeFailure() {
        io.refuseAttach = true;
        session(SocketType.ROUTER);
        feed(greeting(1));
        feed(ready(SocketType.DEALER));
        assertThat(io.closed).isTrue();
        assertThat(io.closeEvent).isNull();
        assertThat(io.closeReason).isEqualTo("ROUTER#1 already has a peer with routing id 0x41");
    }

    // ---- memory bounded by what was sent ---------------------------------------------------------------

    @Test
    void aFrameHeaderDeclaringTwoGigabytesCostsOneStepUntilTheBytesCome() {
        session(SocketType.PULL);
        handshake(SocketType.PUSH, 1);
        feed(longHeader(false, Integer.MAX_VALUE - 9));
        assertThat(io.closed).isFalse();
        assertThat(session.retainedBytes()).isLessThanOrEqualTo(MessageAssembler.FIRST_STEP + 1024);
        // 200 KB really arrive: the array follows them, not the declared size.
        for (int i = 0; i < 200; i++) {
            feed(new byte[1000]);
        }
        assertThat(session.retainedBytes()).isBetween(200_000L, 2L * 200_000 + MessageAssembler.FIRST_STEP);
        assertThat(io.delivered).isEmpty();
    }

    @Test
    void aLargeFrameTricklingInIsDeliveredWholeInAnArrayOfExactlyItsSize() {
        session(SocketType.PULL);
        handshake(SocketType.PUSH, 1);
        byte[] body = new byte[300_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        byte[] wire = frame(false, body);
        for (int at = 0; at < wire.length; at += 777) {
            feed(java.util.Arrays.copyOfRange(wire, at, Math.min(wire.length, at + 777)));
        }
        assertThat(io.delivered).hasSize(1);
        assertThat(io.delivered.get(0)[0]).hasSize(body.length).isEqualTo(body);
        assertThat(session.retainedBytes()).isZero();
    }

    // ---- large single frames in pooled buffers ----------------------------------------------------------

    /** Records every direct buffer it makes, so that a test can check that each was released. */
    private static final class RecordingAllocator extends AbstractByteBufAllocator {
        final List<ByteBuf> made = new ArrayList<>();

        RecordingAllocator() {
            super(true);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = Unpooled.directBuffer(initialCapacity, maxCapacity);
            made.add(b);
            return b;
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return Unpooled.buffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        void assertAllReleased() {
            assertThat(made).allSatisfy(b -> assertThat(b.refCnt()).as("reference count").isZero());
        }
    }

    private static byte[] pattern(int size) {
        byte[] body = new byte[size];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31 + 7);
        }
        return body;
    }

    private void feedInPieces(byte[] wire, int piece) {
        for (int at = 0; at < wire.length; at += piece) {
            feed(java.util.Arrays.copyOfRange(wire, at, Math.min(wire.length, at + piece)));
        }
    }

    @Test
    void aLargeSingleFrameTricklingInIsDeliveredInOnePooledBufferOfExactlyItsBytes() {
        io.keepPooled = true;
        session(SocketType.PULL);
        handshake(SocketType.PUSH, 1);
        byte[] body = pattern(300_000);
        feedInPieces(frame(false, body), 777);
        assertThat(io.delivered).isEmpty();
        assertThat(io.pooled).hasSize(1);
        ByteBuf f = io.pooled.get(0);
        assertThat(f.isDirect()).isTrue();
        assertThat(ByteBufUtil.getBytes(f)).isEqualTo(body);
        assertThat(session.retainedBytes()).isZero();
    }

    @Test
    void aLargeSingleFrameThatArrivesWholeIsDeliveredPooledAndOneBelowTheThresholdAsAnArray() {
        io.keepPooled = true;
        session(SocketType.PULL);
        handshake(SocketType.PUSH, 1);
        byte[] large = pattern(MessageAssembler.POOLED_FRAME_THRESHOLD);
        byte[] small = pattern(MessageAssembler.POOLED_FRAME_THRESHOLD - 1);
        byte[] both = new byte[0];
        both = concat(frame(false, large), frame(false, small));
        feed(both);
        assertThat(io.pooled).hasSize(1);
        assertThat(ByteBufUtil.getBytes(io.pooled.get(0))).isEqualTo(large);
        assertThat(io.delivered).hasSize(1);
        assertThat(io.delivered.get(0)[0]).isEqualTo(small);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void largeFramesOfAMultiFrameMessageStayArrays() {
        io.keepPooled = true;
        session(SocketType.PULL);
        handshake(SocketType.PUSH, 1);
        byte[] first = pattern(100_000);
        byte[] last = pattern(90_000);
        feedInPieces(concat(frame(true, first), frame(false, last)), 4096);
        assertThat(io.pooled).isEmpty();
        assertThat(io.delivered).hasSize(1);
        assertThat(io.delivered.get(0)[0]).isEqualTo(first);
        assertThat(io.delivered.get(0)[1]).isEqualTo(last);
    }

    @Test
    void aPooledFrameDeclaringTwoGigabytesHoldsWhatArrivedAndIsReleasedWhenTheConnectionEnds() {
        RecordingAllocator alloc = new RecordingAllocator();
        io.allocator = alloc;
        io.keepPooled = true;
        session(SocketType.PULL);
        handshake(SocketType.PUSH, 1);
        feed(longHeader(false, Integer.MAX_VALUE - 9));
        assertThat(session.retainedBytes()).isLessThanOrEqualTo(MessageAssembler.FIRST_STEP + 1024);
        for (int i = 0; i < 200; i++) {
            feed(new byte[1000]);
        }
        assertThat(session.retainedBytes()).isBetween(200_000L, 2L * 200_000 + MessageAssembler.FIRST_STEP);
        assertThat(io.pooled).isEmpty();
        session.destroy();
        session = null;
        alloc.assertAllReleased();
    }

    @Test
    void anOversizedSingleFrameIsRefusedAtItsHeaderBeforeAnyPooledBufferIsMade() {
        RecordingAllocator alloc = new RecordingAllocator();
        io.allocator = alloc;
        io.keepPooled = true;
        session(SocketType.PULL, 50_000, 0, 0, 0);
        handshake(SocketType.PUSH, 1);
        int before = alloc.made.size();
        feed(longHeader(false, 60_000));
        assertThat(io.closed).isTrue();
        assertThat(alloc.made.subList(before, alloc.made.size())).isEmpty();
        alloc.assertAllReleased();
    }

    @Test
    void aLargePooledFrameIsEncodedAsItsHeaderFollowedByTheBufferItself() {
        session(SocketType.PUSH);
        handshake(SocketType.PULL, 1);
        ByteBuf out = Unpooled.buffer();
        ByteBuf body = Unpooled.directBuffer(40_000).writeBytes(pattern(40_000));
        List<ByteBuf> asIs = new ArrayList<>();
        session.encode(body, n -> out, asIs::add);
        assertThat(asIs).containsExactly(body);
        assertThat(body.refCnt()).as("ownership passed on, not released").isEqualTo(1);
        out.writeBytes(body);
        body.release();
        List<Object[]> frames = new ArrayList<>();
        new ZmtpFrameDecoder(-1).decode(out, (more, command, content) -> frames.add(new Object[] {more, ByteBufUtil.getBytes(content)}));
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0)[0]).isEqualTo(false);
        assertThat((byte[]) frames.get(0)[1]).isEqualTo(pattern(40_000));
        out.release();
    }

    @Test
    void aSmallPooledFrameIsCopiedIntoTheBatchAndReleased() {
        session(SocketType.PUSH);
        handshake(SocketType.PULL, 1);
        ByteBuf out = Unpooled.buffer();
        ByteBuf body = Unpooled.directBuffer(3).writeBytes(new byte[] {'a', 'b', 'c'});
        session.encode(body, n -> out, b -> {
            throw new AssertionError("a small frame is not written on its own");
        });
        assertThat(body.refCnt()).isZero();
        assertThat(ByteBufUtil.getBytes(out)).containsExactly(0, 3, 'a', 'b', 'c');
        out.release();
    }

    @Test
    void aHandshakeCommandOverTheCapIsRefusedFromItsHeaderAlone() {
        session(SocketType.PULL);
        feed(greeting(1));
        feed(longHeader(true, ZmtpSession.HANDSHAKE_COMMAND_LIMIT + 1L));
        assertThat(io.closeEvent).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL);
        assertThat(io.closeReason).contains("exceeds the handshake command limit of 65536 bytes");
        assertThat(session.retainedBytes()).isZero();
    }

    @Test
    void aCommandJustUnderTheCapIsAcceptedDuringTheHandshake() {
        session(SocketType.PULL);
        feed(greeting(1));
        byte[] value = new byte[ZmtpSession.HANDSHAKE_COMMAND_LIMIT - 200];
        feed(command(new ReadyCommand(Metadata.builder().put(Metadata.SOCKET_TYPE, "PUSH").put("X-Big", value).build())));
        assertThat(session.isActive()).isTrue();
    }

    @Test
    void anOversizedFrameClosesNamingItsSizeAndTheLimit() {
        session(SocketType.PULL, 1000, 0, 0, 0);
        handshake(SocketType.PUSH, 1);
        feed(longHeader(false, 5000));
        assertThat(io.closed).isTrue();
        assertThat(io.closeEvent).isNull();
        assertThat(io.closeReason).isEqualTo("frame of 5000 bytes exceeds max-message-size of 1000 bytes");
        assertThat(session.retainedBytes()).isZero();
    }

    @Test
    void aMultipartMessageOverTheLimitIsRefusedEvenWhenEachFrameFits() {
        session(SocketType.PULL, 1000, 0, 0, 0);
        handshake(SocketType.PUSH, 1);
        feed(frame(true, new byte[600]));
        feed(frame(false, new byte[600]));
        assertThat(io.closeReason).isEqualTo("message of 1200 bytes exceeds max-message-size of 1000 bytes");
        assertThat(io.delivered).isEmpty();
    }

    // ---- backpressure ------------------------------------------------------------------------------

    @Test
    void aFullSinkPausesDecodingUntilResumed() {
        io.room = 2;
        session(SocketType.PULL);
        handshake(SocketType.PUSH, 1);
        ByteBuf three = Unpooled.buffer();
        for (int i = 0; i < 3; i++) {
            ZmtpFrameEncoder.writeFrame(three, false, new byte[] {(byte) i}, 0, 1);
        }
        session.received(three);
        assertThat(io.delivered).hasSize(2);
        assertThat(session.paused()).isTrue();
        assertThat(session.hasUndecodedInput()).isTrue();
        io.room = -1;
        session.resume();
        assertThat(io.delivered).hasSize(3);
        assertThat(session.paused()).isFalse();
        assertThat(io.delivered.get(2)[0]).containsExactly(2);
    }

    // ---- commands and subscriptions ------------------------------------------------------------------

    @Test
    void aPingIsAnsweredWithAPongEchoingItsContext() {
        session(SocketType.PULL);
        handshake(SocketType.PUSH, 1);
        feed(command(new PingCommand(0, "ctx".getBytes(StandardCharsets.US_ASCII))));
        List<Object[]> frames = writtenFrames();
        byte[] pong = (byte[]) frames.get(frames.size() - 1)[1];
        ByteBuf expected = Unpooled.buffer();
        new PongCommand("ctx".getBytes(StandardCharsets.US_ASCII)).writeBody(expected);
        assertThat(pong).isEqualTo(drain(expected));
    }

    @Test
    void aPublisherGetsSubscribeCommandsAsSubscriptionMessages() {
        session(SocketType.XPUB);
        handshake(SocketType.SUB, 1);
        feed(command(new SubscribeCommand("topic".getBytes(StandardCharsets.US_ASCII))));
        assertThat(io.delivered).hasSize(1);
        assertThat(new String(io.delivered.get(0)[0], StandardCharsets.US_ASCII)).isEqualTo("\u0001topic");
    }

    @Test
    void aSubscriberSendsSubscriptionsAsCommandsToZmtp31AndAsMessagesToZmtp30() {
        session(SocketType.SUB);
        handshake(SocketType.PUB, 1);
        ByteBuf out = Unpooled.buffer();
        session.encode("\u0001ab".getBytes(StandardCharsets.US_ASCII), n -> out);
        assertThat(out.getUnsignedByte(0) & 0x04).as("command flag").isEqualTo(0x04);
        out.release();
        session.destroy();
        io.written.clear();

        session(SocketType.SUB);
        handshake(SocketType.PUB, 0);
        ByteBuf old = Unpooled.buffer();
        session.encode("\u0001ab".getBytes(StandardCharsets.US_ASCII), n -> old);
        assertThat((int) old.getUnsignedByte(0)).as("message frame, no MORE").isZero();
        assertThat((int) old.getUnsignedByte(1)).isEqualTo(3);
        old.release();
    }

    @Test
    void aMultiFrameMessageIsEncodedWithMoreOnAllButTheLast() {
        session(SocketType.PUSH);
        handshake(SocketType.PULL, 1);
        ByteBuf out = Unpooled.buffer();
        session.encode(ZmqMessage.of("a", "b"), n -> out);
        assertThat(ByteBufUtil.getBytes(out)).containsExactly(1, 1, 'a', 0, 1, 'b');
        out.release();
    }

    @Test
    void anErrorFromAnActivePeerEndsTheConnectionWithItsReason() {
        session(SocketType.PULL);
        handshake(SocketType.PUSH, 1);
        feed(command(new ErrorCommand("going away")));
        assertThat(io.closed).isTrue();
        assertThat(io.closeReason).isEqualTo("peer sent ERROR: going away");
        assertThat(session.isClosed()).isTrue();
    }

    // ---- heartbeats --------------------------------------------------------------------------------

    @Test
    void pingsGoOutEveryIntervalAndASilentPeerIsDroppedAtTheTimeout() {
        session(SocketType.DEALER, -1, 100, 300, 0);
        handshake(SocketType.ROUTER, 1);
        assertThat(session.nextDeadline()).isEqualTo(now + 100 * MS);
        now += 100 * MS;
        session.timer();
        assertThat(writtenCommandNames()).containsExactly("READY", "PING");
        now += 100 * MS;
        session.timer();
        now += 100 * MS;
        session.timer();
        assertThat(io.closed).isFalse();
        now += 100 * MS; // 300 ms after the first PING, nothing heard
        session.timer();
        assertThat(io.closed).isTrue();
        assertThat(io.closeReason).startsWith("heartbeat timeout");
    }

    @Test
    void anyTrafficFromThePeerKeepsTheConnectionAlive() {
        session(SocketType.DEALER, -1, 100, 300, 0);
        handshake(SocketType.ROUTER, 1);
        for (int i = 0; i < 50; i++) {
            now += 100 * MS;
            session.timer();
            feed(frame(false, new byte[] {1}));
        }
        assertThat(io.closed).isFalse();
        assertThat(writtenCommandNames()).filteredOn("PING"::equals).hasSize(50);
    }

    @Test
    void ourPingsAnnounceTheConfiguredTtlInTenthsOfASecond() {
        session(SocketType.DEALER, -1, 100, 300, 2500);
        handshake(SocketType.ROUTER, 1);
        now += 100 * MS;
        session.timer();
        List<Object[]> frames = writtenFrames();
        byte[] ping = (byte[]) frames.get(frames.size() - 1)[1];
        assertThat(((ping[5] & 0xff) << 8) | (ping[6] & 0xff)).isEqualTo(25);
    }

    @Test
    void aPeerThatAnnouncedATtlIsDroppedWhenSilentForIt() {
        session(SocketType.ROUTER);
        handshake(SocketType.DEALER, 1);
        feed(command(new PingCommand(5))); // 500 ms
        assertThat(session.nextDeadline()).isEqualTo(now + 500 * MS);
        now += 499 * MS;
        session.timer();
        assertThat(io.closed).isFalse();
        now += MS;
        session.timer();
        assertThat(io.closed).isTrue();
        assertThat(io.closeReason).contains("TTL");
    }

    @Test
    void zmtp30PeersArePingedTooAsLibzmqDoes() {
        session(SocketType.DEALER, -1, 100, 300, 0);
        handshake(SocketType.ROUTER, 0);
        now += 100 * MS;
        session.timer();
        assertThat(writtenCommandNames()).containsExactly("READY", "PING");
    }

    @Test
    void withoutAHeartbeatIntervalNothingIsScheduledOnceActive() {
        session(SocketType.DEALER);
        handshake(SocketType.ROUTER, 1);
        assertThat(session.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }
}
