package io.monocoque.zmq.spec;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Socket options and behaviour shared by every type, as libzmq's tests of timeouts, linger,
 * unbind/disconnect, immediate, reconnect, max message size and monitoring define them; plus
 * Monocoque's own promises (thread-safe sockets, receiveAsync).
 */
class SocketBehaviourTest extends SpecTestBase {

    // ---- timeouts ---------------------------------------------------------------------------------

    @Test
    void receiveTimeoutFailsWithEagain() {
        ZmqSocket pull = socket(SocketType.PULL);
        bind(pull, Transport.TCP);
        assertThat(pull.tryReceive()).isNull();
        assertThat(pull.receive(Duration.ofMillis(50))).isNull();

        pull.setOption(SocketOption.RECEIVE_TIMEOUT, Duration.ofMillis(150));
        long start = System.nanoTime();
        assertThatThrownBy(pull::receive)
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EAGAIN));
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(waited).isBetween(Duration.ofMillis(140), Duration.ofSeconds(3));

        pull.setOption(SocketOption.RECEIVE_TIMEOUT, Duration.ZERO);
        assertThatThrownBy(pull::receive)
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EAGAIN));
    }

    @Test
    void sendTimeoutFailsWithEagain() {
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.SEND_TIMEOUT, Duration.ofMillis(150));
        long start = System.nanoTime();
        assertThatThrownBy(() -> dealer.send("nobody listens"))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EAGAIN));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(140), Duration.ofSeconds(3));

        dealer.setOption(SocketOption.SEND_TIMEOUT, Duration.ZERO);
        assertThatThrownBy(() -> dealer.send("nobody listens"))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EAGAIN));
    }

    // ---- linger -----------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Transport.class)
    void lingerDeliversMessagesSentJustBeforeClose(Transport t) {
        ZmqSocket pull = socket(SocketType.PULL);
        String endpoint = bind(pull, t);
        ZmqSocket push = socket(SocketType.PUSH);
        push.setOption(SocketOption.LINGER, Duration.ofSeconds(5));
        push.connect(endpoint);
        send(push, "warm-up");
        assertThat(recvFrames(pull)).containsExactly("warm-up");

        byte[] payload = new byte[4096];
        for (int i = 0; i < 200; i++) {
            assertThat(push.send(ZmqMessage.wrap(bytes(Integer.toString(i)), payload), TIMEOUT)).isTrue();
        }
        push.close();

        for (int i = 0; i < 200; i++) {
            ZmqMessage m = recv(pull);
            assertThat(m.frameString(0)).isEqualTo(Integer.toString(i));
            assertThat(m.frameLength(1)).isEqualTo(payload.length);
        }
        assertNothingReceived(pull);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void lingerDeliversMessagesSentBeforeTheConnectionWasEstablished(Transport t) {
        ZmqSocket pull = socket(SocketType.PULL);
        String endpoint = bind(pull, t);
        ZmqSocket push = socket(SocketType.PUSH);
        push.setOption(SocketOption.LINGER, Duration.ofSeconds(5));
        // connect, send and close at once: the handshake is most likely still under way at close
        push.connect(endpoint);
        for (int i = 0; i < 10; i++) {
            assertThat(push.send(ZmqMessage.of("m", Integer.toString(i)), TIMEOUT)).isTrue();
        }
        push.close();

        for (int i = 0; i < 10; i++) {
            assertThat(recvFrames(pull)).containsExactly("m", Integer.toString(i));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "IPC"})
    void lingerZeroClosesAtOnceDespitePendingMessages(Transport t) {
        ZmqSocket pull = socket(SocketType.PULL);
        pull.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 1);
        String endpoint = bind(pull, t);
        try (ZmqContext other = ZmqContext.create()) {
            ZmqSocket push = other.createSocket(SocketType.PUSH);
            push.setOption(SocketOption.LINGER, Duration.ZERO);
            push.setOption(SocketOption.SEND_HIGH_WATER_MARK, 1);
            push.connect(endpoint);
            byte[] payload = new byte[64 * 1024];
            while (push.send(ZmqMessage.wrap(payload), Duration.ofMillis(200))) {
                // fill every queue and buffer up to the high-water marks: the PULL reads nothing
            }
            long start = System.nanoTime();
            push.close();
            other.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("close with linger 0")
                    .isLessThan(Duration.ofSeconds(2));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "IPC"})
    void contextCloseWaitsNoLongerThanTheLinger(Transport t) {
        ZmqSocket pull = socket(SocketType.PULL);
        pull.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 1);
        String endpoint = bind(pull, t);
        ZmqContext other = ZmqContext.create();
        ZmqSocket push = other.createSocket(SocketType.PUSH);
        push.setOption(SocketOption.LINGER, Duration.ofMillis(300));
        push.setOption(SocketOption.SEND_HIGH_WATER_MARK, 1);
        push.connect(endpoint);
        byte[] payload = new byte[64 * 1024];
        while (push.send(ZmqMessage.wrap(payload), Duration.ofMillis(200))) {
            // the PULL never reads, so these cannot all be flushed
        }
        long start = System.nanoTime();
        other.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(3));
    }

    // ---- unbind, disconnect ----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Transport.class)
    void unbindStopsAcceptingNewConnections(Transport t) {
        ZmqSocket pull = socket(SocketType.PULL);
        Events events = monitor(pull);
        String endpoint = bind(pull, t);
        ZmqSocket before = socket(SocketType.PUSH);
        before.connect(endpoint);
        send(before, "before unbind");
        assertThat(recvFrames(pull)).containsExactly("before unbind");

        pull.unbind(endpoint);
        events.awaitCount(MonitorEventType.CLOSED, 1);
        ZmqSocket after = socket(SocketType.PUSH);
        after.connect(endpoint);
        assertThat(after.trySend(ZmqMessage.of("after unbind"))).isTrue();
        assertNothingReceived(pull);

        // The endpoint is free again.
        ZmqSocket other = socket(SocketType.PULL);
        other.bind(endpoint);
        assertThat(recvFrames(other)).containsExactly("after unbind");
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "IPC"})
    void unbindOfAWildcardBindAcceptsTheResolvedEndpoint(Transport t) {
        ZmqSocket pull = socket(SocketType.PULL);
        String endpoint = bind(pull, t);
        pull.unbind(endpoint);
        assertThatThrownBy(() -> pull.unbind(endpoint))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOENT));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void disconnectStopsSendingToThatPeer(Transport t) {
        ZmqSocket pull1 = socket(SocketType.PULL);
        ZmqSocket pull2 = socket(SocketType.PULL);
        String e1 = bind(pull1, t);
        String e2 = bind(pull2, t);
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(e1);
        push.connect(e2);
        send(push, "to 1");
        send(push, "to 2");
        assertThat(recvFrames(pull1)).containsExactly("to 1");
        assertThat(recvFrames(pull2)).containsExactly("to 2");

        push.disconnect(e1);
        for (int i = 0; i < 4; i++) {
            send(push, "only 2", Integer.toString(i));
        }
        for (int i = 0; i < 4; i++) {
            assertThat(recvFrames(pull2)).containsExactly("only 2", Integer.toString(i));
        }
        assertNothingReceived(pull1);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void unbindOrDisconnectOfAnUnknownEndpointFailsWithEnoent(Transport t) {
        ZmqSocket s = socket(SocketType.DEALER);
        String bound = bind(s, t);
        String never = reserveEndpoint(t);
        assertThatThrownBy(() -> s.unbind(never))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOENT));
        assertThatThrownBy(() -> s.disconnect(never))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOENT));
        s.unbind(bound);
        assertThatThrownBy(() -> s.unbind(bound))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOENT));
    }

    // ---- endpoint errors -------------------------------------------------------------------------

    @Test
    void bindingATcpPortInUseFailsWithEaddrinuseNamingTheEndpoint() {
        ZmqSocket first = socket(SocketType.PULL);
        String endpoint = bind(first, Transport.TCP);
        ZmqSocket second = socket(SocketType.PULL);
        assertThatThrownBy(() -> second.bind(endpoint))
                .isInstanceOfSatisfying(ZmqException.class, e -> {
                    assertThat(e.error()).isEqualTo(ZmqError.EADDRINUSE);
                    assertThat(e.getMessage()).contains(endpoint);
                });
        // The first socket is unaffected.
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(endpoint);
        send(push, "ok");
        assertThat(recvFrames(first)).containsExactly("ok");
    }

    @Test
    void bindingAnInprocNameInUseFailsWithEaddrinuse() {
        ZmqSocket first = socket(SocketType.PULL);
        String endpoint = bind(first, Transport.INPROC);
        ZmqSocket second = socket(SocketType.PULL);
        assertThatThrownBy(() -> second.bind(endpoint))
                .isInstanceOfSatisfying(ZmqException.class, e -> {
                    assertThat(e.error()).isEqualTo(ZmqError.EADDRINUSE);
                    assertThat(e.getMessage()).contains(endpoint);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://127.0.0.1", "tcp://127.0.0.1:", "tcp://:5555", "tcp://127.0.0.1:99999",
        "tcp://256.0.0.1:5555", "127.0.0.1:5555", "tcp:/127.0.0.1:5555", "ipc://", "inproc://", ""})
    void malformedEndpointsFailWithEinval(String endpoint) {
        ZmqSocket s = socket(SocketType.PAIR);
        assertThatThrownBy(() -> s.bind(endpoint))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
        assertThatThrownBy(() -> s.connect(endpoint))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pgm://eth0;239.192.1.1:5555", "norm://eth0;239.192.1.1:5555", "foo://bar", "TCP://127.0.0.1:5555"})
    void unknownTransportsFailWithEprotonosupport(String endpoint) {
        ZmqSocket s = socket(SocketType.PAIR);
        assertThatThrownBy(() -> s.bind(endpoint))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EPROTONOSUPPORT));
        assertThatThrownBy(() -> s.connect(endpoint))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EPROTONOSUPPORT));
    }

    /** udp:// is RADIO, DISH and DGRAM's only, as libzmq's check_protocol has it. */
    @Test
    void udpFailsWithEnocompatprotoForTheClassicTypes() {
        ZmqSocket s = socket(SocketType.PAIR);
        assertThatThrownBy(() -> s.bind("udp://127.0.0.1:*"))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOCOMPATPROTO));
        assertThatThrownBy(() -> s.connect("udp://127.0.0.1:5555"))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOCOMPATPROTO));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://127.0.0.1:*", "tcp://*:5555", "tcp://127.0.0.1:0"})
    void connectingToAWildcardFailsWithEinval(String endpoint) {
        ZmqSocket s = socket(SocketType.PAIR);
        assertThatThrownBy(() -> s.connect(endpoint))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
    }

    // ---- immediate --------------------------------------------------------------------------------

    // libzmq ignores IMMEDIATE for inproc (an inproc connect always creates its pipe at once).
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "IPC"})
    void immediatePushDoesNotQueueForAPeerThatIsNotThere(Transport t) {
        String endpoint = reserveEndpoint(t);
        ZmqSocket push = socket(SocketType.PUSH);
        push.setOption(SocketOption.IMMEDIATE, true);
        push.connect(endpoint);
        assertThat(push.trySend(ZmqMessage.of("nowhere"))).isFalse();
        assertThat(push.send(ZmqMessage.of("nowhere"), Duration.ofMillis(100))).isFalse();

        ZmqSocket pull = socket(SocketType.PULL);
        pull.bind(endpoint);
        Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(5))
                .until(() -> push.trySend(ZmqMessage.of("first", "delivered")));
        send(push, "second", "delivered");
        assertThat(recvFrames(pull)).containsExactly("first", "delivered");
        assertThat(recvFrames(pull)).containsExactly("second", "delivered");
        assertNothingReceived(pull);
    }

    // libzmq ignores IMMEDIATE for inproc (an inproc connect always creates its pipe at once).
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "IPC"})
    void immediatePushSendsOnlyToConnectedPeers(Transport t) {
        String dead = reserveEndpoint(t);
        ZmqSocket live = socket(SocketType.PULL);
        String liveEndpoint = bind(live, t);
        ZmqSocket push = socket(SocketType.PUSH);
        push.setOption(SocketOption.IMMEDIATE, true);
        push.connect(dead);
        push.connect(liveEndpoint);
        Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(5))
                .until(() -> push.trySend(ZmqMessage.of("m", "0")));
        for (int i = 1; i < 10; i++) {
            send(push, "m", Integer.toString(i));
        }
        for (int i = 0; i < 10; i++) {
            assertThat(recvFrames(live)).containsExactly("m", Integer.toString(i));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void withoutImmediateAPushQueuesForAPeerThatIsNotThereYet(Transport t) {
        String dead = reserveEndpoint(t);
        ZmqSocket live = socket(SocketType.PULL);
        String liveEndpoint = bind(live, t);
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(dead);
        push.connect(liveEndpoint);
        for (int i = 0; i < 4; i++) {
            send(push, "m", Integer.toString(i));
        }
        // Round-robin includes the pending connection: every other message waits for it.
        assertThat(recvFrames(live)).containsExactly("m", "1");
        assertThat(recvFrames(live)).containsExactly("m", "3");
        assertNothingReceived(live);
        ZmqSocket late = socket(SocketType.PULL);
        late.bind(dead);
        assertThat(recvFrames(late)).containsExactly("m", "0");
        assertThat(recvFrames(late)).containsExactly("m", "2");
    }

    // ---- reconnect --------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "IPC"})
    void aConnectingPushDeliversQueuedMessagesWhenThePullComesBack(Transport t) {
        ZmqSocket pull = socket(SocketType.PULL);
        String endpoint = bind(pull, t);
        ZmqSocket push = socket(SocketType.PUSH);
        push.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(20));
        Events events = monitor(push);
        push.connect(endpoint);
        send(push, "first life");
        assertThat(recvFrames(pull)).containsExactly("first life");

        pull.close();
        events.awaitCount(MonitorEventType.DISCONNECTED, 1);
        for (int i = 0; i < 5; i++) {
            assertThat(push.trySend(ZmqMessage.of("queued", Integer.toString(i)))).as("queued while the peer is away").isTrue();
        }

        ZmqSocket reborn = socket(SocketType.PULL);
        reborn.bind(endpoint);
        for (int i = 0; i < 5; i++) {
            assertThat(recvFrames(reborn)).containsExactly("queued", Integer.toString(i));
        }
        send(push, "second life");
        assertThat(recvFrames(reborn)).containsExactly("second life");
        // Monitor events reach the listener on the event thread, possibly after the messages.
        events.awaitCount(MonitorEventType.HANDSHAKE_SUCCEEDED, 2);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "IPC"})
    void aConnectingReqReconnectsToARestartedRep(Transport t) {
        ZmqSocket rep = socket(SocketType.REP);
        String endpoint = bind(rep, t);
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(20));
        Events events = monitor(dealer);
        dealer.connect(endpoint);
        send(dealer, "", "one");
        assertThat(recvFrames(rep)).containsExactly("one");
        send(rep, "1");
        assertThat(recvFrames(dealer)).containsExactly("", "1");

        rep.close();
        events.awaitCount(MonitorEventType.DISCONNECTED, 1);
        ZmqSocket reborn = socket(SocketType.REP);
        reborn.bind(endpoint);
        send(dealer, "", "two");
        assertThat(recvFrames(reborn)).containsExactly("two");
        send(reborn, "2");
        assertThat(recvFrames(dealer)).containsExactly("", "2");
    }

    // ---- max message size --------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "IPC"})
    void anOversizedMessageClosesOnlyTheOffendingConnection(Transport t) {
        ZmqSocket pull = socket(SocketType.PULL);
        pull.setOption(SocketOption.MAX_MESSAGE_SIZE, 1000L);
        Events pullEvents = monitor(pull);
        String endpoint = bind(pull, t);
        ZmqSocket good = socket(SocketType.PUSH);
        good.connect(endpoint);
        ZmqSocket bad = socket(SocketType.PUSH);
        Events badEvents = monitor(bad);
        bad.connect(endpoint);
        pullEvents.awaitPeers(t, 2);

        send(good, "good", "1");
        assertThat(recvFrames(pull)).containsExactly("good", "1");

        assertThat(bad.send(ZmqMessage.of(new byte[1001]), TIMEOUT)).isTrue();
        pullEvents.awaitCount(MonitorEventType.DISCONNECTED, 1);
        badEvents.awaitCount(MonitorEventType.DISCONNECTED, 1);

        send(good, "good", "2");
        assertThat(recvFrames(pull)).containsExactly("good", "2");

        // The offender reconnects and may send what fits; exactly the limit is allowed.
        send(bad, "small");
        assertThat(recvFrames(pull)).containsExactly("small");
        assertThat(bad.send(ZmqMessage.of(new byte[1000]), TIMEOUT)).isTrue();
        assertThat(recv(pull).frameLength(0)).isEqualTo(1000);
        send(good, "good", "3");
        assertThat(recvFrames(pull)).containsExactly("good", "3");
        assertNothingReceived(pull);
    }

    // ---- monitoring -------------------------------------------------------------------------------

    @Test
    void monitorReportsTheLifecycleOfATcpConnection() {
        ZmqSocket pull = socket(SocketType.PULL);
        Events bindSide = monitor(pull);
        String endpoint = bind(pull, Transport.TCP);
        ZmqSocket push = socket(SocketType.PUSH);
        Events connectSide = monitor(push);
        push.connect(endpoint);

        bindSide.awaitCount(MonitorEventType.HANDSHAKE_SUCCEEDED, 1);
        connectSide.awaitCount(MonitorEventType.HANDSHAKE_SUCCEEDED, 1);
        assertThat(connectSide.types()).containsSubsequence(MonitorEventType.CONNECTED, MonitorEventType.HANDSHAKE_SUCCEEDED);
        assertThat(connectSide.types()).doesNotContain(MonitorEventType.LISTENING, MonitorEventType.ACCEPTED);
        assertThat(bindSide.types()).containsExactly(
                MonitorEventType.LISTENING, MonitorEventType.ACCEPTED, MonitorEventType.HANDSHAKE_SUCCEEDED);
        for (MonitorEvent e : bindSide.events) {
            assertThat(e.endpoint()).isEqualTo(endpoint);
        }
        for (MonitorEvent e : connectSide.events) {
            assertThat(e.endpoint()).isEqualTo(endpoint);
        }

        push.close();
        connectSide.awaitCount(MonitorEventType.MONITOR_STOPPED, 1);
        sleep(100); // nothing may follow MONITOR_STOPPED
        assertThat(connectSide.types().get(connectSide.types().size() - 1)).as("last of %s", connectSide)
                .isEqualTo(MonitorEventType.MONITOR_STOPPED);
        bindSide.awaitCount(MonitorEventType.DISCONNECTED, 1);

        pull.close();
        bindSide.awaitCount(MonitorEventType.MONITOR_STOPPED, 1);
        sleep(100);
        assertThat(bindSide.types()).containsSubsequence(MonitorEventType.LISTENING, MonitorEventType.ACCEPTED,
                MonitorEventType.HANDSHAKE_SUCCEEDED, MonitorEventType.DISCONNECTED, MonitorEventType.MONITOR_STOPPED);
        assertThat(bindSide.types().get(bindSide.types().size() - 1)).as("last of %s", bindSide)
                .isEqualTo(MonitorEventType.MONITOR_STOPPED);
        assertThat(bindSide.count(MonitorEventType.MONITOR_STOPPED)).isEqualTo(1);
    }

    @Test
    void closingAMonitorHandleStopsTheEvents() throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        Events events = new Events();
        AutoCloseable handle = pull.monitor(events);
        String endpoint = bind(pull, Transport.TCP);
        events.awaitCount(MonitorEventType.LISTENING, 1);
        handle.close();
        events.awaitCount(MonitorEventType.MONITOR_STOPPED, 1);

        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(endpoint);
        send(push, "x");
        assertThat(recvFrames(pull)).containsExactly("x");
        assertThat(events.types()).containsExactly(MonitorEventType.LISTENING, MonitorEventType.MONITOR_STOPPED);
    }

    @Test
    void monitorReportsRetriesWhileNothingListens() {
        String endpoint = reserveEndpoint(Transport.TCP);
        ZmqSocket push = socket(SocketType.PUSH);
        push.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(20));
        Events events = monitor(push);
        push.connect(endpoint);
        events.awaitCount(MonitorEventType.CONNECT_RETRIED, 2);
        assertThat(events.count(MonitorEventType.HANDSHAKE_SUCCEEDED)).isZero();
    }

    // ---- asynchronous receive ---------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Transport.class)
    void receiveAsyncCompletesWithTheNextMessage(Transport t) throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        String endpoint = bind(pull, t);
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(endpoint);

        CompletableFuture<ZmqMessage> first = pull.receiveAsync();
        CompletableFuture<ZmqMessage> second = pull.receiveAsync();
        assertThat(first).isNotDone();
        send(push, "one", "1");
        send(push, "two", "2");
        assertThat(frames(first.get(5, TimeUnit.SECONDS))).containsExactly("one", "1");
        assertThat(frames(second.get(5, TimeUnit.SECONDS))).containsExactly("two", "2");

        // On inproc the message is already waiting when send returns: the future completes at once.
        send(push, "three");
        CompletableFuture<ZmqMessage> third = pull.receiveAsync();
        if (t == Transport.INPROC) {
            assertThat(third).isDone();
        }
        assertThat(frames(third.get(5, TimeUnit.SECONDS))).containsExactly("three");

        CompletableFuture<ZmqMessage> pending = pull.receiveAsync();
        pull.close();
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertThat(((ZmqException) e.getCause()).error()).isEqualTo(ZmqError.ETERM));
    }

    // ---- thread safety ----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Transport.class)
    void manyThreadsSendingOnOnePushLoseAndDuplicateNothing(Transport t) throws Exception {
        int threads = 8;
        int perThread = 1000;
        ZmqSocket pull = socket(SocketType.PULL);
        String endpoint = bind(pull, t);
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(endpoint);

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int th = 0; th < threads; th++) {
                int id = th;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        assertThat(push.send(ZmqMessage.of("thread-" + id, Integer.toString(i)), TIMEOUT)).isTrue();
                    }
                    return null;
                }));
            }
            start.countDown();

            int[] next = new int[threads];
            for (int n = 0; n < threads * perThread; n++) {
                List<String> f = recvFrames(pull);
                int id = Integer.parseInt(f.get(0).substring("thread-".length()));
                // One peer, one pipe: each thread's messages keep their order.
                assertThat(Integer.parseInt(f.get(1))).as("thread %d", id).isEqualTo(next[id]++);
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.SECONDS);
            }
            for (int th = 0; th < threads; th++) {
                assertThat(next[th]).isEqualTo(perThread);
            }
            assertThat(pull.tryReceive()).isNull();
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void manyThreadsReceivingOnOnePullShareTheMessages(Transport t) throws Exception {
        int threads = 8;
        int total = 8000;
        ZmqSocket pull = socket(SocketType.PULL);
        String endpoint = bind(pull, t);
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(endpoint);

        Set<Integer> received = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int th = 0; th < threads; th++) {
                done.add(pool.submit(() -> {
                    int mine = 0;
                    while (count.get() < total) {
                        ZmqMessage m = pull.receive(Duration.ofMillis(100));
                        if (m == null) {
                            continue;
                        }
                        assertThat(m.frameString(0)).isEqualTo("n");
                        if (!received.add(Integer.parseInt(m.frameString(1)))) {
                            duplicates.incrementAndGet();
                        }
                        count.incrementAndGet();
                        mine++;
                    }
                    return mine;
                }));
            }
            for (int i = 0; i < total; i++) {
                assertThat(push.send(ZmqMessage.of("n", Integer.toString(i)), TIMEOUT)).isTrue();
            }
            int sum = 0;
            for (Future<Integer> f : done) {
                sum += f.get(20, TimeUnit.SECONDS);
            }
            assertThat(duplicates.get()).isZero();
            assertThat(sum).isEqualTo(total);
            assertThat(received).hasSize(total);
            assertThat(pull.tryReceive()).isNull();
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- unsupported operations -------------------------------------------------------------------

    @Test
    void operationsASocketTypeDoesNotHaveFailWithEnotsup() {
        ZmqSocket push = socket(SocketType.PUSH);
        ZmqSocket pull = socket(SocketType.PULL);
        ZmqSocket sub = socket(SocketType.SUB);
        ZmqSocket pub = socket(SocketType.PUB);

        assertEnotsup(push::tryReceive);
        assertEnotsup(() -> push.receive(Duration.ofMillis(10)));
        assertEnotsup(push::receive);
        assertEnotsup(() -> pull.trySend(ZmqMessage.of("x")));
        assertEnotsup(() -> pull.send("x"));
        assertEnotsup(() -> sub.trySend(ZmqMessage.of("x")));
        assertEnotsup(() -> sub.send("x"));
        assertEnotsup(pub::tryReceive);
        assertEnotsup(() -> push.subscribe("x"));
        assertEnotsup(() -> pub.subscribe("x"));
        assertEnotsup(() -> pull.unsubscribe("x"));
    }

    @Test
    void aClosedSocketFailsWithEterm() {
        ZmqSocket pull = socket(SocketType.PULL);
        pull.close();
        assertThat(pull.isClosed()).isTrue();
        assertThatThrownBy(pull::tryReceive)
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ETERM));
        assertThatThrownBy(() -> pull.bind("inproc://closed"))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ETERM));
    }

    @Test
    void closingASocketWakesAThreadBlockedInReceiveWithEterm() throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        CompletableFuture<ZmqMessage> blocked = CompletableFuture.supplyAsync(pull::receive);
        sleep(100);
        assertThat(blocked).isNotDone();
        pull.close();
        assertThatThrownBy(() -> blocked.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertThat(((ZmqException) e.getCause()).error()).isEqualTo(ZmqError.ETERM));
    }

    private static void assertEnotsup(Runnable r) {
        assertThatThrownBy(r::run)
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOTSUP));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
