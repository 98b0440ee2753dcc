package io.monocoque.zmq.transport;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.PeerInfo;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.security.NullMechanism;
import io.monocoque.zmq.pipe.EndpointHandle;
import io.monocoque.zmq.socket.EngineContext;
import io.monocoque.zmq.socket.SocketBase;
import io.monocoque.zmq.socket.Sockets;
import io.monocoque.zmq.wire.Greeting;
import io.monocoque.zmq.wire.Metadata;
import io.monocoque.zmq.wire.ReadyCommand;
import io.monocoque.zmq.wire.ZmtpFrameEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Netty handler over an {@link EmbeddedChannel}: it feeds the session, writes what the session
 * asks for, attaches the pipe on success, holds reading back at the receive high-water mark and
 * reports the end of the connection. The protocol itself is {@code ZmtpSessionTest}'s.
 */
class ZmtpConnectionTest {

    private final List<MonitorEvent> events = new CopyOnWriteArrayList<>();
    private final EngineContext engine = new EngineContext() {
        @Override
        public EndpointHandle bind(SocketBase socket, String endpoint) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EndpointHandle connect(SocketBase socket, String endpoint) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Executor eventExecutor() {
            return Runnable::run;
        }

        @Override
        public void socketClosed(SocketBase socket) {
        }
    };
    private SocketBase socket;
    private EmbeddedChannel channel;
    private boolean closedSeen;

    /** Attaches like a listener does: a new pipe per connection. */
    private final ConnectionSide side = new ConnectionSide() {
        @Override
        public void active(Connection connection) {
        }

        @Override
        public Attachment attach(Connection connection, PeerInfo peer, byte[] routingId) {
            Pipe[] pair = Pipe.pair(1000, socket.getOption(SocketOption.RECEIVE_HIGH_WATER_MARK));
            pair[0].setPeerInfo(peer);
            pair[1].setOwner(connection);
            String refusal = socket.attachPipe(pair[0], true);
            return refusal == null ? Attachment.of(pair[0]) : Attachment.refused(refusal);
        }

        @Override
        public boolean connecting() {
            return false;
        }

        @Override
        public void letGo(Connection connection, Pipe pipe, boolean attached) {
            if (attached) {
                pipe.peer().terminate();
            }
        }

        @Override
        public void closed(Connection connection, Pipe pipe, boolean attached) {
            closedSeen = true;
        }
    };

    private ZmtpConnection connection;

    private void open(SocketType type, int receiveHwm) {
        socket = Sockets.create(type, engine);
        socket.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, receiveHwm);
        socket.setOption(SocketOption.LINGER, Duration.ZERO);
        socket.addMonitor(events::add);
        connection = new ZmtpConnection(socket, ConnectionOptions.of(socket), ConnectionOptions.of(socket).sessionConfig("tcp://embedded"), side, new NullMechanism());
        channel = new EmbeddedChannel(connection);
    }

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        if (socket != null) {
            socket.close();
        }
    }

    private static ByteBuf peerGreeting() {
        ByteBuf b = Unpooled.buffer();
        Greeting.ours("NULL", false).encode(b);
        return b;
    }

    private static ByteBuf command(ReadyCommand c) {
        ByteBuf b = Unpooled.buffer();
        ZmtpFrameEncoder.writeCommand(b, c);
        return b;
    }

    private static ByteBuf frames(int n) {
        ByteBuf b = Unpooled.buffer();
        for (int i = 0; i < n; i++) {
            byte[] body = ("m" + i).getBytes(StandardCharsets.US_ASCII);
            ZmtpFrameEncoder.writeFrame(b, false, body, 0, body.length);
        }
        return b;
    }

    /** Everything the handler wrote so far, as one array. */
    private byte[] written() {
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
        byte[] bytes = ByteBufUtil.getBytes(all);
        all.release();
        return bytes;
    }

    private void handshake(String peerType) {
        channel.writeInbound(peerGreeting());
        channel.writeInbound(command(new ReadyCommand(Metadata.of(Metadata.SOCKET_TYPE, peerType))));
        channel.runPendingTasks();
    }

    @Test
    void theGreetingGoesOutInStagesAndTheHandshakeAttachesAPipe() {
        open(SocketType.PULL, 1000);
        assertThat(written()).as("only the signature before the peer has said anything").hasSize(10);
        handshake("PUSH");
        byte[] out = written();
        assertThat(out.length).as("the rest of the greeting, then READY").isGreaterThan(Greeting.SIZE - 10);
        assertThat(events).anyMatch(e -> e.type() == MonitorEventType.HANDSHAKE_SUCCEEDED);
        channel.writeInbound(frames(3));
        channel.runPendingTasks();
        for (int i = 0; i < 3; i++) {
            assertThat(socket.receive(1_000_000_000L)).isEqualTo(ZmqMessage.of("m" + i));
        }
    }

    @Test
    void readingStopsAtTheReceiveHighWaterMarkAndResumesAsTheSocketDrains() {
        open(SocketType.PULL, 2);
        handshake("PUSH");
        channel.writeInbound(frames(10));
        assertThat(channel.config().isAutoRead()).as("auto-read off while the socket is full").isFalse();
        for (int i = 0; i < 10; i++) {
            // The embedded event loop runs the handler's resume only when asked to: the socket's
            // wake-up, sent when its reader finds the pipe empty, is a task on that loop.
            ZmqMessage m = null;
            for (int attempt = 0; m == null && attempt < 100; attempt++) {
                channel.runPendingTasks();
                m = socket.receive(1_000_000L);
            }
            assertThat(m).as("message %d", i).isEqualTo(ZmqMessage.of("m" + i));
        }
        assertThat(socket.receive(1_000_000L)).as("nothing beyond the ten").isNull();
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).as("auto-read back on once drained").isTrue();
    }

    @Test
    void aProtocolErrorClosesTheChannelWithAMonitorEvent() {
        open(SocketType.PULL, 1000);
        ByteBuf bad = peerGreeting();
        bad.setByte(12, '!');
        channel.writeInbound(bad);
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL);
            assertThat(e.reason()).contains("mechanism name");
        });
        assertThat(events).as("the failure is reported once, with its detail")
                .noneMatch(e -> e.type() == MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL);
        assertThat(closedSeen).isTrue();
    }

    @Test
    void thePeerClosingDuringTheGreetingIsAHandshakeFailureWithoutDetail() {
        open(SocketType.PULL, 1000);
        ByteBuf partial = peerGreeting();
        partial.writerIndex(20);
        channel.writeInbound(partial);
        channel.close();
        channel.runPendingTasks();
        assertThat(events).extracting(MonitorEvent::type)
                .containsSubsequence(MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL, MonitorEventType.DISCONNECTED);
        assertThat(events).filteredOn(e -> e.type() == MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL)
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("peer closed the connection during the handshake"));
        assertThat(socket.statistics().handshakeFailures()).isEqualTo(1);
    }

    @Test
    void theSocketLettingGoDuringTheHandshakeIsNoHandshakeFailure() {
        open(SocketType.PULL, 1000);
        connection.socketReleased(); // an unbind while the peer has not greeted yet
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(events).anyMatch(e -> e.type() == MonitorEventType.DISCONNECTED);
        assertThat(events).noneMatch(e -> e.type() == MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL);
        assertThat(socket.statistics().handshakeFailures()).isZero();
    }

    @Test
    void thePeerClosingReportsDisconnectedAndTerminatesThePipe() {
        open(SocketType.PULL, 1000);
        handshake("PUSH");
        channel.close();
        channel.runPendingTasks();
        assertThat(events).anyMatch(e -> e.type() == MonitorEventType.DISCONNECTED);
        assertThat(events).as("the handshake had finished").noneMatch(e -> e.type() == MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL);
        assertThat(closedSeen).isTrue();
    }
}
