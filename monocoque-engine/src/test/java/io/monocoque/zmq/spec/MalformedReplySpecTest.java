package io.monocoque.zmq.spec;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * libzmq's test_invalid_rep: a REQ drops a reply that does not start with the empty delimiter
 * frame (RFC 28) and keeps waiting, so the good reply that follows is the one it returns.
 */
class MalformedReplySpecTest extends SpecTestBase {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void reqDropsRepliesWithoutTheDelimiterAndReturnsTheGoodOneAfterThem(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = bind(router, t);
        ZmqSocket req = socket(SocketType.REQ);
        req.connect(endpoint);

        send(req, "r");
        ZmqMessage request = recv(router);
        assertThat(request.size()).isEqualTo(3);
        assertThat(request.frameLength(1)).as("the delimiter").isZero();
        byte[] address = request.frame(0);

        // No delimiter at all, then a first frame that is not empty.
        assertThat(router.send(ZmqMessage.of(address, "b".getBytes()), TIMEOUT)).isTrue();
        assertThat(router.send(ZmqMessage.of(address, "x".getBytes(), "b".getBytes()), TIMEOUT)).isTrue();
        assertThat(router.send(ZmqMessage.of(address, new byte[0], "good".getBytes()), TIMEOUT)).isTrue();

        assertThat(recvFrames(req)).containsExactly("good");
        // Nothing of the dropped replies is left to answer the next request.
        send(req, "r2");
        ZmqMessage next = recv(router);
        assertThat(router.send(ZmqMessage.of(next.frame(0), new byte[0], "good 2".getBytes()), TIMEOUT)).isTrue();
        assertThat(recvFrames(req)).containsExactly("good 2");
    }
}
