package io.monocoque.zmq.spec;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
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
 * PUSH/PULL as ZeroMQ RFC 30 and libzmq's test_spec_pushpull define them: PUSH round-robins
 * over its peers and blocks (never drops) when they are full or absent; PULL fair-queues.
 */
class PushPullSpecTest extends SpecTestBase {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void pushRoundRobinsOverConnectedPulls(Transport t) {
        int peers = 3;
        List<ZmqSocket> pulls = new ArrayList<>();
        ZmqSocket push = socket(SocketType.PUSH);
        for (int i = 0; i < peers; i++) {
            ZmqSocket pull = socket(SocketType.PULL);
            push.connect(bind(pull, t));
            pulls.add(pull);
        }

        int rounds = 4;
        for (int n = 0; n < peers * rounds; n++) {
            send(push, "job", Integer.toString(n), "payload-" + n);
        }

        // Peers are taken in the order they were connected, one message each in turn.
        for (int i = 0; i < peers; i++) {
            for (int r = 0; r < rounds; r++) {
                int n = r * peers + i;
                assertThat(recvFrames(pulls.get(i))).as("pull %d, round %d", i, r)
                        .containsExactly("job", Integer.toString(n), "payload-" + n);
            }
        }
        for (ZmqSocket pull : pulls) {
            assertThat(pull.tryReceive()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void pushRoundRobinsOverPullsConnectedToIt(Transport t) {
        int peers = 3;
        ZmqSocket push = socket(SocketType.PUSH);
        Events events = monitor(push);
        String endpoint = bind(push, t);
        List<ZmqSocket> pulls = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            ZmqSocket pull = socket(SocketType.PULL);
            pull.connect(endpoint);
            pulls.add(pull);
        }
        events.awaitPeers(t, peers);

        // The attach order of accepted peers is not known, but each gets exactly one per round.
        for (int n = 0; n < peers * 2; n++) {
            send(push, "m", Integer.toString(n));
        }
        Set<Integer> firstRound = new HashSet<>();
        Set<Integer> secondRound = new HashSet<>();
        for (ZmqSocket pull : pulls) {
            List<String> a = recvFrames(pull);
            List<String> b = recvFrames(pull);
            assertThat(a.get(0)).isEqualTo("m");
            assertThat(b.get(0)).isEqualTo("m");
            int first = Integer.parseInt(a.get(1));
            int second = Integer.parseInt(b.get(1));
            assertThat(second).as("a peer's second message comes one round after its first").isEqualTo(first + peers);
            firstRound.add(first);
            secondRound.add(second);
        }
        assertThat(firstRound).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(secondRound).containsExactlyInAnyOrder(3, 4, 5);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void pullFairQueuesFromSeveralPushes(Transport t) {
        int peers = 3;
        int perPeer = 4;
        ZmqSocket pull = socket(SocketType.PULL);
        Events events = monitor(pull);
        String endpoint = bind(pull, t);
        List<ZmqSocket> pushes = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            ZmqSocket push = socket(SocketType.PUSH);
            push.connect(endpoint);
            pushes.add(push);
        }
        events.awaitPeers(t, peers);

        // Each PUSH sends its whole batch before the PULL reads anything.
        for (int i = 0; i < peers; i++) {
            for (int j = 0; j < perPeer; j++) {
                send(pushes.get(i), "sender-" + i, Integer.toString(j));
            }
        }
        settle(t);

        int[] next = new int[peers];
        for (int round = 0; round < perPeer; round++) {
            Set<Integer> senders = new HashSet<>();
            for (int k = 0; k < peers; k++) {
                List<String> f = recvFrames(pull);
                assertThat(f).hasSize(2);
                int sender = Integer.parseInt(f.get(0).substring("sender-".length()));
                assertThat(Integer.parseInt(f.get(1))).as("order of sender %d", sender).isEqualTo(next[sender]++);
                senders.add(sender);
            }
            assertThat(senders).as("round %d takes one message from every sender", round)
                    .containsExactlyInAnyOrder(0, 1, 2);
        }
        assertThat(pull.tryReceive()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void pushBlocksAtHighWaterMarkAndNeverDrops(Transport t) {
        int hwm = 5;
        ZmqSocket pull = socket(SocketType.PULL);
        pull.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, hwm);
        String endpoint = bind(pull, t);
        ZmqSocket push = socket(SocketType.PUSH);
        push.setOption(SocketOption.SEND_HIGH_WATER_MARK, hwm);
        push.connect(endpoint);

        send(push, "warm-up");
        assertThat(recvFrames(pull)).containsExactly("warm-up");

        // Big frames fill the socket buffers of tcp and ipc quickly; the PULL reads nothing.
        byte[] payload = new byte[16 * 1024];
        int sent = 0;
        while (push.send(message(sent, payload), Duration.ofMillis(250))) {
            sent++;
            assertThat(sent).as("PUSH never blocked").isLessThan(100_000);
        }
        assertThat(sent).as("messages queued before blocking").isGreaterThanOrEqualTo(2 * hwm);
        if (t == Transport.INPROC) {
            // An inproc pipe holds exactly the sender's SNDHWM plus the receiver's RCVHWM.
            assertThat(sent).isEqualTo(2 * hwm);
        }
        assertThat(push.trySend(message(sent, payload))).as("trySend at the high-water mark").isFalse();
        push.setOption(SocketOption.SEND_TIMEOUT, Duration.ofMillis(100));
        int blocked = sent;
        assertThatThrownBy(() -> push.send(message(blocked, payload)))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EAGAIN));

        // Everything that was accepted arrives, in order, and nothing else.
        for (int i = 0; i < sent; i++) {
            ZmqMessage m = recv(pull);
            assertThat(m.frameString(0)).isEqualTo(Integer.toString(i));
            assertThat(m.frameLength(1)).isEqualTo(payload.length);
        }
        assertNothingReceived(pull);

        // Drained, the PUSH sends again.
        send(push, "after");
        assertThat(recvFrames(pull)).containsExactly("after");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void blockedSendResumesWhenThePullReads(Transport t) throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        pull.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 1);
        String endpoint = bind(pull, t);
        ZmqSocket push = socket(SocketType.PUSH);
        push.setOption(SocketOption.SEND_HIGH_WATER_MARK, 1);
        push.connect(endpoint);
        send(push, "warm-up");
        assertThat(recvFrames(pull)).containsExactly("warm-up");

        byte[] payload = new byte[16 * 1024];
        int sent = 0;
        while (push.send(message(sent, payload), Duration.ofMillis(250))) {
            sent++;
        }
        int last = sent;
        CompletableFuture<Void> blockedSend = CompletableFuture.runAsync(() -> push.send(message(last, payload)));
        sleep(100);
        assertThat(blockedSend).as("send blocks while the peer is full").isNotDone();

        for (int i = 0; i <= last; i++) {
            assertThat(recv(pull).frameString(0)).isEqualTo(Integer.toString(i));
        }
        blockedSend.get(5, TimeUnit.SECONDS);
        assertNothingReceived(pull);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void pushWithNoPeerBlocks(Transport t) throws Exception {
        ZmqSocket push = socket(SocketType.PUSH);
        String endpoint = bind(push, t);

        assertThat(push.trySend(ZmqMessage.of("A"))).isFalse();
        long start = System.nanoTime();
        assertThat(push.send(ZmqMessage.of("A"), Duration.ofMillis(150))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(140));
        push.setOption(SocketOption.SEND_TIMEOUT, Duration.ofMillis(100));
        assertThatThrownBy(() -> push.send("A"))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EAGAIN));

        // A send blocked without peers completes once one arrives.
        push.setOption(SocketOption.SEND_TIMEOUT, Duration.ofMillis(-1));
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> push.send(ZmqMessage.of("first", "1")));
        sleep(100);
        assertThat(blocked).isNotDone();
        ZmqSocket pull = socket(SocketType.PULL);
        pull.connect(endpoint);
        blocked.get(5, TimeUnit.SECONDS);
        assertThat(recvFrames(pull)).containsExactly("first", "1");
    }

    @Test
    void pushThatNeverBoundOrConnectedBlocks() {
        ZmqSocket push = socket(SocketType.PUSH);
        assertThat(push.trySend(ZmqMessage.of("A"))).isFalse();
        assertThat(push.send(ZmqMessage.of("A"), Duration.ofMillis(50))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void messagesQueuedBeforeThePeerBindsAreDelivered(Transport t) {
        String endpoint = reserveEndpoint(t);
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(endpoint);
        for (int i = 0; i < 5; i++) {
            assertThat(push.trySend(ZmqMessage.of("early", Integer.toString(i)))).as("queued while unconnected").isTrue();
        }

        ZmqSocket pull = socket(SocketType.PULL);
        pull.bind(endpoint);
        for (int i = 0; i < 5; i++) {
            assertThat(recvFrames(pull)).containsExactly("early", Integer.toString(i));
        }
        send(push, "late");
        assertThat(recvFrames(pull)).containsExactly("late");
        assertNothingReceived(pull);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void pullConnectedBeforeThePushBindsReceives(Transport t) {
        String endpoint = reserveEndpoint(t);
        ZmqSocket pull = socket(SocketType.PULL);
        pull.connect(endpoint);
        ZmqSocket push = socket(SocketType.PUSH);
        push.bind(endpoint);
        for (int i = 0; i < 3; i++) {
            send(push, "m", Integer.toString(i));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(recvFrames(pull)).containsExactly("m", Integer.toString(i));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void multipartMessagesArriveWholeAndInOrder(Transport t) {
        ZmqSocket pull = socket(SocketType.PULL);
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(bind(pull, t));
        List<ZmqMessage> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[][] frames = new byte[1 + i % 5][];
            for (int f = 0; f < frames.length; f++) {
                // Empty frames, small frames and frames above the encoder's large-frame threshold.
                int len = f == 0 ? 0 : (i * 31 + f * 997) % 20_000;
                frames[f] = new byte[len];
                for (int b = 0; b < len; b++) {
                    frames[f][b] = (byte) (i + f + b);
                }
            }
            ZmqMessage m = ZmqMessage.of(frames);
            sent.add(m);
            assertThat(push.send(m, TIMEOUT)).isTrue();
        }
        for (ZmqMessage expected : sent) {
            assertThat(recv(pull)).isEqualTo(expected);
        }
        assertThat(pull.tryReceive()).isNull();
    }

    private static ZmqMessage message(int n, byte[] payload) {
        return ZmqMessage.wrap(Integer.toString(n).getBytes(StandardCharsets.UTF_8), payload);
    }
}
