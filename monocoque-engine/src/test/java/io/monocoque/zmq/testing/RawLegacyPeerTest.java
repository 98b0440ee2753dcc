package io.monocoque.zmq.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.testing.RawLegacyPeer.Version;
import io.monocoque.zmq.wire.FrameHandler;
import io.monocoque.zmq.wire.Greeting;
import io.monocoque.zmq.wire.GreetingExchange;
import io.monocoque.zmq.wire.LegacyIdentity;
import io.monocoque.zmq.wire.PeerVersion;
import io.monocoque.zmq.wire.Zmtp1FrameDecoder;
import io.monocoque.zmq.wire.Zmtp1FrameEncoder;
import io.monocoque.zmq.wire.Zmtp2FrameDecoder;
import io.monocoque.zmq.wire.Zmtp2FrameEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The raw legacy peer against the engine's own sans-I/O wire pieces, over a real loopback TCP
 * connection: the "engine side" here is {@link GreetingExchange} plus the 1.0/2.0 codecs, driven
 * by hand, so the two independent implementations of each framing check each other.
 */
class RawLegacyPeerTest {

    private static final byte[] LARGE = filled(70_000);

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The accepted end of the connection, fed through the wire pieces as a session would. */
    private static final class WireSide implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final ByteBuf received = Unpooled.buffer();

        WireSide(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(RawLegacyPeer.READ_TIMEOUT_MILLIS);
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Blocks for at least one more byte and appends whatever arrived. */
        void readMore() throws IOException {
            byte[] chunk = new byte[8192];
            int n = in.read(chunk);
            if (n < 0) {
                throw new IOException("peer closed");
            }
            received.writeBytes(chunk, 0, n);
        }

        void flush(ByteBuf buf) throws IOException {
            try {
                out.write(ByteBufUtil.getBytes(buf));
                out.flush();
            } finally {
                buf.release();
            }
        }

        PeerVersion greet(GreetingExchange exchange) throws IOException {
            ByteBuf start = Unpooled.buffer();
            exchange.start(start);
            flush(start);
            return untilComplete(exchange);
        }

        PeerVersion untilComplete(GreetingExchange exchange) throws IOException {
            while (true) {
                ByteBuf reply = Unpooled.buffer();
                PeerVersion v = exchange.onReceived(received, reply);
                flush(reply);
                if (v.complete()) {
                    return v;
                }
                readMore();
            }
        }

        byte[] identity(Function<ByteBuf, byte[]> reader) throws IOException {
            byte[] identity;
            while ((identity = reader.apply(received)) == null) {
                readMore();
            }
            return identity;
        }

        List<byte[]> message(java.util.function.BiConsumer<ByteBuf, FrameHandler> decoder) throws IOException {
            List<byte[]> frames = new ArrayList<>();
            boolean[] done = {false};
            while (true) {
                decoder.accept(received, (more, command, content) -> {
                    assertThat(command).isFalse();
                    frames.add(ByteBufUtil.getBytes(content));
                    done[0] = !more;
                    return !done[0];
                });
                if (done[0]) {
                    return frames;
                }
                readMore();
            }
        }

        @Override
        public void close() throws IOException {
            received.release();
            socket.close();
        }
    }

    @Test
    void zmtp20PeerAndTheWirePiecesExchangeGreetingsIdentitiesAndMessages() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                RawLegacyPeer peer = RawLegacyPeer.connect("tcp://127.0.0.1:" + server.getLocalPort(), Version.ZMTP_2_0);
                WireSide engine = new WireSide(server.accept())) {
            peer.sendGreeting(0x05, ascii("dealer-1"));
            PeerVersion v = engine.greet(new GreetingExchange(Greeting.ours("NULL", false), SocketType.ROUTER, new byte[0], false));
            assertThat(v.stage()).isEqualTo(PeerVersion.Stage.ZMTP_2_0);
            assertThat(v.socketTypeCode()).isEqualTo(0x05);
            engine.received.skipBytes(v.greetingSize());
            assertThat(engine.identity(LegacyIdentity::readZmtp2)).isEqualTo(ascii("dealer-1"));

            RawLegacyPeer.Greeting theirs = peer.readGreeting();
            assertThat(theirs.revision()).isEqualTo(3);
            assertThat(theirs.socketType()).isEqualTo(0x06);
            assertThat(theirs.identity()).isEmpty();

            Zmtp2FrameDecoder decoder = new Zmtp2FrameDecoder(-1);
            peer.sendMessage(ascii("hello"), new byte[0], LARGE);
            List<byte[]> got = engine.message(decoder::decode);
            assertThat(got).containsExactly(ascii("hello"), new byte[0], LARGE);

            ByteBuf reply = Unpooled.buffer();
            Zmtp2FrameEncoder.writeFrame(reply, true, LARGE, 0, LARGE.length);
            Zmtp2FrameEncoder.writeFrame(reply, false, ascii("world"), 0, 5);
            engine.flush(reply);
            assertThat(peer.readMessage()).containsExactly(LARGE, ascii("world"));
        }
    }

    @Test
    void zmtp10PeerAndTheWirePiecesExchangeIdentitiesAndMessages() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                RawLegacyPeer peer = RawLegacyPeer.connect("tcp://127.0.0.1:" + server.getLocalPort(), Version.ZMTP_1_0);
                WireSide engine = new WireSide(server.accept())) {
            peer.sendGreeting(-1, ascii("old-timer"));
            PeerVersion v = engine.greet(new GreetingExchange(Greeting.ours("NULL", false), SocketType.PUB, ascii("pub"), false));
            assertThat(v.isUnversioned()).isTrue();
            assertThat(engine.identity(LegacyIdentity::readZmtp1)).isEqualTo(ascii("old-timer"));
            // The engine's pseudo-signature plus the identity bytes read as one 1.0 identity frame.
            assertThat(peer.readGreeting().identity()).isEqualTo(ascii("pub"));

            Zmtp1FrameDecoder decoder = new Zmtp1FrameDecoder(-1);
            byte[] b253 = Arrays.copyOf(LARGE, 253);
            byte[] b254 = Arrays.copyOf(LARGE, 254);
            peer.sendMessage(b253, b254, LARGE);
            assertThat(engine.message(decoder::decode)).containsExactly(b253, b254, LARGE);

            ByteBuf reply = Unpooled.buffer();
            Zmtp1FrameEncoder.writeFrame(reply, true, b254, 0, b254.length);
            Zmtp1FrameEncoder.writeFrame(reply, false, new byte[0], 0, 0);
            engine.flush(reply);
            assertThat(peer.readMessage()).containsExactly(b254, new byte[0]);
        }
    }

    @Test
    void zmtp20PeerSendingItsGreetingInTwoHalvesAsLibzmq3DoesIsAnsweredStageByStage() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                RawLegacyPeer peer = RawLegacyPeer.connect("tcp://127.0.0.1:" + server.getLocalPort(), Version.ZMTP_2_0);
                WireSide engine = new WireSide(server.accept())) {
            GreetingExchange exchange = new GreetingExchange(Greeting.ours("NULL", false), SocketType.PULL, new byte[0], false);
            ByteBuf start = Unpooled.buffer();
            exchange.start(start);
            engine.flush(start);
            peer.sendSignature(0);
            while (engine.received.readableBytes() < 10) {
                engine.readMore();
            }
            ByteBuf major = Unpooled.buffer();
            assertThat(exchange.onReceived(engine.received, major).stage()).isEqualTo(PeerVersion.Stage.VERSIONED);
            assertThat(ByteBufUtil.getBytes(major)).containsExactly(3);
            engine.flush(major);
            peer.sendRevisionAndIdentity(0x08, new byte[0]);
            assertThat(engine.untilComplete(exchange).complete()).isTrue();
            assertThat(peer.readGreeting().socketType()).isEqualTo(0x07);
        }
    }
}
