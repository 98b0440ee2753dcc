package io.monocoque.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZmqContextExtensionTests {

    @RegisterExtension
    static final ZmqContextExtension zmq = new ZmqContextExtension();

    private static ZmqSocket fromTheFirstTest;

    private static ZmqTestPeer peerFromTheFirstTest;

    @Test
    @Order(1)
    void peersTalkOverTcpOnTheClassContext(ZmqContext context) {
        assertThat(context).isSameAs(zmq.context());
        ZmqSocket pull = zmq.socket(SocketType.PULL);
        pull.bind("tcp://127.0.0.1:*");
        ZmqTestPeer push = zmq.connect(SocketType.PUSH, pull.lastEndpoint());
        push.send("topic", "hello");
        assertThat(pull.receive(Duration.ofSeconds(10)).lastString()).isEqualTo("hello");
        fromTheFirstTest = pull;
        peerFromTheFirstTest = push;
    }

    @Test
    @Order(2)
    void whatATestOpenedIsClosedAfterIt() {
        assertThat(fromTheFirstTest.isClosed()).isTrue();
        assertThat(peerFromTheFirstTest.socket().isClosed()).isTrue();
    }

    @Test
    @Order(3)
    void aReceiveThatTimesOutFailsWithTheEndpointAndTheWait() {
        ZmqTestPeer pull = zmq.bind(SocketType.PULL, "tcp://127.0.0.1:*");
        assertThatThrownBy(() -> pull.withTimeout(Duration.ofMillis(50)).receive())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no message within PT0.05S").hasMessageContaining(pull.endpoint());
        pull.assertNothingReceivedWithin(Duration.ofMillis(20));
    }

    @Test
    @Order(4)
    void assertionsReadFramesJsonPayloadsAndCarriedHeaders() {
        ZmqTestPeer pull = zmq.bind(SocketType.PULL, "inproc://assertions");
        ZmqTestPeer push = zmq.connect(SocketType.PUSH, "inproc://assertions");

        push.send("ACME", "{\"symbol\":\"ACME\",\"price\":101.5,\"levels\":[1,2]}");
        pull.assertReceived().hasFrameCount(2).hasTopic("ACME")
                .hasJsonPayload("{ \"levels\":[1,2], \"price\":101.5, \"symbol\":\"ACME\" }")
                .hasJsonPayloadContaining("{\"symbol\":\"ACME\"}");

        push.sendJson(Map.of("symbol", "GLOBEX"));
        assertThat(pull.receiveJson(Map.class)).containsEntry("symbol", "GLOBEX");

        push.sendWithHeaders("payload", Map.of("app_user", "ann", "attempt", 2));
        pull.assertReceived().hasPayload("payload").hasHeader("app_user", "ann").hasHeader("attempt", 2);

        push.send("one", "two");
        assertThatThrownBy(() -> pull.assertReceived().hasFrames("one", "three")).isInstanceOf(AssertionError.class);
        push.send("{\"symbol\":\"ACME\"}");
        assertThatThrownBy(() -> pull.assertReceived().hasJsonPayloadContaining("{\"symbol\":\"GLOBEX\"}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("GLOBEX");
        push.send("no header frame");
        assertThatThrownBy(() -> pull.assertReceived().hasHeader("app_user", "ann"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("header frame");
    }

    @Test
    @Order(5)
    void peerTypesPairTheWayApplicationsDo() {
        assertThat(PeerTypes.peerOf(SocketType.REP)).isEqualTo(SocketType.REQ);
        assertThat(PeerTypes.peerOf(SocketType.PUB)).isEqualTo(SocketType.SUB);
        assertThat(PeerTypes.peerOf(SocketType.XPUB)).isEqualTo(SocketType.SUB);
        assertThat(PeerTypes.peerOf(SocketType.PULL)).isEqualTo(SocketType.PUSH);
        assertThat(PeerTypes.peerOf(SocketType.ROUTER)).isEqualTo(SocketType.DEALER);
        ZmqTestPeer rep = zmq.bind(SocketType.REP, "tcp://127.0.0.1:*");
        ZmqTestPeer req = zmq.connect(PeerTypes.peerOf(SocketType.REP), rep.endpoint());
        req.send("ping");
        rep.assertReceived().hasPayload("ping");
        rep.send("pong");
        assertThat(req.receiveString()).isEqualTo("pong");
    }
}
