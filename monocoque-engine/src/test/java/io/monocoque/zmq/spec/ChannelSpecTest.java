package io.monocoque.zmq.spec;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CHANNEL as ZeroMQ RFC 51 and libzmq's test_channel define it: PAIR for single-frame messages,
 * thread-safe. One peer at a time, both directions, a multipart send is EINVAL, and a CHANNEL
 * without its peer cannot send (EAGAIN, as libzmq's xsend without a pipe).
 */
class ChannelSpecTest extends SpecTestBase {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void channelsExchangeMessagesBothWays(Transport t) {
        ZmqSocket bound = socket(SocketType.CHANNEL);
        ZmqSocket connected = socket(SocketType.CHANNEL);
        connected.connect(bind(bound, t));
        for (int i = 0; i < 10; i++) {
            send(bound, "HELLO " + i);
            assertThat(recvFrames(connected)).containsExactly("HELLO " + i);
            send(connected, "WORLD " + i);
            assertThat(recvFrames(bound)).containsExactly("WORLD " + i);
        }
    }

    @Test
    void aMultipartSendFailsWithEinval() {
        ZmqSocket bound = socket(SocketType.CHANNEL);
        ZmqSocket connected = socket(SocketType.CHANNEL);
        connected.connect(bind(bound, Transport.INPROC));
        assertThatThrownBy(() -> connected.send(ZmqMessage.of("X", "Y")))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
        assertNothingReceived(bound);
    }

    @Test
    void aChannelWithoutItsPeerCannotSend() {
        ZmqSocket alone = socket(SocketType.CHANNEL);
        assertThat(alone.trySend(ZmqMessage.of("nobody"))).isFalse();
        assertThat(alone.send(ZmqMessage.of("nobody"), Duration.ofMillis(20))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aChannelConnectedBeforeItsPeerBindsQueuesWhatItSends(Transport t) {
        String endpoint = reserveEndpoint(t);
        ZmqSocket connected = socket(SocketType.CHANNEL);
        connected.connect(endpoint);
        assertThat(connected.trySend(ZmqMessage.of("early"))).isTrue();
        ZmqSocket bound = socket(SocketType.CHANNEL);
        bound.bind(endpoint);
        assertThat(recvFrames(bound)).containsExactly("early");
        send(bound, "welcome");
        assertThat(recvFrames(connected)).containsExactly("welcome");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSecondChannelIsRefusedWhileTheFirstIsConnected(Transport t) {
        ZmqSocket bound = socket(SocketType.CHANNEL);
        Events events = monitor(bound);
        String endpoint = bind(bound, t);
        ZmqSocket first = socket(SocketType.CHANNEL);
        first.connect(endpoint);
        send(first, "from first");
        assertThat(recvFrames(bound)).containsExactly("from first");

        ZmqSocket intruder = socket(SocketType.CHANNEL);
        intruder.connect(endpoint);
        if (t.isNetworked()) {
            events.awaitReason(MonitorEventType.DISCONNECTED, "already has its one peer");
        }
        intruder.trySend(ZmqMessage.of("from intruder"));
        assertNothingReceived(bound);
        send(bound, "to first");
        assertThat(recvFrames(first)).containsExactly("to first");
    }

    @Test
    void aChannelBlocksAtTheHighWaterMarkAndNeverDrops() {
        ZmqSocket bound = socket(SocketType.CHANNEL);
        bound.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 2);
        ZmqSocket connected = socket(SocketType.CHANNEL);
        connected.setOption(SocketOption.SEND_HIGH_WATER_MARK, 2);
        connected.connect(bind(bound, Transport.INPROC));
        int queued = 0;
        while (connected.trySend(ZmqMessage.of("m" + queued))) {
            queued++;
        }
        assertThat(queued).isEqualTo(4);
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> connected.send(ZmqMessage.of("late"), TIMEOUT));
        for (int i = 0; i < queued; i++) {
            assertThat(recvFrames(bound)).containsExactly("m" + i);
        }
        assertThat(recvFrames(bound)).containsExactly("late");
        assertThat(blocked.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void manyThreadsShareBothEndsOfAChannel(Transport t) throws Exception {
        ZmqSocket bound = socket(SocketType.CHANNEL);
        ZmqSocket connected = socket(SocketType.CHANNEL);
        connected.connect(bind(bound, t));
        int threads = 3;
        int each = 200;
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int n = 0; n < threads; n++) {
            int thread = n;
            senders.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < each; i++) {
                    send(connected, thread + ":" + i);
                    send(bound, "back " + thread + ":" + i);
                }
            }));
        }
        Set<String> atBound = new HashSet<>();
        Set<String> atConnected = new HashSet<>();
        while (atBound.size() < threads * each || atConnected.size() < threads * each) {
            if (atBound.size() < threads * each) {
                assertThat(atBound.add(recv(bound).frameString(0))).isTrue();
            }
            if (atConnected.size() < threads * each) {
                assertThat(atConnected.add(recv(connected).frameString(0))).isTrue();
            }
        }
        CompletableFuture.allOf(senders.toArray(new CompletableFuture[0])).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(atConnected).allMatch(s -> s.startsWith("back "));
    }

    @Test
    void channelHasNoSubscriptionsNorRoutingIds() {
        ZmqSocket bound = socket(SocketType.CHANNEL);
        ZmqSocket connected = socket(SocketType.CHANNEL);
        connected.connect(bind(bound, Transport.INPROC));
        assertThatThrownBy(() -> bound.subscribe("x"))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOTSUP));
        send(connected, "plain");
        assertThat(recv(bound).routingId()).isZero();
    }
}
