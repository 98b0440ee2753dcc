package io.monocoque.zmq.interop;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import zmq.Msg;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RADIO/DISH between Monocoque and JeroMQ 0.6.0 (which has both draft types and speaks ZMTP 3.0)
 * over tcp, each side binding in turn: JOIN/LEAVE commands one way, group frame and body the
 * other, exact group matching. JeroMQ has no {@code udp://}, so tcp is all it can prove.
 */
class JeroMqRadioDishInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private ZmqContext ctx;
    private ZContext jctx;

    @BeforeEach
    void setUp() {
        ctx = ZmqContext.create();
        jctx = new ZContext();
    }

    @AfterEach
    void tearDown() {
        jctx.close();
        ctx.close();
    }

    private ZmqSocket monocoque(SocketType type) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        return s;
    }

    private ZMQ.Socket jeromq(org.zeromq.SocketType type) {
        ZMQ.Socket s = jctx.createSocket(type);
        s.setLinger(0);
        s.setHandshakeIvl(2000); // see JeroMqPeer: its poller sometimes never serves a new engine otherwise
        s.setReceiveTimeOut(20);
        s.setSendTimeOut((int) WAIT.toMillis());
        return s;
    }

    /** Connects {@code connecter} to where {@code binder} listens: Monocoque or JeroMQ on either side. */
    private static String bindJeroMq(ZMQ.Socket s) {
        return "tcp://127.0.0.1:" + s.bindToRandomPort("tcp://127.0.0.1");
    }

    private static Msg jeromqMessage(String group, String body) {
        Msg m = new Msg(body.getBytes(StandardCharsets.UTF_8));
        assertThat(m.setGroup(group)).isTrue();
        return m;
    }

    /**
     * The JeroMQ DISH's next message, waiting up to {@link #WAIT}: its own receive timeout is the
     * probe loops' 20 ms, too short for a message to be expected within on a loaded machine.
     */
    private static Msg nextMessage(ZMQ.Socket dish) {
        dish.setReceiveTimeOut((int) WAIT.toMillis());
        try {
            return dish.recvMsg(0);
        } finally {
            dish.setReceiveTimeOut(20);
        }
    }

    /** Sends in {@code group} from a Monocoque RADIO until the JeroMQ DISH receives one; returns it. */
    private static Msg untilJeroMqReceives(ZmqSocket radio, ZMQ.Socket dish, String group, String body) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(radio.trySend(ZmqMessage.of(body).withGroup(group))).isTrue();
            Msg m = dish.recvMsg(0);
            if (m != null) {
                return m;
            }
        }
        throw new AssertionError("the JeroMQ DISH received nothing in " + group);
    }

    /** Sends in {@code group} from a JeroMQ RADIO until the Monocoque DISH receives one; returns it. */
    private static ZmqMessage untilMonocoqueReceives(ZMQ.Socket radio, ZmqSocket dish, String group, String body) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(radio.sendMsg(jeromqMessage(group, body))).isTrue();
            ZmqMessage m = dish.receive(Duration.ofMillis(20));
            if (m != null) {
                return m;
            }
        }
        throw new AssertionError("the Monocoque DISH received nothing in " + group);
    }

    @ParameterizedTest(name = "Monocoque RADIO binds: {0}")
    @ValueSource(booleans = {true, false})
    void aJeroMqDishReceivesTheGroupsItJoinedFromAMonocoqueRadio(boolean radioBinds) {
        ZmqSocket radio = monocoque(SocketType.RADIO);
        ZMQ.Socket dish = jeromq(org.zeromq.SocketType.DISH);
        assertThat(dish.join("Movies")).isTrue();
        if (radioBinds) {
            radio.bind("tcp://127.0.0.1:*");
            assertThat(dish.connect(radio.lastEndpoint())).isTrue();
        } else {
            radio.connect(bindJeroMq(dish));
        }
        Msg m = untilJeroMqReceives(radio, dish, "Movies", "Godfather");
        assertThat(m.getGroup()).isEqualTo("Movies");
        assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("Godfather");
        assertThat(m.hasMore()).isFalse();

        // Other groups, prefixes included, never reach it; a group joined later does, and a group left stops.
        radio.send(ZmqMessage.of("Friends").withGroup("TV"));
        radio.send(ZmqMessage.of("short").withGroup("Movie"));
        radio.send(ZmqMessage.of("last").withGroup("Movies"));
        Msg next;
        do {
            next = nextMessage(dish);
            assertThat(next).as("a message after the joined group's probes").isNotNull();
        } while (new String(next.data(), StandardCharsets.UTF_8).equals("Godfather"));
        assertThat(next.getGroup()).isEqualTo("Movies");
        assertThat(new String(next.data(), StandardCharsets.UTF_8)).isEqualTo("last");

        assertThat(dish.join("TV")).isTrue();
        assertThat(untilJeroMqReceives(radio, dish, "TV", "Friends").getGroup()).isEqualTo("TV");
        assertThat(dish.leave("Movies")).isTrue();
        assertThat(dish.join("sync")).isTrue();
        untilJeroMqReceives(radio, dish, "sync", "s");
        radio.send(ZmqMessage.of("gone").withGroup("Movies"));
        radio.send(ZmqMessage.of("end").withGroup("sync"));
        Msg after;
        do {
            after = nextMessage(dish);
            assertThat(after).isNotNull();
            assertThat(after.getGroup()).as("left: Movies must not arrive").isEqualTo("sync");
        } while (!new String(after.data(), StandardCharsets.UTF_8).equals("end"));
    }

    @ParameterizedTest(name = "Monocoque DISH binds: {0}")
    @ValueSource(booleans = {true, false})
    void aMonocoqueDishReceivesTheGroupsItJoinedFromAJeroMqRadio(boolean dishBinds) {
        ZMQ.Socket radio = jeromq(org.zeromq.SocketType.RADIO);
        ZmqSocket dish = monocoque(SocketType.DISH);
        dish.join("Movies");
        if (dishBinds) {
            dish.bind("tcp://127.0.0.1:*");
            assertThat(radio.connect(dish.lastEndpoint())).isTrue();
        } else {
            dish.connect(bindJeroMq(radio));
        }
        ZmqMessage m = untilMonocoqueReceives(radio, dish, "Movies", "Godfather");
        assertThat(m.group()).isEqualTo("Movies");
        assertThat(m.size()).isEqualTo(1);
        assertThat(m.frameString(0)).isEqualTo("Godfather");

        radio.sendMsg(jeromqMessage("TV", "Friends"));
        radio.sendMsg(jeromqMessage("Movie", "short"));
        radio.sendMsg(jeromqMessage("Movies", "last"));
        ZmqMessage next;
        do {
            next = dish.receive(WAIT);
            assertThat(next).isNotNull();
        } while (next.frameString(0).equals("Godfather"));
        assertThat(next.group()).isEqualTo("Movies");
        assertThat(next.frameString(0)).isEqualTo("last");

        dish.join("TV");
        assertThat(untilMonocoqueReceives(radio, dish, "TV", "Friends").group()).isEqualTo("TV");
        dish.leave("Movies");
        dish.join("sync");
        untilMonocoqueReceives(radio, dish, "sync", "s");
        radio.sendMsg(jeromqMessage("Movies", "gone"));
        radio.sendMsg(jeromqMessage("sync", "end"));
        ZmqMessage after;
        do {
            after = dish.receive(WAIT);
            assertThat(after).isNotNull();
            assertThat(after.group()).as("left: Movies must not arrive").isEqualTo("sync");
        } while (!after.frameString(0).equals("end"));
    }
}
