package io.monocoque.zmq;

import io.monocoque.zmq.testing.RawZmtpPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Large frames in pooled buffers: {@link ZmqSocket#allocateBuffer}, {@link ZmqSocket#sendBuffer}
 * and {@link ZmqSocket#receiveBuffer}, and every path on which the engine must release such a
 * buffer. Netty's leak detector runs at PARANOID and fails this class on any buffer collected
 * unreleased ({@code LeakDetectionExtension}).
 */
@Timeout(60)
class LargeFrameBufferTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger INPROC = new AtomicInteger();

    private static String endpoint(String transport) {
        if (transport.equals("ipc")) {
            return "ipc://*";
        }
        return transport.equals("inproc") ? "inproc://large-" + INPROC.incrementAndGet() : "tcp://127.0.0.1:*";
    }

    private static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private static ZmqBuffer filled(ZmqSocket socket, byte[] content) {
        ZmqBuffer b = socket.allocateBuffer(content.length);
        b.byteBuffer().put(content);
        return b;
    }

    private static byte[] bytes(ZmqBuffer b) {
        ByteBuffer view = b.byteBuffer();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc", "inproc"})
    void buffersOfEverySizeArriveWholeAndInOrderAsBuffers(String transport) {
        int[] sizes = {0, 1, 8 * 1024, 32 * 1024 - 1, 32 * 1024, 65_536, 1_000_000, 3_000_000};
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind(endpoint(transport));
            push.connect(pull.lastEndpoint());
            for (int i = 0; i < sizes.length; i++) {
                push.sendBuffer(filled(push, pattern(sizes[i], i)));
            }
            for (int i = 0; i < sizes.length; i++) {
                try (ZmqBuffer b = pull.receiveBuffer(WAIT)) {
                    assertThat(b).as("frame %d", i).isNotNull();
                    assertThat(b.size()).isEqualTo(sizes[i]);
                    assertThat(bytes(b)).isEqualTo(pattern(sizes[i], i));
                    assertThat(pull.hasReceiveMore()).isFalse();
                }
            }
            assertThat(pull.statistics().bytesReceived()).isEqualTo(push.statistics().bytesSent());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "inproc"})
    void largeFramesSentAsBuffersAreReceivedByTheArrayApisUnchanged(String transport) {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind(endpoint(transport));
            push.connect(pull.lastEndpoint());
            push.sendBuffer(filled(push, pattern(100_000, 1)));
            push.sendBuffer(filled(push, pattern(100_000, 2)));
            push.sendBuffer(filled(push, pattern(100_000, 3)));
            assertThat(pull.receiveBytes(WAIT)).isEqualTo(pattern(100_000, 1));
            ZmqMessage m = pull.receive(WAIT);
            assertThat(m.size()).isEqualTo(1);
            assertThat(m.frame(0)).isEqualTo(pattern(100_000, 2));
            assertThat(pull.receiveAsync().join().frame(0)).isEqualTo(pattern(100_000, 3));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "inproc"})
    void framesSentAsArraysAndMultiFrameMessagesComeOutOfReceiveBufferToo(String transport) {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind(endpoint(transport));
            push.connect(pull.lastEndpoint());
            push.sendWrapped(pattern(50_000, 4));
            push.send(ZmqMessage.of(pattern(20_000, 5), pattern(30_000, 6)));
            push.send("small");
            try (ZmqBuffer b = pull.receiveBuffer(WAIT)) {
                assertThat(bytes(b)).isEqualTo(pattern(50_000, 4));
            }
            try (ZmqBuffer b = pull.receiveBuffer(WAIT)) {
                assertThat(bytes(b)).isEqualTo(pattern(20_000, 5));
                assertThat(pull.hasReceiveMore()).isTrue();
            }
            try (ZmqBuffer b = pull.receiveBuffer(WAIT)) {
                assertThat(bytes(b)).isEqualTo(pattern(30_000, 6));
                assertThat(pull.hasReceiveMore()).isFalse();
            }
            try (ZmqBuffer b = pull.receiveBuffer(WAIT)) {
                assertThat(b.toByteArray()).asString().isEqualTo("small");
            }
        }
    }

    @Test
    void aReceivedBufferIsReadOnlyAndUnusableOnceClosedWhileCloseIsIdempotent() throws Exception {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind("tcp://127.0.0.1:*");
            push.connect(pull.lastEndpoint());
            push.sendBuffer(filled(push, pattern(70_000, 1)));
            ZmqBuffer b = pull.receiveBuffer(WAIT);
            assertThat(b.isOpen()).isTrue();
            assertThat(b.byteBuffer().isDirect()).as("pooled direct memory, no heap copy").isTrue();
            assertThatThrownBy(() -> b.byteBuffer().put((byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
            b.close();
            b.close();
            assertThat(b.isOpen()).isFalse();
            assertThatThrownBy(b::size).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            assertThatThrownBy(b::byteBuffer).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> push.sendBuffer(b)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aSentBufferPassesToTheSocketAndAFailedSendLeavesItWithTheCaller() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            ZmqBuffer b = filled(push, pattern(10_000, 2));
            // No peer: nothing can take it, and it stays the caller's, whole.
            assertThat(push.trySendBuffer(b)).isFalse();
            assertThat(push.sendBuffer(b, Duration.ofMillis(20))).isFalse();
            assertThat(b.isOpen()).isTrue();
            assertThat(bytes(b)).isEqualTo(pattern(10_000, 2));
            b.close();

            assertThatThrownBy(() -> push.allocateBuffer(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void sendingPassesOwnershipSoThatTheSendersCloseAfterwardsDoesNothing() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind(endpoint("inproc"));
            push.connect(pull.lastEndpoint());
            ZmqBuffer sent = filled(push, pattern(20_000, 3));
            push.sendBuffer(sent);
            assertThat(sent.isOpen()).isFalse();
            sent.close(); // a try-with-resources around the send: harmless
            assertThatThrownBy(sent::byteBuffer).isInstanceOf(IllegalStateException.class).hasMessageContaining("sent");
            try (ZmqBuffer b = pull.receiveBuffer(WAIT)) {
                assertThat(bytes(b)).isEqualTo(pattern(20_000, 3));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc", "inproc"})
    void aSocketClosedWithUnreadLargeMessagesReleasesThem(String transport) throws Exception {
        try (ZmqContext ctx = ZmqContext.create()) {
            ZmqSocket pull = ctx.createSocket(SocketType.PULL);
            ZmqSocket push = ctx.createSocket(SocketType.PUSH);
            pull.bind(endpoint(transport));
            push.connect(pull.lastEndpoint());
            for (int i = 0; i < 20; i++) {
                push.sendBuffer(filled(push, pattern(40_000, i)));
            }
            // One read proves they arrived; the other 19 stay unread in the pull's pipe.
            try (ZmqBuffer b = pull.receiveBuffer(WAIT)) {
                assertThat(b.size()).isEqualTo(40_000);
            }
            pull.close();
            push.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "inproc"})
    void unsentBuffersAreReleasedWhenTheSenderClosesWithoutLinger(String transport) {
        try (ZmqContext ctx = ZmqContext.create()) {
            ZmqSocket pull = ctx.createSocket(SocketType.PULL);
            pull.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 2);
            pull.bind(endpoint(transport));
            ZmqSocket push = ctx.createSocket(SocketType.PUSH);
            push.setOption(SocketOption.LINGER, Duration.ZERO);
            push.setOption(SocketOption.SEND_HIGH_WATER_MARK, 50);
            push.connect(pull.lastEndpoint());
            int sent = 0;
            while (sent < 2000) {
                ZmqBuffer b = filled(push, pattern(100_000, sent));
                if (!push.sendBuffer(b, Duration.ofMillis(200))) {
                    b.close(); // not sent: still ours
                    break;
                }
                sent++;
            }
            assertThat(sent).as("the pipes (and the kernel's buffers) filled up").isLessThan(2000);
            push.close();
            pull.close();
        }
    }

    @Test
    void aConnecterThatNeverConnectedReleasesWhatWasQueuedForItAtClose() throws Exception {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket probe = ctx.createSocket(SocketType.PULL)) {
            probe.bind("tcp://127.0.0.1:*");
            String endpoint = probe.lastEndpoint();
            probe.unbind(endpoint); // a port nobody listens on now
            ZmqSocket push = ctx.createSocket(SocketType.PUSH);
            push.setOption(SocketOption.LINGER, Duration.ZERO);
            push.connect(endpoint);
            for (int i = 0; i < 5; i++) {
                assertThat(push.trySendBuffer(filled(push, pattern(20_000, i)))).isTrue();
            }
            push.close();
        }
    }

    @Test
    void aConflatingPullKeepsOnlyTheNewestLargeMessage() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.setOption(SocketOption.CONFLATE, true);
            pull.bind("tcp://127.0.0.1:*");
            push.connect(pull.lastEndpoint());
            for (int i = 0; i < 30; i++) {
                push.sendBuffer(filled(push, pattern(50_000, i)));
            }
            byte[] last = pattern(50_000, 29);
            long deadline = System.nanoTime() + WAIT.toNanos();
            byte[] got = null;
            while (System.nanoTime() < deadline) {
                byte[] m = pull.receiveBytes(WAIT);
                if (java.util.Arrays.equals(m, last)) {
                    got = m;
                    break;
                }
            }
            assertThat(got).as("the newest message").isNotNull();
        }
    }

    /** Whether {@code s} received a message within 50 ms; every one it holds is taken and must be {@code expected}. */
    private static boolean receivedCopiesOf(ZmqSocket s, byte[] expected) {
        boolean any = false;
        for (ZmqBuffer b = s.receiveBuffer(Duration.ofMillis(50)); b != null; b = s.tryReceiveBuffer()) {
            try (ZmqBuffer f = b) {
                assertThat(bytes(f)).isEqualTo(expected);
            }
            any = true;
        }
        return any;
    }

    /** The first message {@code s} receives whose content is not {@code skipped}. */
    private static byte[] nextOtherThan(ZmqSocket s, byte[] skipped) {
        while (true) {
            ZmqBuffer b = s.receiveBuffer(WAIT);
            assertThat(b).isNotNull();
            byte[] content;
            try (ZmqBuffer f = b) {
                content = bytes(f);
            }
            if (!java.util.Arrays.equals(content, skipped)) {
                return content;
            }
        }
    }

    @Test
    void aReqSendsABufferInsideItsEnvelopeAndTheRepliesComeBackAsBuffersToo() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket rep = ctx.createSocket(SocketType.REP);
             ZmqSocket req = ctx.createSocket(SocketType.REQ)) {
            rep.bind("tcp://127.0.0.1:*");
            req.connect(rep.lastEndpoint());
            for (int i = 0; i < 3; i++) {
                byte[] request = pattern(50_000, i);
                req.sendBuffer(filled(req, request));
                ZmqMessage got = rep.receive(WAIT);
                assertThat(got).as("request %d", i).isNotNull();
                assertThat(got.size()).as("the REP strips REQ's envelope").isEqualTo(1);
                assertThat(got.frame(0)).isEqualTo(request);
                byte[] reply = pattern(60_000, 100 + i);
                rep.sendBuffer(filled(rep, reply));
                try (ZmqBuffer b = req.receiveBuffer(WAIT)) {
                    assertThat(b).as("reply %d", i).isNotNull();
                    assertThat(bytes(b)).isEqualTo(reply);
                }
            }
        }
    }

    @Test
    void aPublisherSendsCopiesOfABufferToEverySubscriberAndUnsubscribedOnesAreDropped() throws Exception {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pub = ctx.createSocket(SocketType.PUB);
             ZmqSocket a = ctx.createSocket(SocketType.SUB);
             ZmqSocket b = ctx.createSocket(SocketType.SUB);
             ZmqSocket none = ctx.createSocket(SocketType.SUB)) {
            pub.bind("tcp://127.0.0.1:*");
            a.subscribe("");
            b.subscribe("");
            none.subscribe("nothing-starts-like-this");
            a.connect(pub.lastEndpoint());
            b.connect(pub.lastEndpoint());
            none.connect(pub.lastEndpoint());
            byte[] one = pattern(60_000, 1);
            // Until both subscriptions have arrived, publish and look: PUB drops what it sends
            // before a subscription has reached it.
            boolean aSubscribed = false;
            boolean bSubscribed = false;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!(aSubscribed && bSubscribed) && System.nanoTime() < deadline) {
                pub.sendBuffer(filled(pub, one));
                aSubscribed |= receivedCopiesOf(a, one);
                bSubscribed |= receivedCopiesOf(b, one);
            }
            assertThat(aSubscribed).isTrue();
            assertThat(bSubscribed).isTrue();
            // Now every message reaches both, after the copies of the first still on their way.
            byte[] two = pattern(60_000, 2);
            pub.sendBuffer(filled(pub, two));
            assertThat(nextOtherThan(a, one)).isEqualTo(two);
            assertThat(nextOtherThan(b, one)).isEqualTo(two);
            assertThat(none.tryReceiveBuffer()).isNull();
        }
    }

    @Test
    void aCurveConnectionCarriesBuffersBothWays() {
        CurveKeyPair server = CurveKeyPair.generate();
        CurveKeyPair client = CurveKeyPair.generate();
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.setOption(SocketOption.CURVE_SERVER, true);
            pull.setOption(SocketOption.CURVE_SECRET_KEY, server.secretKey());
            push.setOption(SocketOption.CURVE_SERVER_KEY, server.publicKey());
            push.setOption(SocketOption.CURVE_PUBLIC_KEY, client.publicKey());
            push.setOption(SocketOption.CURVE_SECRET_KEY, client.secretKey());
            pull.bind("tcp://127.0.0.1:*");
            push.connect(pull.lastEndpoint());
            for (int i = 0; i < 5; i++) {
                push.sendBuffer(filled(push, pattern(100_000, i)));
            }
            for (int i = 0; i < 5; i++) {
                try (ZmqBuffer b = pull.receiveBuffer(WAIT)) {
                    assertThat(bytes(b)).isEqualTo(pattern(100_000, i));
                }
            }
        }
    }

    @Test
    void aJeroMqPeerReadsBuffersWeSendAndWeReadItsLargeFramesAsBuffers() {
        try (ZContext jctx = new ZContext();
             ZMQ.Socket jpull = jctx.createSocket(org.zeromq.SocketType.PULL);
             ZMQ.Socket jpush = jctx.createSocket(org.zeromq.SocketType.PUSH);
             ZmqContext ctx = ZmqContext.create();
             ZmqSocket push = ctx.createSocket(SocketType.PUSH);
             ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            // Both JeroMQ sockets connect before either carries traffic. When JeroMQ's PUSH
            // connected only after its context had received the first half's frames, about 1 round
            // in 8 stalled for good: the TCP connection to our PULL was established and our side
            // had sent its greeting's 10-byte signature, which sat unread in JeroMQ's socket
            // (ss: Recv-Q 10) while JeroMQ's I/O thread idled in select and JeroMQ sent nothing;
            // its engine never started on that connection. The same happens at c43a6c7 and before.
            pull.bind("tcp://127.0.0.1:*");
            jpush.connect(pull.lastEndpoint());
            int port = jpull.bindToRandomPort("tcp://127.0.0.1");
            jpull.setReceiveTimeOut(10_000);
            push.connect("tcp://127.0.0.1:" + port);
            for (int i = 0; i < 10; i++) {
                push.sendBuffer(filled(push, pattern(65_536, i)));
            }
            for (int i = 0; i < 10; i++) {
                byte[] got = jpull.recv();
                assertThat(got).as("JeroMQ's frame %d", i).isEqualTo(pattern(65_536, i));
                assertThat(jpull.hasReceiveMore()).isFalse();
            }

            for (int i = 0; i < 10; i++) {
                jpush.send(pattern(200_000, i), 0);
            }
            for (int i = 0; i < 10; i++) {
                try (ZmqBuffer b = pull.receiveBuffer(WAIT)) {
                    assertThat(bytes(b)).isEqualTo(pattern(200_000, i));
                }
            }
        }
    }

    @Test
    void aPeerThatDeclaresAHugeFrameAndSendsALittleCostsWhatItSentAndIsReleasedWhenItLeaves() throws Exception {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.setOption(SocketOption.LINGER, Duration.ZERO);
            pull.bind("tcp://127.0.0.1:*");
            for (int round = 0; round < 5; round++) {
                try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
                    peer.handshake("PUSH");
                    peer.write(ByteBuffer.allocate(9).put((byte) 0x02).putLong(1L << 30).array());
                    peer.write(new byte[100_000]);
                }
            }
            // The socket keeps serving: a well-behaved peer's large frame arrives as ever.
            push.connect(pull.lastEndpoint());
            push.sendBuffer(filled(push, pattern(70_000, 5)));
            try (ZmqBuffer b = pull.receiveBuffer(WAIT)) {
                assertThat(bytes(b)).isEqualTo(pattern(70_000, 5));
            }
        }
    }
}
