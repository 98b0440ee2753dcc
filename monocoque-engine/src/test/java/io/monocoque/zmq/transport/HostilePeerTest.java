package io.monocoque.zmq.transport;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.RawZmtpPeer;
import io.monocoque.zmq.wire.PingCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Peers that break the protocol get a closed connection (with an ERROR command where ZMTP
 * allows one) and a monitor event, and the socket goes on serving everyone else.
 */
class HostilePeerTest {

    private ZmqContext ctx;
    private final List<MonitorEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        ctx = ZmqContext.create();
    }

    @AfterEach
    void tearDown() {
        ctx.close();
    }

    private ZmqSocket bound(SocketType type) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        s.monitor(events::add);
        s.bind("tcp://127.0.0.1:*");
        return s;
    }

    private void awaitEvent(MonitorEventType type, String reasonFragment) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events)
                .anySatisfy(e -> {
                    assertThat(e.type()).isEqualTo(type);
                    assertThat(e.reason()).containsIgnoringCase(reasonFragment);
                }));
    }

    /** The socket still works: a well-behaved PUSH/PULL or PUB/SUB exchange goes through. */
    private void assertPullStillServes(ZmqSocket pull) {
        try (ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            push.setOption(SocketOption.LINGER, Duration.ofSeconds(1));
            push.connect(pull.lastEndpoint());
            push.send(ZmqMessage.of("still", "serving"));
            ZmqMessage m = pull.receive(Duration.ofSeconds(5));
            assertThat(m).isEqualTo(ZmqMessage.of("still", "serving"));
        }
    }

    @Test
    void aPeerThatHangsUpMidGreetingIsReportedAsAHandshakeFailureWithoutDetail() throws Exception {
        ZmqSocket pull = bound(SocketType.PULL);
        try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
            peer.readBytes(10); // our signature: the greeting is under way
            peer.write(new byte[] {(byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 3}); // its signature, then gone
        }
        awaitEvent(MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL, "during the handshake");
        // libzmq's order: the handshake failure, then the disconnect, for the same endpoint.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events)
                .filteredOn(e -> e.type() == MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL
                        || e.type() == MonitorEventType.DISCONNECTED)
                .extracting(MonitorEvent::type)
                .containsExactly(MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL, MonitorEventType.DISCONNECTED));
        assertThat(pull.statistics().handshakeFailures()).isEqualTo(1);
        assertPullStillServes(pull);
    }

    @Test
    void incompatibleSocketTypeGetsAnErrorCommandAndTheSocketServesOthers() throws Exception {
        ZmqSocket pull = bound(SocketType.PULL);
        try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
            RawZmtpPeer.Frame ready = peer.handshake("PUB");
            assertThat(ready.command()).isTrue();
            assertThat(ready.commandName()).isEqualTo("READY");
            RawZmtpPeer.Frame error = peer.readFrame();
            assertThat(error.command()).isTrue();
            assertThat(error.commandName()).isEqualTo("ERROR");
            assertThat(peer.closedByPeer()).isTrue();
        }
        awaitEvent(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "PUB");
        assertPullStillServes(pull);
    }

    @Test
    void oversizedFrameClosesThatConnectionOnly() throws Exception {
        ZmqSocket pull = ctx.createSocket(SocketType.PULL);
        pull.setOption(SocketOption.MAX_MESSAGE_SIZE, 1000L);
        pull.setOption(SocketOption.LINGER, Duration.ZERO);
        pull.monitor(events::add);
        pull.bind("tcp://127.0.0.1:*");
        try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
            peer.handshake("PUSH");
            peer.sendFrame(false, new byte[10]);
            assertThat(pull.receive(Duration.ofSeconds(5)).frameLength(0)).isEqualTo(10);
            // Only the header of a 1 MB frame: the engine must refuse it without waiting for the body.
            peer.write(new byte[] {0x02, 0, 0, 0, 0, 0, 0x10, 0, 0});
            assertThat(peer.closedByPeer()).isTrue();
        }
        awaitEvent(MonitorEventType.DISCONNECTED, "max-message-size");
        assertPullStillServes(pull);
    }

    @Test
    void pingIsAnsweredWithPongCarryingTheContext() throws Exception {
        ZmqSocket pull = bound(SocketType.PULL);
        try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
            peer.handshake("PUSH");
            peer.sendCommand(new PingCommand(10, "ctx".getBytes(StandardCharsets.US_ASCII)));
            RawZmtpPeer.Frame pong = peer.readFrame();
            assertThat(pong.command()).isTrue();
            assertThat(pong.commandName()).isEqualTo("PONG");
            assertThat(new String(pong.body(), 5, pong.body().length - 5, StandardCharsets.US_ASCII)).isEqualTo("ctx");
        }
    }

    @Test
    void garbageInsteadOfAGreetingIsDroppedAtTheHandshakeInterval() throws Exception {
        // "GET ..." reads as the start of a ZMTP 1.0 identity frame of 71 bytes ('G'), as libzmq
        // reads it: nothing tells it apart from a slow 1.0 peer until the handshake interval ends.
        ZmqSocket pull = ctx.createSocket(SocketType.PULL);
        pull.setOption(SocketOption.LINGER, Duration.ZERO);
        pull.setOption(SocketOption.HANDSHAKE_INTERVAL, Duration.ofMillis(500));
        pull.monitor(events::add);
        pull.bind("tcp://127.0.0.1:*");
        try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
            peer.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(peer.closedByPeer()).isTrue();
        }
        awaitEvent(MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL, "handshake not completed within 500 ms");
        assertPullStillServes(pull);
    }

    @Test
    void aSignatureThatIsNeitherZmtpNorLegacyClosesAtOnce() throws Exception {
        ZmqSocket pull = bound(SocketType.PULL);
        try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
            // A 3.x-looking signature with major version 3 but a bad mechanism field.
            byte[] g = new byte[64];
            g[0] = (byte) 0xff;
            g[9] = 0x7f;
            g[10] = 3;
            g[11] = 1;
            g[12] = '!';
            peer.write(g);
            assertThat(peer.closedByPeer()).isTrue();
        }
        awaitEvent(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "mechanism");
        assertPullStillServes(pull);
    }

    @Test
    void unexpectedCommandDuringNullHandshakeIsAProtocolError() throws Exception {
        ZmqSocket pull = bound(SocketType.PULL);
        try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
            peer.sendGreeting(3, 1);
            peer.readGreeting();
            peer.sendCommand(new io.monocoque.zmq.wire.UnknownCommand("HELLO", new byte[8]));
            assertThat(peer.closedByPeer()).isTrue();
        }
        awaitEvent(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "HELLO");
        assertPullStillServes(pull);
    }

    @Test
    void mechanismMismatchIsRefused() throws Exception {
        ZmqSocket pull = bound(SocketType.PULL);
        try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
            io.netty.buffer.ByteBuf g = io.netty.buffer.Unpooled.buffer(64);
            new io.monocoque.zmq.wire.Greeting(3, 1, "CURVE", false).encode(g);
            peer.write(g);
            assertThat(peer.closedByPeer()).isTrue();
        }
        awaitEvent(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "mechanism");
        assertPullStillServes(pull);
    }

    @Test
    void zmtp30PeerGetsSubscriptionsAsMessages() throws Exception {
        ZmqSocket sub = ctx.createSocket(SocketType.SUB);
        sub.setOption(SocketOption.LINGER, Duration.ZERO);
        sub.subscribe("topic");
        sub.bind("tcp://127.0.0.1:*");
        try (RawZmtpPeer peer = new RawZmtpPeer(sub.lastEndpoint())) {
            peer.sendGreeting(3, 0);
            peer.readGreeting();
            peer.sendReady("PUB");
            assertThat(peer.readFrame().commandName()).isEqualTo("READY");
            RawZmtpPeer.Frame subscription = peer.readFrame();
            assertThat(subscription.command()).isFalse();
            assertThat(subscription.body()).isEqualTo("\u0001topic".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void zmtp31PeerGetsSubscriptionsAsSubscribeCommands() throws Exception {
        ZmqSocket sub = ctx.createSocket(SocketType.SUB);
        sub.setOption(SocketOption.LINGER, Duration.ZERO);
        sub.subscribe("topic");
        sub.bind("tcp://127.0.0.1:*");
        try (RawZmtpPeer peer = new RawZmtpPeer(sub.lastEndpoint())) {
            assertThat(peer.handshake("PUB").commandName()).isEqualTo("READY");
            RawZmtpPeer.Frame subscription = peer.readFrame();
            assertThat(subscription.command()).isTrue();
            assertThat(subscription.commandName()).isEqualTo("SUBSCRIBE");
            assertThat(new String(subscription.body(), 10, subscription.body().length - 10, StandardCharsets.US_ASCII)).isEqualTo("topic");
        }
    }

    @Test
    void messageFrameBeforeReadyIsAProtocolError() throws Exception {
        ZmqSocket pull = bound(SocketType.PULL);
        try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
            peer.sendGreeting(3, 1);
            peer.readGreeting();
            peer.sendFrame(false, "sneaky".getBytes(StandardCharsets.US_ASCII));
            assertThat(peer.closedByPeer()).isTrue();
        }
        awaitEvent(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "handshake");
        assertThat(pull.tryReceive()).isNull();
        assertPullStillServes(pull);
    }

    @Test
    void silentPeerIsDroppedAfterTheHandshakeInterval() throws Exception {
        ZmqSocket pull = ctx.createSocket(SocketType.PULL);
        pull.setOption(SocketOption.HANDSHAKE_INTERVAL, Duration.ofMillis(200));
        pull.setOption(SocketOption.LINGER, Duration.ZERO);
        pull.monitor(events::add);
        pull.bind("tcp://127.0.0.1:*");
        try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
            assertThat(peer.closedByPeer()).isTrue();
        }
        awaitEvent(MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL, "200 ms");
        assertPullStillServes(pull);
    }

    @Test
    void truncatedReadyCommandIsAProtocolError() throws Exception {
        ZmqSocket pull = bound(SocketType.PULL);
        try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
            peer.sendGreeting(3, 1);
            peer.readGreeting();
            // READY whose property claims a 200-byte value but the frame ends after 3 bytes of it.
            byte[] body = {5, 'R', 'E', 'A', 'D', 'Y', 11, 'S', 'o', 'c', 'k', 'e', 't', '-', 'T', 'y', 'p', 'e', 0, 0, 0, (byte) 200, 'P', 'U', 'S'};
            peer.sendCommand(body);
            assertThat(peer.closedByPeer()).isTrue();
        }
        awaitEvent(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "malformed");
        assertPullStillServes(pull);
    }
}
