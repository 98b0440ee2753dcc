package io.monocoque.zmq.spec;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * High-water marks over inproc as libzmq's test_hwm and test_sockopt_hwm count them: a pipe holds
 * exactly the sender's SNDHWM plus the receiver's RCVHWM, and a high-water mark of zero means no
 * limit, whichever of the two binds first (a pipe made before its binder existed gets the
 * binder's marks when the bind arrives, as libzmq's set_hwms does).
 */
class HighWaterMarkSpecTest extends SpecTestBase {

    /** libzmq's MAX_SENDS: far beyond the default high-water mark of 1000. */
    private static final int MAX_SENDS = 10_000;

    private static int sendUntilFull(ZmqSocket push) {
        int sent = 0;
        while (sent < MAX_SENDS && push.trySend(ZmqMessage.of(Integer.toString(sent)))) {
            sent++;
        }
        return sent;
    }

    private ZmqSocket[] pair(int sendHwm, int receiveHwm, boolean bindFirst) {
        String endpoint = bindAddress(Transport.INPROC);
        ZmqSocket push = socket(SocketType.PUSH);
        push.setOption(SocketOption.SEND_HIGH_WATER_MARK, sendHwm);
        ZmqSocket pull = socket(SocketType.PULL);
        pull.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, receiveHwm);
        if (bindFirst) {
            push.bind(endpoint);
            pull.connect(endpoint);
        } else {
            pull.connect(endpoint);
            push.bind(endpoint);
        }
        return new ZmqSocket[] {push, pull};
    }

    @ParameterizedTest(name = "bind first: {0}")
    @ValueSource(booleans = {true, false})
    void aPipeHoldsExactlyTheSendPlusTheReceiveHighWaterMark(boolean bindFirst) {
        ZmqSocket[] s = pair(2, 3, bindFirst);
        assertThat(sendUntilFull(s[0])).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(recvFrames(s[1])).containsExactly(Integer.toString(i));
        }
        assertNothingReceived(s[1]);
        // Drained, the pipe takes as many again.
        assertThat(sendUntilFull(s[0])).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void zeroHighWaterMarksMeanNoLimit(boolean bindFirst) {
        ZmqSocket[] s = pair(0, 0, bindFirst);
        assertThat(sendUntilFull(s[0])).isEqualTo(MAX_SENDS);
        for (int i = 0; i < MAX_SENDS; i++) {
            assertThat(recvFrames(s[1])).containsExactly(Integer.toString(i));
        }
    }

    @ParameterizedTest(name = "bind first: {0}")
    @ValueSource(booleans = {true, false})
    void aZeroHighWaterMarkOnEitherSideLeavesThePipeUnlimited(boolean bindFirst) {
        assertThat(sendUntilFull(pair(0, 1, bindFirst)[0])).isEqualTo(MAX_SENDS);
        assertThat(sendUntilFull(pair(1, 0, bindFirst)[0])).isEqualTo(MAX_SENDS);
    }

    @Test
    void aSenderBlockedBeforeTheBindGoesOnOnceTheBindersMarksLetIt() {
        String endpoint = bindAddress(Transport.INPROC);
        ZmqSocket push = socket(SocketType.PUSH);
        push.setOption(SocketOption.SEND_HIGH_WATER_MARK, 1);
        push.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 1);
        push.connect(endpoint); // nobody bound yet: the pipe has the connecter's marks, 1 + 1
        assertThat(sendUntilFull(push)).isEqualTo(2);
        ZmqSocket pull = socket(SocketType.PULL);
        pull.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 10);
        pull.bind(endpoint); // now 1 + 10
        assertThat(sendUntilFull(push)).as("the raised mark wakes the writer").isEqualTo(9);
        for (int i = 0; i < 2; i++) {
            assertThat(recvFrames(pull)).containsExactly(Integer.toString(i));
        }
        for (int i = 0; i < 9; i++) {
            assertThat(recvFrames(pull)).containsExactly(Integer.toString(i));
        }
        assertNothingReceived(pull);
    }

    @Test
    void theDefaultHighWaterMarksAreAThousandEach() {
        String endpoint = bindAddress(Transport.INPROC);
        ZmqSocket push = socket(SocketType.PUSH);
        ZmqSocket pull = socket(SocketType.PULL);
        assertThat(push.getOption(SocketOption.SEND_HIGH_WATER_MARK)).isEqualTo(1000);
        assertThat(pull.getOption(SocketOption.RECEIVE_HIGH_WATER_MARK)).isEqualTo(1000);
        push.bind(endpoint);
        pull.connect(endpoint);
        assertThat(sendUntilFull(push)).isEqualTo(2000);
    }

    // ---- changing the marks of pipes that exist (libzmq 4.3's update_pipe_options) -------------

    /** libzmq's test_change_after_connected: the receiver raises its mark after the pipe exists. */
    @ParameterizedTest(name = "bind first: {0}")
    @ValueSource(booleans = {true, false})
    void raisingTheReceiversMarkAfterConnectingLetsTheSenderQueueMore(boolean bindFirst) {
        ZmqSocket[] s = pair(1, 1, bindFirst);
        s[1].setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 5);
        assertThat(s[0].getOption(SocketOption.SEND_HIGH_WATER_MARK)).isEqualTo(1);
        assertThat(sendUntilFull(s[0])).isEqualTo(6);
    }

    /** libzmq's test_decrease_when_full: nothing queued is lost, the lower mark applies once drained. */
    @Test
    void loweringTheSendMarkOfAFullPipeLosesNothingAndAppliesOnceItDrains() {
        ZmqSocket[] s = pair(100, 1, false);
        assertThat(sendUntilFull(s[0])).isEqualTo(101);
        s[0].setOption(SocketOption.SEND_HIGH_WATER_MARK, 70);
        for (int i = 0; i < 101; i++) {
            assertThat(recvFrames(s[1])).containsExactly(Integer.toString(i));
        }
        // The reader wakes a blocked writer in batches, or when it finds its queue empty (libzmq
        // every low-water mark's worth of reads; its test sleeps instead).
        assertThat(s[1].tryReceive()).isNull();
        assertThat(sendUntilFull(s[0])).isEqualTo(71);
    }

    @Test
    void aMarkChangedBeforeTheBindArrivesCountsWhenItDoes() {
        String endpoint = bindAddress(Transport.INPROC);
        ZmqSocket pull = socket(SocketType.PULL);
        pull.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 1);
        pull.connect(endpoint);
        pull.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 4); // libzmq would keep the 1 it had at connect
        ZmqSocket push = socket(SocketType.PUSH);
        push.setOption(SocketOption.SEND_HIGH_WATER_MARK, 2);
        push.bind(endpoint);
        assertThat(sendUntilFull(push)).isEqualTo(6);
    }

    @Test
    void aSenderBlockedAtTheMarkGoesOnWhenItsOwnMarkIsRaised() throws Exception {
        ZmqSocket[] s = pair(1, 1, true);
        assertThat(sendUntilFull(s[0])).isEqualTo(2);
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> s[0].send(ZmqMessage.of("2"), TIMEOUT));
        assertThat(blocked).as("a full pipe holds the sender").isNotCompleted();
        awaitBlocked(blocked);
        s[0].setOption(SocketOption.SEND_HIGH_WATER_MARK, 3);
        assertThat(blocked.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(sendUntilFull(s[0])).isEqualTo(1); // 3 + 1 in all
    }

    @Test
    void aSenderBlockedAtTheMarkGoesOnWhenItsInprocPeerRaisesItsReceiveMark() throws Exception {
        ZmqSocket[] s = pair(1, 1, false);
        assertThat(sendUntilFull(s[0])).isEqualTo(2);
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> s[0].send(ZmqMessage.of("2"), TIMEOUT));
        awaitBlocked(blocked);
        s[1].setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 0); // no limit
        assertThat(blocked.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(sendUntilFull(s[0])).isEqualTo(MAX_SENDS);
    }

    /** Over tcp too: a connecting PUSH with no peer yet queues what its send mark says now. */
    @Test
    void aConnectingSocketsQueueFollowsItsSendMarkBeforeAnyPeerExists() throws Exception {
        ZmqSocket push = socket(SocketType.PUSH);
        push.setOption(SocketOption.SEND_HIGH_WATER_MARK, 1);
        push.connect(reserveEndpoint(Transport.TCP));
        assertThat(sendUntilFull(push)).isEqualTo(1);
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> push.send(ZmqMessage.of("x"), TIMEOUT));
        awaitBlocked(blocked);
        push.setOption(SocketOption.SEND_HIGH_WATER_MARK, 5);
        assertThat(blocked.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(sendUntilFull(push)).isEqualTo(3);
        push.setOption(SocketOption.SEND_HIGH_WATER_MARK, 2);
        assertThat(sendUntilFull(push)).isZero();
    }

    /** Over tcp a raised receive mark lets a connection that was held back read on. */
    @Test
    void aTcpConnectionHeldBackByTheReceiveMarkReadsOnWhenItIsRaised() {
        ZmqSocket pull = socket(SocketType.PULL);
        pull.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 1);
        String endpoint = bind(pull, Transport.TCP);
        ZmqSocket push = socket(SocketType.PUSH);
        push.setOption(SocketOption.SEND_HIGH_WATER_MARK, 1);
        push.connect(endpoint);
        // Large messages, so that the kernel's buffers hold only a few: the sender then waits on us.
        byte[] big = new byte[1 << 20];
        int sent = 0;
        while (push.send(ZmqMessage.of(big), Duration.ofMillis(500))) {
            sent++;
        }
        assertThat(sent).as("held back by the receiver's mark").isLessThan(64);
        pull.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 0);
        // The connection reads everything the kernel held into the now unlimited pipe, and the
        // sender's queue empties without anyone receiving.
        Awaitility.await().atMost(TIMEOUT).until(() -> push.trySend(ZmqMessage.of(big)));
        for (int i = 0; i <= sent; i++) {
            assertThat(recv(pull).frame(0)).hasSize(big.length);
        }
    }

    private static void awaitBlocked(CompletableFuture<?> sender) {
        // The sender has nothing to report while it waits: give it time to get there, and check it did not finish.
        sleep(QUIET.toMillis());
        assertThat(sender).as("the sender must be blocked at the mark").isNotDone();
    }
}
