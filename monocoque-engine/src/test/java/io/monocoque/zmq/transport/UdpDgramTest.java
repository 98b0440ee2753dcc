package io.monocoque.zmq.transport;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DGRAM over {@code udp://}, modelled on libzmq's test_dgram.cpp (connect fails; a question and
 * its answer between two bound DGRAMs, each learning the other's address from what it receives),
 * and byte for byte against plain JDK datagram sockets: the body alone on the wire, the sender's
 * {@code ip:port} as the first frame.
 */
class UdpDgramTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private ZmqContext ctx;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp() {
        ctx = ZmqContext.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        ctx.close();
    }

    private ZmqSocket dgram() {
        ZmqSocket s = ctx.createSocket(SocketType.DGRAM);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        closeables.add(s);
        return s;
    }

    private ZmqSocket bound() {
        ZmqSocket s = dgram();
        s.bind("udp://127.0.0.1:*");
        return s;
    }

    private static String address(ZmqSocket s) {
        return s.lastEndpoint().substring("udp://".length());
    }

    private static ZmqMessage recv(ZmqSocket s) {
        ZmqMessage m = s.receive(WAIT);
        assertThat(m).as("a datagram on %s", s).isNotNull();
        return m;
    }

    private DatagramSocket datagramSocket() throws Exception {
        DatagramSocket d = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        d.setSoTimeout((int) WAIT.toMillis());
        closeables.add(d);
        return d;
    }

    @Test
    void aDgramCannotConnect() {
        assertThatThrownBy(() -> dgram().connect("udp://127.0.0.1:5556"))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOCOMPATPROTO));
    }

    @Test
    void aQuestionAndItsAnswerTravelBetweenTwoDgramsToTheAddressEachLearnt() {
        ZmqSocket listener = bound();
        ZmqSocket sender = bound();
        sender.send(ZmqMessage.of(address(listener), "Is someone there ?"));
        ZmqMessage question = recv(listener);
        assertThat(question.frameString(0)).isEqualTo(address(sender));
        assertThat(question.frameString(1)).isEqualTo("Is someone there ?");

        listener.send(ZmqMessage.of(question.frameString(0), "Yes, there is !"));
        ZmqMessage answer = recv(sender);
        assertThat(answer.frameString(0)).isEqualTo(address(listener));
        assertThat(answer.frameString(1)).isEqualTo("Yes, there is !");
    }

    @Test
    void onTheWireADatagramIsTheBodyAloneAndTheSenderIsTheFirstFrame() throws Exception {
        ZmqSocket dgram = bound();
        DatagramSocket plain = datagramSocket();
        String plainAddress = "127.0.0.1:" + plain.getLocalPort();

        dgram.send(ZmqMessage.of(plainAddress, "body"));
        dgram.send(ZmqMessage.of(plainAddress + "\0", "libzmq's address frame ends in NUL"));
        assertThat(receive(plain)).containsExactly("body".getBytes(StandardCharsets.US_ASCII));
        assertThat(receive(plain)).containsExactly("libzmq's address frame ends in NUL".getBytes(StandardCharsets.US_ASCII));

        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(
                dgram.lastEndpoint().substring(dgram.lastEndpoint().lastIndexOf(':') + 1)));
        byte[] raw = {0, 1, 2, (byte) 0xFF};
        plain.send(new DatagramPacket(raw, raw.length, to));
        plain.send(new DatagramPacket(new byte[0], 0, to));
        ZmqMessage m = recv(dgram);
        assertThat(m.size()).isEqualTo(2);
        assertThat(m.frameString(0)).isEqualTo(plainAddress);
        assertThat(m.frame(1)).containsExactly(raw);
        ZmqMessage empty = recv(dgram);
        assertThat(empty.frame(1)).isEmpty();
    }

    private static byte[] receive(DatagramSocket s) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
        s.receive(p);
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    @Test
    void aMessageIsExactlyAnAddressAndABody() {
        ZmqSocket dgram = bound();
        for (ZmqMessage bad : new ZmqMessage[] {ZmqMessage.of("127.0.0.1:5555"), ZmqMessage.of("127.0.0.1:5555", "a", "b")}) {
            assertThatThrownBy(() -> dgram.send(bad))
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
        }
    }

    @Test
    void aMessageToAnAddressThatDoesNotParseIsDroppedAndCounted() {
        ZmqSocket listener = bound();
        ZmqSocket sender = bound();
        for (String bad : new String[] {"nowhere", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536", "localhost:5555", ":5555"}) {
            sender.send(ZmqMessage.of(bad, "lost"));
        }
        sender.send(ZmqMessage.of(address(listener), "arrives"));
        assertThat(recv(listener).frameString(1)).isEqualTo("arrives");
        assertThat(sender.statistics().messagesDropped()).isEqualTo(6);
    }

    @Test
    void aDgramBindsOneUdpEndpointAndNothingElse() {
        ZmqSocket dgram = bound();
        assertThatThrownBy(() -> dgram.bind("udp://127.0.0.1:*"))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
        ZmqSocket other = dgram();
        for (String endpoint : new String[] {"tcp://127.0.0.1:*", "inproc://dgram-" + System.nanoTime()}) {
            assertThatThrownBy(() -> other.bind(endpoint))
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOCOMPATPROTO));
        }
        // The first endpoint still works after the refused second one.
        ZmqSocket peer = bound();
        peer.send(ZmqMessage.of(address(dgram), "still bound"));
        assertThat(recv(dgram).frameString(1)).isEqualTo("still bound");
    }

    @Test
    void aDgramWithNothingBoundCannotSendYet() {
        ZmqSocket dgram = dgram();
        assertThat(dgram.trySend(ZmqMessage.of("127.0.0.1:5555", "x"))).isFalse();
        assertThat(dgram.tryReceive()).isNull();
    }
}
