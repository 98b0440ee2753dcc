package io.monocoque.zmq.interop;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.RawZmtpPeer;
import io.monocoque.zmq.wire.Greeting;
import io.monocoque.zmq.wire.Metadata;
import io.monocoque.zmq.wire.ReadyCommand;
import io.monocoque.zmq.wire.ZmtpFrameEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suspected cause of the JeroMQ PUB → Monocoque SUB flake, checked against JeroMQ 0.6.0 on
 * the wire: JeroMQ's NULL handshake keeps decoding with its handshake-command handler until its
 * <em>own</em> READY has gone out, so a data frame that arrives in the same read as the peer's
 * READY, before JeroMQ has written its READY, is taken for a second handshake command: protocol
 * error, connection closed, and a connecting JeroMQ socket never reconnects after a protocol
 * error. A peer that sends data before it has the other side's READY can therefore lose a
 * JeroMQ publisher for good. Monocoque does not do that: like libzmq it sends nothing after its
 * READY until the peer's READY is in, which the last test keeps true.
 */
@Timeout(30)
class JeroMqReadyThenDataOrderTest {

    private static final byte[] SUBSCRIBE_ALL = {1};

    private static byte[] greetingReadyAnd(byte[]... dataFrames) {
        ByteBuf b = Unpooled.buffer();
        try {
            new Greeting(3, 0, "NULL", false).encode(b);
            ZmtpFrameEncoder.writeCommand(b, new ReadyCommand(Metadata.of(Metadata.SOCKET_TYPE, "SUB")));
            for (byte[] f : dataFrames) {
                ZmtpFrameEncoder.writeFrame(b, false, f, 0, f.length);
            }
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            return bytes;
        } finally {
            b.release();
        }
    }

    @Test
    void jeroMqPubDropsAPeerWhoseSubscriptionArrivesInTheSameReadAsItsReady() throws Exception {
        try (ZContext ctx = new ZContext(); ZMQ.Socket pub = ctx.createSocket(org.zeromq.SocketType.PUB)) {
            pub.setLinger(0);
            int port = pub.bindToRandomPort("tcp://127.0.0.1");
            try (RawZmtpPeer peer = new RawZmtpPeer("tcp://127.0.0.1:" + port)) {
                // Greeting, READY and a subscription in one write: JeroMQ reads the greeting,
                // then READY and the subscription in one read, before its own READY is out.
                peer.write(greetingReadyAnd(SUBSCRIBE_ALL));
                assertThat(peer.closedByPeer()).as("JeroMQ closes the connection (a second 'handshake command')").isTrue();
            }
        }
    }

    @Test
    void jeroMqPubServesTheSameSubscriptionSentAfterItsReady() throws Exception {
        try (ZContext ctx = new ZContext(); ZMQ.Socket pub = ctx.createSocket(org.zeromq.SocketType.PUB)) {
            pub.setLinger(0);
            int port = pub.bindToRandomPort("tcp://127.0.0.1");
            try (RawZmtpPeer peer = new RawZmtpPeer("tcp://127.0.0.1:" + port)) {
                peer.write(greetingReadyAnd());
                assertThat(peer.readGreeting().minor()).as("JeroMQ speaks ZMTP 3.0").isZero();
                assertThat(peer.readFrame().commandName()).isEqualTo("READY");
                peer.sendFrame(false, SUBSCRIBE_ALL);
                // The subscription reaches the PUB asynchronously: publish until one arrives.
                RawZmtpPeer.Frame f = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (f == null && System.nanoTime() < deadline) {
                    pub.send("published");
                    f = peer.readFrameWithin(Duration.ofMillis(50));
                }
                assertThat(f).as("a message published after the subscription").isNotNull();
                assertThat(new String(f.body(), StandardCharsets.US_ASCII)).isEqualTo("published");
            }
        }
    }

    @Test
    void monocoqueSubSendsItsSubscriptionsOnlyOnceThePeersReadyIsIn() throws Exception {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket sub = ctx.createSocket(SocketType.SUB)) {
            sub.setOption(SocketOption.LINGER, Duration.ZERO);
            sub.subscribe("topic");
            sub.bind("tcp://127.0.0.1:*");
            try (RawZmtpPeer peer = new RawZmtpPeer(sub.lastEndpoint())) {
                ByteBuf g = Unpooled.buffer(Greeting.SIZE);
                new Greeting(3, 0, "NULL", false).encode(g);
                peer.write(g);
                peer.readGreeting();
                assertThat(peer.readFrame().commandName()).isEqualTo("READY");
                assertThat(peer.sendsNothingWithin(Duration.ofMillis(300)))
                        .as("no subscription before the peer's READY").isTrue();
                peer.sendCommand(new ReadyCommand(Metadata.of(Metadata.SOCKET_TYPE, "PUB")));
                RawZmtpPeer.Frame f = peer.readFrame();
                assertThat(f.command()).as("to a ZMTP 3.0 peer a subscription is a message").isFalse();
                assertThat(f.body()).isEqualTo("\u0001topic".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }
}
