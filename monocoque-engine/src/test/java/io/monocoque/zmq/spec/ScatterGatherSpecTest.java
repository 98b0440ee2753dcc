package io.monocoque.zmq.spec;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
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
 * SCATTER/GATHER as ZeroMQ RFC 49 and libzmq's test_scatter_gather define them: PUSH/PULL for
 * single-frame messages. SCATTER round-robins over its GATHER peers and blocks (never drops)
 * when they are full or absent; GATHER fair-queues; a multipart send is EINVAL; SCATTER cannot
 * receive and GATHER cannot send (ENOTSUP).
 */
class ScatterGatherSpecTest extends SpecTestBase {

    private static void assertFails(ZmqError error, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(error));
    }

    @Test
    void scatterRefusesAMultipartMessageWithEinval() {
        ZmqSocket scatter = socket(SocketType.SCATTER);
        ZmqSocket gather = socket(SocketType.GATHER);
        gather.connect(bind(scatter, Transport.INPROC));
        assertFails(ZmqError.EINVAL, () -> scatter.send(ZmqMessage.of("1", "2")));
        assertNothingReceived(gather);
    }

    @Test
    void scatterCannotReceiveAndGatherCannotSend() {
        ZmqSocket scatter = socket(SocketType.SCATTER);
        ZmqSocket gather = socket(SocketType.GATHER);
        assertFails(ZmqError.ENOTSUP, scatter::tryReceive);
        assertFails(ZmqError.ENOTSUP, () -> scatter.receive(Duration.ofMillis(10)));
        assertFails(ZmqError.ENOTSUP, scatter::tryReceiveBytes);
        assertFails(ZmqError.ENOTSUP, () -> gather.send("x"));
        assertFails(ZmqError.ENOTSUP, () -> gather.trySend(ZmqMessage.of("x")));
        assertFails(ZmqError.ENOTSUP, () -> gather.sendWrapped(new byte[] {1}));
        assertFails(ZmqError.ENOTSUP, () -> gather.subscribe("x"));
        assertThat(SocketType.SCATTER.canReceive()).isFalse();
        assertThat(SocketType.GATHER.canSend()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void scatterRoundRobinsOverItsGathers(Transport t) {
        ZmqSocket scatter = socket(SocketType.SCATTER);
        ZmqSocket first = socket(SocketType.GATHER);
        ZmqSocket second = socket(SocketType.GATHER);
        Events events = monitor(scatter);
        scatter.connect(bind(first, t));
        scatter.connect(bind(second, t));
        events.awaitPeers(t, 2);

        for (int i = 0; i < 6; i++) {
            send(scatter, Integer.toString(i));
        }
        // libzmq's test: "1" to the first gather, "2" to the second; in connect order, in turn.
        for (int i = 0; i < 3; i++) {
            assertThat(recvFrames(first)).containsExactly(Integer.toString(2 * i));
            assertThat(recvFrames(second)).containsExactly(Integer.toString(2 * i + 1));
        }
        assertThat(first.tryReceive()).isNull();
        assertThat(second.tryReceive()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void gatherFairQueuesItsScatters(Transport t) {
        ZmqSocket gather = socket(SocketType.GATHER);
        String endpoint = bind(gather, t);
        List<ZmqSocket> scatters = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            ZmqSocket scatter = socket(SocketType.SCATTER);
            scatter.connect(endpoint);
            scatters.add(scatter);
        }
        for (int i = 0; i < 4; i++) {
            for (int s = 0; s < scatters.size(); s++) {
                send(scatters.get(s), s + ":" + i);
            }
        }
        settle(t);
        int[] next = new int[scatters.size()];
        for (int round = 0; round < 4; round++) {
            Set<Integer> senders = new HashSet<>();
            for (int k = 0; k < scatters.size(); k++) {
                String[] m = recv(gather).frameString(0).split(":");
                int s = Integer.parseInt(m[0]);
                assertThat(Integer.parseInt(m[1])).as("order of scatter %d", s).isEqualTo(next[s]++);
                senders.add(s);
            }
            assertThat(senders).as("round %d takes one message from each scatter", round).hasSize(scatters.size());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aScatterConnectedBeforeTheGatherBindsQueuesWhatItSends(Transport t) {
        String endpoint = reserveEndpoint(t);
        ZmqSocket scatter = socket(SocketType.SCATTER);
        scatter.connect(endpoint);
        assertThat(scatter.trySend(ZmqMessage.of("early"))).isTrue();
        ZmqSocket gather = socket(SocketType.GATHER);
        gather.bind(endpoint);
        assertThat(recvFrames(gather)).containsExactly("early");
    }

    @Test
    void aScatterWithoutPeersCannotSend() {
        ZmqSocket scatter = socket(SocketType.SCATTER);
        assertThat(scatter.trySend(ZmqMessage.of("nobody"))).isFalse();
        assertThatThrownBy(() -> {
            scatter.setOption(SocketOption.SEND_TIMEOUT, Duration.ofMillis(20));
            scatter.send("nobody");
        }).isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EAGAIN));
    }

    @Test
    void scatterBlocksAtTheHighWaterMarkAndNeverDrops() {
        ZmqSocket gather = socket(SocketType.GATHER);
        gather.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 3);
        ZmqSocket scatter = socket(SocketType.SCATTER);
        scatter.setOption(SocketOption.SEND_HIGH_WATER_MARK, 2);
        scatter.connect(bind(gather, Transport.INPROC));
        int queued = 0;
        while (scatter.trySend(ZmqMessage.of("m" + queued))) {
            queued++;
        }
        assertThat(queued).as("the inproc pipe holds send plus receive mark").isEqualTo(5);
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> scatter.send(ZmqMessage.of("late"), TIMEOUT));
        for (int i = 0; i < queued; i++) {
            assertThat(recvFrames(gather)).containsExactly("m" + i);
        }
        assertThat(recvFrames(gather)).containsExactly("late");
        assertThat(blocked.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join()).isTrue();
        assertThat(scatter.droppedMessages()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void manyThreadsShareOneScatterAndOneGather(Transport t) throws Exception {
        ZmqSocket gather = socket(SocketType.GATHER);
        ZmqSocket scatter = socket(SocketType.SCATTER);
        scatter.connect(bind(gather, t));
        int threads = 4;
        int each = 250;
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int n = 0; n < threads; n++) {
            int thread = n;
            senders.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < each; i++) {
                    send(scatter, thread + ":" + i);
                }
            }));
        }
        Set<String> received = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> receivers = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            receivers.add(CompletableFuture.runAsync(() -> {
                while (received.size() < threads * each) {
                    byte[] m = gather.receiveBytes(Duration.ofMillis(100));
                    if (m != null) {
                        assertThat(received.add(new String(m, java.nio.charset.StandardCharsets.UTF_8))).isTrue();
                    }
                }
            }));
        }
        CompletableFuture.allOf(senders.toArray(new CompletableFuture[0])).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture.allOf(receivers.toArray(new CompletableFuture[0])).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(received).hasSize(threads * each);
    }

    @Test
    void optionsOfOtherTypesAreRefusedWithEinval() {
        ZmqSocket scatter = socket(SocketType.SCATTER);
        ZmqSocket gather = socket(SocketType.GATHER);
        assertFails(ZmqError.EINVAL, () -> scatter.setOption(SocketOption.CONFLATE, true));
        assertFails(ZmqError.EINVAL, () -> gather.setOption(SocketOption.CONFLATE, true));
        assertFails(ZmqError.EINVAL, () -> gather.setOption(SocketOption.ROUTER_HANDOVER, true));
    }
}
