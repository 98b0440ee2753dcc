package io.monocoque.zmq;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ZMQ_TYPE, ZMQ_MECHANISM, ZMQ_RCVMORE, ZMQ_LAST_ENDPOINT and ZMQ_THREAD_SAFE answer from the socket and cannot be set. */
class ReadOnlySocketOptionsTest {

    @Test
    void typeIsTheSocketsOwn() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket router = ctx.createSocket(SocketType.ROUTER);
             ZmqSocket sub = ctx.createSocket(SocketType.SUB)) {
            assertThat(router.getOption(SocketOption.TYPE)).isEqualTo(SocketType.ROUTER);
            assertThat(sub.getOption(SocketOption.TYPE)).isEqualTo(SocketType.SUB);
        }
    }

    @Test
    void mechanismFollowsTheSecurityOptionsSetSoFar() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket plainClient = ctx.createSocket(SocketType.REQ);
             ZmqSocket plainServer = ctx.createSocket(SocketType.REP);
             ZmqSocket curve = ctx.createSocket(SocketType.DEALER)) {
            assertThat(plainClient.getOption(SocketOption.MECHANISM)).isEqualTo("NULL");
            plainClient.setOption(SocketOption.PLAIN_USERNAME, "admin");
            assertThat(plainClient.getOption(SocketOption.MECHANISM)).isEqualTo("PLAIN");
            plainServer.setOption(SocketOption.PLAIN_SERVER, true);
            assertThat(plainServer.getOption(SocketOption.MECHANISM)).isEqualTo("PLAIN");
            curve.setOption(SocketOption.CURVE_SERVER, true);
            assertThat(curve.getOption(SocketOption.MECHANISM)).isEqualTo("CURVE");
        }
    }

    @Test
    void receiveMoreIsTrueBetweenTheFramesOfAMessageTakenOneByOne() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind("inproc://rcvmore");
            push.connect("inproc://rcvmore");
            push.send(ZmqMessage.of("a", "b"));
            assertThat(pull.getOption(SocketOption.RECEIVE_MORE)).isFalse();
            assertThat(pull.receiveBytes(Duration.ofSeconds(5))).asString().isEqualTo("a");
            assertThat(pull.getOption(SocketOption.RECEIVE_MORE)).isTrue();
            assertThat(pull.receiveBytes(Duration.ofSeconds(5))).asString().isEqualTo("b");
            assertThat(pull.getOption(SocketOption.RECEIVE_MORE)).isFalse();
        }
    }

    @Test
    void lastEndpointIsTheResolvedEndpointLastBoundOrConnected() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            assertThat(pull.getOption(SocketOption.LAST_ENDPOINT)).isNull();
            pull.bind("tcp://127.0.0.1:*");
            assertThat(pull.getOption(SocketOption.LAST_ENDPOINT)).isEqualTo(pull.lastEndpoint()).doesNotEndWith(":*");
            push.connect(pull.lastEndpoint());
            assertThat(push.getOption(SocketOption.LAST_ENDPOINT)).isEqualTo(pull.lastEndpoint());
        }
    }

    @Test
    void everySocketTypeIsThreadSafe() {
        try (ZmqContext ctx = ZmqContext.create()) {
            for (SocketType t : List.of(SocketType.PUSH, SocketType.REQ, SocketType.ROUTER, SocketType.SUB)) {
                try (ZmqSocket s = ctx.createSocket(t)) {
                    assertThat(s.getOption(SocketOption.THREAD_SAFE)).as("%s", t).isTrue();
                }
            }
        }
    }

    @Test
    void readOnlyOptionsCannotBeSet() {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket s = ctx.createSocket(SocketType.PAIR)) {
            assertThat(SocketOption.TYPE.isReadOnly()).isTrue();
            assertThat(SocketOption.LINGER.isReadOnly()).isFalse();
            assertThatThrownBy(() -> s.setOption(SocketOption.TYPE, SocketType.PUB))
                    .isInstanceOf(ZmqException.class).hasMessageContaining("type is read-only");
            assertThatThrownBy(() -> s.setOption(SocketOption.LAST_ENDPOINT, "tcp://127.0.0.1:1"))
                    .isInstanceOf(ZmqException.class).hasMessageContaining("read-only");
            assertThatThrownBy(() -> s.setOption(SocketOption.THREAD_SAFE, false))
                    .isInstanceOf(ZmqException.class).hasMessageContaining("read-only");
            assertThat(s.getOption(SocketOption.TYPE)).isEqualTo(SocketType.PAIR);
        }
    }
}
