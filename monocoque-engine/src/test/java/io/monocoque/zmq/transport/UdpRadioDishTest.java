package io.monocoque.zmq.transport;

import io.monocoque.zmq.IoTransport;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RADIO/DISH over {@code udp://}, modelled on libzmq's test_radio_dish.cpp (udp, multicast, no
 * loop, which side may bind or connect) and proven byte for byte against the datagram layout of
 * libzmq's udp_engine.cpp with plain JDK datagram sockets on both ends: what our RADIO writes,
 * and what libzmq's would write to our DISH. Multicast runs on the loopback interface, named in
 * the endpoint, so it needs no network; this machine's kernel delivers multicast on lo and, with
 * the loop on, on its default route.
 */
class UdpRadioDishTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration QUIET = Duration.ofMillis(300);

    private ZmqContext ctx;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp() {
        ctx = ZmqContext.create();
    }

    /**
     * Runs the test on a context of {@code t} instead of the default one: multicast options are
     * a datagram channel's, and Netty's NIO and epoll channels set them each their own way.
     */
    private void on(IoTransport t) {
        Assumptions.assumeTrue(NettyIo.available(t), t + " available");
        ctx.close();
        ctx = ZmqContext.builder().transport(t).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        ctx.close();
    }

    private ZmqSocket socket(SocketType type) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        closeables.add(s);
        return s;
    }

    private DatagramSocket datagramSocket() throws SocketException {
        DatagramSocket d = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        d.setSoTimeout((int) WAIT.toMillis());
        closeables.add(d);
        return d;
    }

    private static String group() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "239.192." + r.nextInt(1, 255) + "." + r.nextInt(1, 255);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] datagram(int groupLength, String group, String body) {
        byte[] g = ascii(group);
        byte[] b = ascii(body);
        byte[] d = new byte[1 + g.length + b.length];
        d[0] = (byte) groupLength;
        System.arraycopy(g, 0, d, 1, g.length);
        System.arraycopy(b, 0, d, 1 + g.length, b.length);
        return d;
    }

    private static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    private static void expect(ZmqSocket dish, String group, String body) {
        ZmqMessage m = dish.receive(WAIT);
        assertThat(m).as("a message in %s", group).isNotNull();
        assertThat(m.group()).isEqualTo(group);
        assertThat(m.frameString(0)).isEqualTo(body);
    }

    @Test
    void aRadioSendsToADishOverUnicastAndTheDishKeepsOnlyItsGroups() {
        ZmqSocket dish = socket(SocketType.DISH);
        dish.bind("udp://127.0.0.1:*");
        assertThat(dish.lastEndpoint()).matches("udp://127\\.0\\.0\\.1:\\d+").doesNotEndWith(":0");
        dish.join("TV");
        ZmqSocket radio = socket(SocketType.RADIO);
        radio.connect(dish.lastEndpoint());

        radio.send(ZmqMessage.of("Godfather").withGroup("Movies"));
        radio.send(ZmqMessage.of("Friends").withGroup("TV"));
        expect(dish, "TV", "Friends");
        dish.leave("TV");
        dish.join("Movies");
        radio.send(ZmqMessage.of("Friends again").withGroup("TV"));
        radio.send(ZmqMessage.of("Casablanca").withGroup("Movies"));
        expect(dish, "Movies", "Casablanca");
        assertThat(dish.receive(QUIET)).isNull();
    }

    @Test
    void aRadioWritesEachMessageAsLibzmqsUdpEngineDoes() throws Exception {
        DatagramSocket receiver = datagramSocket();
        ZmqSocket radio = socket(SocketType.RADIO);
        radio.connect("udp://127.0.0.1:" + receiver.getLocalPort());

        radio.send(ZmqMessage.of("Friends").withGroup("TV"));
        radio.send(ZmqMessage.of("no group"));
        radio.send(ZmqMessage.of("x").withGroup("G".repeat(255)));
        byte[] tooLarge = new byte[UdpEngine.MAX_DATAGRAM - 1]; // with its group length octet and a group of 1: 8193
        radio.send(ZmqMessage.of(tooLarge).withGroup("g"));
        byte[] largest = new byte[UdpEngine.MAX_DATAGRAM - 2];
        Arrays.fill(largest, (byte) 7);
        radio.send(ZmqMessage.of(largest).withGroup("g"));

        assertThat(receive(receiver)).containsExactly(datagram(2, "TV", "Friends"));
        assertThat(receive(receiver)).containsExactly(datagram(0, "", "no group"));
        assertThat(receive(receiver)).containsExactly(datagram(255, "G".repeat(255), "x"));
        byte[] last = receive(receiver);
        assertThat(last).hasSize(UdpEngine.MAX_DATAGRAM);
        assertThat(last[0]).isEqualTo((byte) 1);
        assertThat(last[1]).isEqualTo((byte) 'g');
        assertThat(Arrays.copyOfRange(last, 2, last.length)).containsExactly(largest);
        assertThat(radio.statistics().messagesDropped()).as("the datagram over 8192 bytes").isEqualTo(1);
    }

    private static byte[] receive(DatagramSocket s) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[UdpEngine.MAX_DATAGRAM * 2], UdpEngine.MAX_DATAGRAM * 2);
        s.receive(p);
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    @Test
    void aDishReadsWhatLibzmqsRadioWritesAndDropsAndCountsMalformedDatagrams() throws Exception {
        ZmqSocket dish = socket(SocketType.DISH);
        dish.bind("udp://127.0.0.1:*");
        dish.join("TV");
        dish.join("");
        DatagramSocket sender = datagramSocket();
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port(dish.lastEndpoint()));
        byte[][] datagrams = {
            datagram(2, "TV", "Friends"),
            datagram(40, "TV", "group length past the end"),
            new byte[0],
            new byte[UdpEngine.MAX_DATAGRAM + 1],
            datagram(0, "", "empty group"),
            datagram(2, "TV", ""),
            datagram(5, "Other", "not joined"),
            datagram(2, "TV", "last"),
        };
        for (byte[] d : datagrams) {
            sender.send(new DatagramPacket(d, d.length, to));
        }
        expect(dish, "TV", "Friends");
        expect(dish, "", "empty group");
        expect(dish, "TV", "");
        expect(dish, "TV", "last");
        assertThat(dish.statistics().messagesDropped()).as("three malformed datagrams").isEqualTo(3);
        ZmqMessage m = dish.tryReceive();
        assertThat(m).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = IoTransport.class, names = {"NIO", "EPOLL"})
    void aDishReceivesAMulticastGroupOnTheLoopbackInterface(IoTransport t) {
        on(t);
        String endpointBase = "udp://127.0.0.1;" + group() + ":*";
        ZmqSocket dish = socket(SocketType.DISH);
        dish.bind(endpointBase);
        dish.join("TV");
        ZmqSocket radio = socket(SocketType.RADIO);
        radio.connect(dish.lastEndpoint());
        radio.send(ZmqMessage.of("Friends").withGroup("TV"));
        expect(dish, "TV", "Friends");
    }

    @ParameterizedTest
    @EnumSource(value = IoTransport.class, names = {"NIO", "EPOLL"})
    void twoDishesBoundToTheSameMulticastGroupAndPortBothReceive(IoTransport t) {
        on(t);
        String group = group();
        ZmqSocket first = socket(SocketType.DISH);
        first.bind("udp://127.0.0.1;" + group + ":*");
        String endpoint = first.lastEndpoint();
        ZmqSocket second = socket(SocketType.DISH);
        second.bind(endpoint);
        first.join("TV");
        second.join("TV");
        ZmqSocket radio = socket(SocketType.RADIO);
        radio.connect(endpoint);
        radio.send(ZmqMessage.of("Friends").withGroup("TV"));
        expect(first, "TV", "Friends");
        expect(second, "TV", "Friends");
    }

    /**
     * As libzmq's test_radio_dish_no_loop: on the default interface, since on loopback the
     * interface itself delivers what is sent, whatever IP_MULTICAST_LOOP says.
     */
    @ParameterizedTest
    @EnumSource(value = IoTransport.class, names = {"NIO", "EPOLL"})
    void withMulticastLoopOffTheSendingHostDoesNotReceiveItsOwnDatagrams(IoTransport t) throws Exception {
        assumeMulticastInterfaceBesidesLoopback();
        on(t);
        ZmqSocket dish = socket(SocketType.DISH);
        dish.bind("udp://" + group() + ":*");
        dish.join("TV");
        ZmqSocket quiet = socket(SocketType.RADIO);
        quiet.setOption(SocketOption.MULTICAST_LOOP, false);
        quiet.connect(dish.lastEndpoint());
        quiet.send(ZmqMessage.of("not looped").withGroup("TV"));
        assertThat(dish.receive(QUIET)).as("loop off").isNull();

        ZmqSocket looped = socket(SocketType.RADIO);
        looped.connect(dish.lastEndpoint());
        looped.send(ZmqMessage.of("looped").withGroup("TV"));
        expect(dish, "TV", "looped"); // the dish was listening all along
    }

    private static void assumeMulticastInterfaceBesidesLoopback() throws SocketException {
        java.net.NetworkInterface ni = UdpEngine.defaultMulticastInterface(false);
        Assumptions.assumeTrue(ni != null && !ni.isLoopback(), "a multicast-capable interface besides loopback");
    }

    @ParameterizedTest
    @EnumSource(value = IoTransport.class, names = {"NIO", "EPOLL"})
    void aDishJoinsAMulticastGroupOnTheDefaultInterfaceWhenTheEndpointNamesNone(IoTransport t) throws Exception {
        assumeMulticastInterfaceBesidesLoopback();
        on(t);
        ZmqSocket dish = socket(SocketType.DISH);
        dish.bind("udp://" + group() + ":*");
        dish.join("TV");
        ZmqSocket radio = socket(SocketType.RADIO);
        radio.connect(dish.lastEndpoint());
        radio.send(ZmqMessage.of("Friends").withGroup("TV"));
        expect(dish, "TV", "Friends");
    }

    @Test
    void onlyARadioConnectsAndOnlyADishOrDgramBindsOverUdp() {
        assertThatThrownBy(() -> socket(SocketType.RADIO).bind("udp://127.0.0.1:*"))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOCOMPATPROTO));
        assertThatThrownBy(() -> socket(SocketType.DISH).connect("udp://127.0.0.1:5556"))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOCOMPATPROTO));
        for (SocketType t : new SocketType[] {SocketType.PUB, SocketType.SUB, SocketType.PAIR}) {
            assertThatThrownBy(() -> socket(t).bind("udp://127.0.0.1:*"))
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOCOMPATPROTO));
        }
    }

    @Test
    void malformedUdpEndpointsAreRefusedWithEinval() {
        ZmqSocket dish = socket(SocketType.DISH);
        ZmqSocket radio = socket(SocketType.RADIO);
        for (String bad : new String[] {"udp://127.0.0.1", "udp://:5555", "udp://127.0.0.1:x", "udp://127.0.0.1:70000",
                "udp://127.0.0.1;127.0.0.2:5555", "udp://no-such-interface-x;239.1.1.1:5555"}) {
            assertThatThrownBy(() -> dish.bind(bad)).as(bad)
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
        }
        for (String bad : new String[] {"udp://*:5555", "udp://127.0.0.1:*", "udp://127.0.0.1:0"}) {
            assertThatThrownBy(() -> radio.connect(bad)).as(bad)
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
        }
    }
}
