package io.monocoque.zmq.transport;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages over inproc:// say where they came from, as those read from a connection do. */
class InprocPeerInfoTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private final ZmqContext ctx = ZmqContext.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    @Test
    void aMessageOverInprocCarriesTheSendersSocketTypeAndTheEndpoint() {
        try (ZmqSocket pull = ctx.createSocket(SocketType.PULL); ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind("inproc://peer-info");
            push.connect("inproc://peer-info");
            ZmqMessage sent = ZmqMessage.of("one", "two");
            push.send(sent);
            ZmqMessage received = pull.receive(WAIT);
            assertThat(received).isEqualTo(sent);
            assertThat(received.peer().socketType()).isEqualTo("PUSH");
            assertThat(received.peer().remoteAddress()).isEqualTo("inproc://peer-info");
            assertThat(sent.peer().socketType()).as("the sender's own message is unchanged").isNull();
        }
    }

    @Test
    void theBindersRepliesCarryItsRoutingIdToTheConnectingSide() {
        try (ZmqSocket router = ctx.createSocket(SocketType.ROUTER); ZmqSocket dealer = ctx.createSocket(SocketType.DEALER)) {
            router.setOption(SocketOption.ROUTING_ID, "backend".getBytes(StandardCharsets.US_ASCII));
            router.bind("inproc://peer-info-router");
            dealer.setOption(SocketOption.ROUTING_ID, "client-7".getBytes(StandardCharsets.US_ASCII));
            dealer.connect("inproc://peer-info-router");
            dealer.send(ZmqMessage.of("ping"));
            ZmqMessage request = router.receive(WAIT);
            assertThat(request.frameString(0)).isEqualTo("client-7");
            assertThat(request.peer().socketType()).isEqualTo("DEALER");
            assertThat(request.peer().property("Identity")).isEqualTo("client-7");
            router.send(ZmqMessage.of("client-7", "pong"));
            ZmqMessage reply = dealer.receive(WAIT);
            assertThat(reply.frameString(0)).isEqualTo("pong");
            assertThat(reply.peer().socketType()).isEqualTo("ROUTER");
            assertThat(reply.peer().property("Identity")).isEqualTo("backend");
        }
    }

    @Test
    void aMessageReadFromAConnectionKeepsItsPeerWhenForwardedOverInproc() throws Exception {
        try (ZmqSocket pull = ctx.createSocket(SocketType.PULL); ZmqSocket push = ctx.createSocket(SocketType.PUSH);
             ZmqSocket forward = ctx.createSocket(SocketType.PUSH); ZmqSocket sink = ctx.createSocket(SocketType.PULL)) {
            pull.bind("tcp://127.0.0.1:*");
            push.setOption(SocketOption.LINGER, Duration.ZERO);
            push.connect(pull.lastEndpoint());
            sink.bind("inproc://peer-info-forward");
            forward.connect("inproc://peer-info-forward");
            push.send(ZmqMessage.of("over tcp"));
            ZmqMessage fromTcp = pull.receive(WAIT);
            forward.send(fromTcp);
            ZmqMessage forwarded = sink.receive(WAIT);
            // As in libzmq, a message keeps the metadata of the connection it arrived on.
            assertThat(forwarded.peer().remoteAddress()).isEqualTo(fromTcp.peer().remoteAddress()).startsWith("127.0.0.1:");
        }
    }
}
