package io.monocoque.zmq.spec;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * libzmq's test_router_mandatory_hwm: with ROUTER_MANDATORY a ROUTER whose peer is at its
 * high-water mark refuses the send (EAGAIN, so the caller may wait) instead of dropping it, as a
 * ROUTER without the option would; everything it accepted arrives, in order, and once the peer
 * reads it takes messages again.
 */
class RouterMandatoryHighWaterMarkSpecTest extends SpecTestBase {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aMandatoryRouterRefusesRatherThanDropsAtThePeersHighWaterMark(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        router.setOption(SocketOption.ROUTER_MANDATORY, true);
        router.setOption(SocketOption.SEND_HIGH_WATER_MARK, 1);
        String endpoint = bind(router, t);
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.ROUTING_ID, "X".getBytes(StandardCharsets.US_ASCII));
        dealer.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 1);
        dealer.connect(endpoint);
        send(dealer, "Hello");
        assertThat(recvFrames(router)).containsExactly("X", "Hello");

        // Large messages fill the kernel's buffers too; the DEALER reads nothing meanwhile.
        byte[] body = new byte[64 * 1024];
        int sent = 0;
        while (router.trySend(ZmqMessage.of("X".getBytes(StandardCharsets.US_ASCII), numbered(sent, body)))) {
            sent++;
            assertThat(sent).as("the ROUTER never refused").isLessThan(100_000);
        }
        assertThat(router.droppedMessages()).as("refused, not dropped").isZero();
        if (t == Transport.INPROC) {
            assertThat(sent).as("one in each high-water mark").isEqualTo(2);
        }

        for (int i = 0; i < sent; i++) {
            ZmqMessage m = recv(dealer);
            assertThat(m.frameLength(0)).isEqualTo(body.length);
            assertThat(number(m.frame(0))).isEqualTo(i);
        }
        assertNothingReceived(dealer);
        assertThat(router.send(ZmqMessage.of("X".getBytes(StandardCharsets.US_ASCII), numbered(sent, body)), TIMEOUT))
                .as("room again once the peer has read").isTrue();
        assertThat(number(recv(dealer).frame(0))).isEqualTo(sent);
    }

    private static byte[] numbered(int n, byte[] body) {
        byte[] b = body.clone();
        b[0] = (byte) (n >>> 24);
        b[1] = (byte) (n >>> 16);
        b[2] = (byte) (n >>> 8);
        b[3] = (byte) n;
        return b;
    }

    private static int number(byte[] b) {
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }
}
