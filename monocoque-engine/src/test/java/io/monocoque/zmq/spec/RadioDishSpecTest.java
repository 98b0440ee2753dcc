package io.monocoque.zmq.spec;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.socket.Readiness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * RADIO/DISH as RFC 48 and libzmq's test_radio_dish.cpp define them over tcp, ipc and inproc:
 * exact group matching, joins and leaves while connected, joins sent again after a reconnect,
 * single-frame messages only, and the EINVAL cases of join and leave.
 */
class RadioDishSpecTest extends SpecTestBase {

    private static final AtomicInteger SYNC = new AtomicInteger();

    private static ZmqMessage inGroup(String group, String body) {
        return ZmqMessage.of(body).withGroup(group);
    }

    /** Receives a message and checks its group and body. */
    private static void expect(ZmqSocket dish, String group, String body) {
        ZmqMessage m = recv(dish);
        assertThat(m.group()).as("group").isEqualTo(group);
        assertThat(frames(m)).containsExactly(body);
    }

    /**
     * Makes sure every join and leave the dishes made so far has reached {@code radio}: each joins
     * a fresh group, after everything else on the same connection, and waits for probes in it.
     */
    private static void syncJoins(ZmqSocket radio, ZmqSocket... dishes) {
        String group = "~sync-" + SYNC.incrementAndGet();
        for (ZmqSocket d : dishes) {
            d.join(group);
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        for (ZmqSocket d : dishes) {
            while (true) {
                if (System.nanoTime() > deadline) {
                    fail("probes in group %s never reached %s", group, d);
                }
                assertThat(radio.trySend(inGroup(group, "probe"))).isTrue();
                ZmqMessage m = d.receive(Duration.ofMillis(10));
                if (m != null) {
                    assertThat(m.group()).isEqualTo(group);
                    break;
                }
            }
        }
        // The probes still in flight are dropped by each dish itself once it has left the group.
        for (ZmqSocket d : dishes) {
            d.leave(group);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void dishReceivesOnlyTheGroupsItJoinedByExactMatch(Transport t) {
        ZmqSocket radio = socket(SocketType.RADIO);
        String endpoint = bind(radio, t);
        ZmqSocket dish = socket(SocketType.DISH);
        dish.join("Movies");
        dish.connect(endpoint);
        syncJoins(radio, dish);

        for (String g : new String[] {"TV", "Movie", "MoviesX", "movies", "", "Movies"}) {
            radio.send(inGroup(g, "Godfather-" + g));
        }
        expect(dish, "Movies", "Godfather-Movies");
        assertNothingReceived(dish);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void joinAndLeaveWhileConnectedChangeWhatArrives(Transport t) {
        ZmqSocket radio = socket(SocketType.RADIO);
        String endpoint = bind(radio, t);
        ZmqSocket dish = socket(SocketType.DISH);
        dish.join("Movies");
        dish.connect(endpoint);
        syncJoins(radio, dish);

        radio.send(inGroup("TV", "Friends"));
        radio.send(inGroup("Movies", "Godfather"));
        expect(dish, "Movies", "Godfather");

        dish.join("TV");
        syncJoins(radio, dish);
        radio.send(inGroup("TV", "Friends"));
        expect(dish, "TV", "Friends");

        dish.leave("TV");
        syncJoins(radio, dish);
        radio.send(inGroup("TV", "Friends"));
        radio.send(inGroup("Movies", "Godfather"));
        expect(dish, "Movies", "Godfather");
        assertNothingReceived(dish);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aRadioSendsToEveryDishInTheGroupAndToNoOther(Transport t) {
        ZmqSocket radio = socket(SocketType.RADIO);
        String endpoint = bind(radio, t);
        ZmqSocket tv1 = socket(SocketType.DISH);
        ZmqSocket tv2 = socket(SocketType.DISH);
        ZmqSocket movies = socket(SocketType.DISH);
        tv1.join("TV");
        tv2.join("TV");
        movies.join("Movies");
        for (ZmqSocket d : new ZmqSocket[] {tv1, tv2, movies}) {
            d.connect(endpoint);
        }
        syncJoins(radio, tv1, tv2, movies);

        radio.send(inGroup("TV", "Friends"));
        expect(tv1, "TV", "Friends");
        expect(tv2, "TV", "Friends");
        assertNothingReceived(movies);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aGroupOf255BytesTravels(Transport t) {
        String group = "G".repeat(ZmqMessage.MAX_GROUP_LENGTH);
        ZmqSocket radio = socket(SocketType.RADIO);
        String endpoint = bind(radio, t);
        ZmqSocket dish = socket(SocketType.DISH);
        dish.join(group);
        dish.join("0123456789ABCDEFGH"); // libzmq's test_long_group: over 14 characters
        dish.connect(endpoint);
        syncJoins(radio, dish);

        radio.send(inGroup(group, "HELLO"));
        radio.send(inGroup("0123456789ABCDEFGH", "WORLD"));
        expect(dish, group, "HELLO");
        expect(dish, "0123456789ABCDEFGH", "WORLD");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aMessageWithoutAGroupIsInTheEmptyGroup(Transport t) {
        ZmqSocket radio = socket(SocketType.RADIO);
        String endpoint = bind(radio, t);
        ZmqSocket dish = socket(SocketType.DISH);
        ZmqSocket other = socket(SocketType.DISH);
        dish.join("");
        other.join("x");
        dish.connect(endpoint);
        other.connect(endpoint);
        syncJoins(radio, dish, other);

        radio.send(ZmqMessage.of("no group"));
        expect(dish, "", "no group");
        assertNothingReceived(other);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "IPC"})
    void aDishJoinsItsGroupsAgainAfterItsRadioComesBack(Transport t) {
        String endpoint = reserveEndpoint(t);
        ZmqSocket dish = socket(SocketType.DISH);
        dish.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(20));
        dish.join("TV");
        dish.connect(endpoint);
        ZmqSocket radio = socket(SocketType.RADIO);
        radio.bind(endpoint);
        syncJoins(radio, dish);
        radio.send(inGroup("TV", "first"));
        expect(dish, "TV", "first");
        radio.close();

        ZmqSocket again = socket(SocketType.RADIO);
        again.bind(endpoint);
        syncJoins(again, dish); // the sync group is a join made after the reconnect; TV was made before
        again.send(inGroup("TV", "second"));
        expect(dish, "TV", "second");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aDishPollsReadableOnlyForAMessageInAJoinedGroup(Transport t) {
        ZmqSocket radio = socket(SocketType.RADIO);
        String endpoint = bind(radio, t);
        ZmqSocket dish = socket(SocketType.DISH);
        dish.join("Movies");
        dish.connect(endpoint);
        syncJoins(radio, dish);

        assertThat(dish.getOption(SocketOption.EVENTS) & Readiness.IN).isZero();
        radio.send(inGroup("Movies", "Godfather"));
        org.awaitility.Awaitility.await().atMost(TIMEOUT)
                .until(() -> (dish.getOption(SocketOption.EVENTS) & Readiness.IN) != 0);
        assertThat(radio.getOption(SocketOption.EVENTS) & Readiness.IN).as("a RADIO never reads").isZero();
        expect(dish, "Movies", "Godfather");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aRadioDropsForADishAtItsHighWaterMarkAndCountsIt(Transport t) {
        ZmqSocket radio = socket(SocketType.RADIO);
        radio.setOption(SocketOption.SEND_HIGH_WATER_MARK, 1);
        String endpoint = bind(radio, t);
        ZmqSocket dish = socket(SocketType.DISH);
        dish.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 1);
        dish.join("g");
        dish.connect(endpoint);
        syncJoins(radio, dish);

        // 40 MB in all: more than the kernel's socket buffers can take (tcp_rmem allows 32 MB), so the pipe fills however
        // fast its connection (or the sending thread itself, when it writes directly) drains it.
        String padding = "x".repeat(1024);
        for (int i = 0; i < 40_000; i++) {
            assertThat(radio.trySend(inGroup("g", "m" + i + padding))).as("a RADIO never blocks").isTrue();
        }
        assertThat(radio.droppedMessages()).isPositive();
    }

    @Test
    void aRadioRefusesAMultipartMessage() {
        ZmqSocket radio = socket(SocketType.RADIO);
        assertThatThrownBy(() -> radio.send(ZmqMessage.of("a", "b").withGroup("g")))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
    }

    @Test
    void leavingAGroupNotJoinedFails() {
        ZmqSocket dish = socket(SocketType.DISH);
        assertEinval(() -> dish.leave("Movies"));
    }

    @Test
    void joiningAGroupTwiceFails() {
        ZmqSocket dish = socket(SocketType.DISH);
        dish.join("Movies");
        assertEinval(() -> dish.join("Movies"));
        dish.leave("Movies");
        assertEinval(() -> dish.leave("Movies"));
    }

    @Test
    void joiningAGroupLongerThan255BytesFails() {
        ZmqSocket dish = socket(SocketType.DISH);
        assertEinval(() -> dish.join("A".repeat(256)));
        assertEinval(() -> dish.join("\u00e9".repeat(128))); // 256 bytes in UTF-8
        assertEinval(() -> dish.join("a\0b"));
        dish.join("\u00e9".repeat(127)); // 254 bytes
    }

    @Test
    void onlyADishJoinsAndOnlyARadioSendsToGroups() {
        ZmqSocket radio = socket(SocketType.RADIO);
        ZmqSocket sub = socket(SocketType.SUB);
        ZmqSocket dish = socket(SocketType.DISH);
        for (ZmqSocket s : new ZmqSocket[] {radio, sub}) {
            assertThatThrownBy(() -> s.join("g"))
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOTSUP));
        }
        assertThatThrownBy(() -> dish.send(ZmqMessage.of("x")))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOTSUP));
        assertThatThrownBy(() -> radio.receive(Duration.ZERO))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOTSUP));
    }

    @Test
    void aDishLingersZeroByDefaultAsInLibzmq() {
        ZmqSocket dish = ctx.createSocket(SocketType.DISH);
        try {
            assertThat(dish.getOption(SocketOption.LINGER)).isEqualTo(Duration.ZERO);
        } finally {
            dish.close();
        }
    }

    @Test
    void aDishRefusesAPeerThatIsNoRadio() {
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = bind(pub, Transport.TCP);
        Events events = monitor(pub);
        ZmqSocket dish = socket(SocketType.DISH);
        dish.connect(endpoint);
        events.awaitCount(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, 1);
    }

    private static void assertEinval(Runnable r) {
        assertThatThrownBy(r::run)
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
    }
}
