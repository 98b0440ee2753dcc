package io.monocoque.zmq.transport;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.PeerInfo;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.EndpointHandle;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.socket.EngineContext;
import io.monocoque.zmq.socket.SocketBase;
import io.monocoque.zmq.socket.Sockets;
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
 * A STREAM's raw connection over an {@link EmbeddedChannel}: attached as soon as it is active,
 * the bytes as read up and as sent down, the connect and disconnect notifications, reading held
 * back at the receive high-water mark, and the close an empty frame asks for.
 */
class RawConnectionTest {

    private static final long WAIT = 1_000_000_000L;

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
    private boolean closedBySocket;

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
            closedBySocket = connection.closedBySocket();
        }
    };

    private void open(int receiveHwm, boolean notify) {
        socket = Sockets.create(SocketType.STREAM, engine);
        socket.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, receiveHwm);
        socket.setOption(SocketOption.STREAM_NOTIFY, notify);
        socket.setOption(SocketOption.LINGER, Duration.ZERO);
        socket.addMonitor(events::add);
        channel = new EmbeddedChannel(new RawConnection(socket, "tcp://embedded", side));
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

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

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

    /** The next message, running the embedded loop's tasks (the socket's wake-ups) while it waits. */
    private ZmqMessage next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            channel.runPendingTasks();
            ZmqMessage m = socket.receive(1_000_000L);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    @Test
    void nothingIsWrittenOnConnectAndTheSocketHearsOfThePeerAtOnce() {
        open(1000, true);
        assertThat(written()).as("no greeting").isEmpty();
        ZmqMessage hello = socket.receive(WAIT);
        assertThat(hello.size()).isEqualTo(2);
        assertThat(hello.frame(0)).hasSize(5);
        assertThat(hello.frameLength(1)).isZero();
        assertThat(events).noneMatch(e -> e.type() == MonitorEventType.HANDSHAKE_SUCCEEDED);
    }

    @Test
    void eachReadArrivesAsItCameAndWhatTheSocketSendsIsWrittenUnframed() {
        open(1000, false);
        channel.writeInbound(text("\u00ff\u0000zmtp-looking"), text(" bytes"));
        ZmqMessage first = socket.receive(WAIT);
        ZmqMessage second = socket.receive(WAIT);
        assertThat(first.frame(1)).isEqualTo("\u00ff\u0000zmtp-looking".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(second.frameString(1)).isEqualTo(" bytes");
        assertThat(second.frame(0)).isEqualTo(first.frame(0));
        socket.send(ZmqMessage.of(first.frame(0), "reply".getBytes(StandardCharsets.US_ASCII)), WAIT);
        channel.runPendingTasks();
        assertThat(new String(written(), StandardCharsets.US_ASCII)).isEqualTo("reply");
    }

    @Test
    void readingStopsAtTheReceiveHighWaterMarkAndResumesAsTheSocketDrains() {
        open(2, false);
        channel.writeInbound(text("r0"));
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.writeInbound(text("r1"));
        assertThat(channel.config().isAutoRead()).as("auto-read off with two reads queued").isFalse();
        // What Netty had read already still goes up: one read beyond the mark, never more held.
        channel.writeInbound(text("r2"));
        for (int i = 0; i < 3; i++) {
            assertThat(next().frameString(1)).as("read %d", i).isEqualTo("r" + i);
        }
        assertThat(socket.receive(1_000_000L)).isNull();
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).as("auto-read back on once drained").isTrue();
    }

    @Test
    void anEmptyFrameClosesTheChannelAfterWritingWhatCameBeforeIt() {
        open(1000, true);
        byte[] id = socket.receive(WAIT).frame(0);
        socket.send(ZmqMessage.of(id, "bye".getBytes(StandardCharsets.US_ASCII)), WAIT);
        socket.send(ZmqMessage.of(id, new byte[0]), WAIT);
        channel.runPendingTasks();
        assertThat(new String(written(), StandardCharsets.US_ASCII)).isEqualTo("bye");
        assertThat(channel.isOpen()).isFalse();
        assertThat(closedSeen && closedBySocket).as("the side is told the socket closed it").isTrue();
        assertThat(socket.receive(1_000_000L)).as("no disconnect notification for a close the socket asked for").isNull();
    }

    @Test
    void thePeerHangingUpDeliversADisconnectNotificationAfterItsLastBytes() {
        open(1000, true);
        byte[] id = socket.receive(WAIT).frame(0);
        channel.writeInbound(text("last"));
        channel.close();
        assertThat(socket.receive(WAIT).frameString(1)).isEqualTo("last");
        ZmqMessage bye = socket.receive(WAIT);
        assertThat(bye.frame(0)).isEqualTo(id);
        assertThat(bye.frameLength(1)).isZero();
        assertThat(closedSeen && !closedBySocket).isTrue();
        assertThat(events).anyMatch(e -> e.type() == MonitorEventType.DISCONNECTED);
    }
}
