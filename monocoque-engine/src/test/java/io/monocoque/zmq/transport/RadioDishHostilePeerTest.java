package io.monocoque.zmq.transport;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.RawZmtpPeer;
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
 * RADIO and DISH over a real TCP connection to a hand-driven ZMTP peer: the bytes they exchange
 * are libzmq's (JOIN commands with the bare group; a group frame with MORE before each body), and
 * a peer that breaks that layout loses its connection, with a DISCONNECTED event naming why,
 * while the socket goes on serving its other peers.
 */
class RadioDishHostilePeerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

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

    private ZmqSocket socket(SocketType type) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        return s;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] command(String name, String group) {
        byte[] n = ascii(name);
        byte[] g = ascii(group);
        byte[] body = new byte[1 + n.length + g.length];
        body[0] = (byte) n.length;
        System.arraycopy(n, 0, body, 1, n.length);
        System.arraycopy(g, 0, body, 1 + n.length, g.length);
        return body;
    }

    private MonitorEvent awaitDisconnect(String reasonFragment) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(MonitorEventType.DISCONNECTED);
            assertThat(e.reason()).contains(reasonFragment);
        }));
        return events.stream().filter(e -> e.type() == MonitorEventType.DISCONNECTED).findFirst().orElseThrow();
    }

    /** Sends in {@code group} until the raw peer reads a frame; returns that frame (the group frame). */
    private static RawZmtpPeer.Frame sendUntilReceived(ZmqSocket radio, RawZmtpPeer peer, String group, String body)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(radio.trySend(ZmqMessage.of(body).withGroup(group))).isTrue();
            RawZmtpPeer.Frame f = peer.readFrameWithin(Duration.ofMillis(20));
            if (f != null) {
                return f;
            }
        }
        throw new AssertionError("nothing reached the raw peer in group " + group);
    }

    /** Sends in {@code group} until {@code dish} receives; returns what it received. */
    private static ZmqMessage sendUntilReceived(ZmqSocket radio, ZmqSocket dish, String group, String body) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(radio.trySend(ZmqMessage.of(body).withGroup(group))).isTrue();
            ZmqMessage m = dish.receive(Duration.ofMillis(20));
            if (m != null) {
                return m;
            }
        }
        throw new AssertionError("nothing reached " + dish + " in group " + group);
    }

    @Test
    void aRadioSendsAJoinedPeerTheGroupFrameWithMoreThenTheBody() throws Exception {
        ZmqSocket radio = socket(SocketType.RADIO);
        radio.bind("tcp://127.0.0.1:*");
        try (RawZmtpPeer peer = new RawZmtpPeer(radio.lastEndpoint())) {
            peer.handshake("DISH");
            peer.sendCommand(command("JOIN", "TV")); // what libzmq's dish session writes
            RawZmtpPeer.Frame group = sendUntilReceived(radio, peer, "TV", "Friends");
            assertThat(group.command()).isFalse();
            assertThat(group.more()).isTrue();
            assertThat(group.body()).containsExactly(ascii("TV"));
            RawZmtpPeer.Frame body = peer.readFrame();
            assertThat(body.more()).isFalse();
            assertThat(body.body()).containsExactly(ascii("Friends"));

            peer.sendCommand(command("LEAVE", "TV"));
            peer.sendCommand(command("JOIN", "Movies"));
            RawZmtpPeer.Frame next = sendUntilReceived(radio, peer, "Movies", "Godfather");
            assertThat(next.body()).containsExactly(ascii("Movies"));
        }
    }

    @Test
    void aDishSendsItsJoinsToARadioPeerAsLibzmqDoes() throws Exception {
        ZmqSocket dish = socket(SocketType.DISH);
        dish.join("TV");
        dish.bind("tcp://127.0.0.1:*");
        try (RawZmtpPeer peer = new RawZmtpPeer(dish.lastEndpoint())) {
            peer.handshake("RADIO");
            RawZmtpPeer.Frame join = peer.readFrame();
            assertThat(join.command()).isTrue();
            assertThat(join.body()).containsExactly(command("JOIN", "TV"));
            dish.join("Movies");
            dish.leave("TV");
            assertThat(peer.readFrame().body()).containsExactly(command("JOIN", "Movies"));
            assertThat(peer.readFrame().body()).containsExactly(command("LEAVE", "TV"));

            peer.sendFrame(true, ascii("Movies"));
            peer.sendFrame(false, ascii("Godfather"));
            ZmqMessage m = dish.receive(WAIT);
            assertThat(m).isNotNull();
            assertThat(m.group()).isEqualTo("Movies");
            assertThat(m.frameString(0)).isEqualTo("Godfather");
            assertThat(m.size()).isEqualTo(1);
        }
    }

    @Test
    void aPeerJoiningAGroupOver255BytesLosesItsConnectionAndTheRadioServesTheOthers() throws Exception {
        ZmqSocket radio = socket(SocketType.RADIO);
        radio.monitor(events::add);
        radio.bind("tcp://127.0.0.1:*");
        ZmqSocket dish = socket(SocketType.DISH);
        dish.join("TV");
        dish.connect(radio.lastEndpoint());
        assertThat(sendUntilReceived(radio, dish, "TV", "before").group()).isEqualTo("TV");
        try (RawZmtpPeer peer = new RawZmtpPeer(radio.lastEndpoint())) {
            peer.handshake("DISH");
            peer.sendCommand(command("JOIN", "g".repeat(256)));
            assertThat(peer.closedByPeer()).isTrue();
        }
        assertThat(awaitDisconnect("256 bytes").reason()).contains("JOIN");
        assertThat(sendUntilReceived(radio, dish, "TV", "after").frameString(0)).isEqualTo("after");
    }

    @Test
    void aRadioPeerSendingABodyWithoutItsGroupFrameLosesItsConnectionAndTheDishServesTheOthers() throws Exception {
        ZmqSocket dish = socket(SocketType.DISH);
        dish.monitor(events::add);
        dish.join("TV");
        dish.bind("tcp://127.0.0.1:*");
        ZmqSocket radio = socket(SocketType.RADIO);
        radio.connect(dish.lastEndpoint());
        assertThat(sendUntilReceived(radio, dish, "TV", "before").group()).isEqualTo("TV");
        try (RawZmtpPeer peer = new RawZmtpPeer(dish.lastEndpoint())) {
            peer.handshake("RADIO");
            peer.sendFrame(false, ascii("no group frame"));
            assertThat(peer.closedByPeer()).isTrue();
        }
        awaitDisconnect("one frame");
        assertThat(sendUntilReceived(radio, dish, "TV", "after").frameString(0)).isEqualTo("after");
        // Nothing of the hostile peer reached the application.
        ZmqMessage m;
        while ((m = dish.tryReceive()) != null) {
            assertThat(m.frameString(0)).isIn("before", "after");
        }
    }

    @Test
    void aRadioPeerSendingAGroupFrameOver255BytesLosesItsConnection() throws Exception {
        ZmqSocket dish = socket(SocketType.DISH);
        dish.monitor(events::add);
        dish.join("TV");
        dish.bind("tcp://127.0.0.1:*");
        try (RawZmtpPeer peer = new RawZmtpPeer(dish.lastEndpoint())) {
            peer.handshake("RADIO");
            peer.sendFrame(true, ascii("g".repeat(300)));
            peer.sendFrame(false, ascii("body"));
            assertThat(peer.closedByPeer()).isTrue();
        }
        awaitDisconnect("300 bytes");
        assertThat(dish.tryReceive()).isNull();
    }
}
