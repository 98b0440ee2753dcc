package io.monocoque.zmq.spec;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
}
