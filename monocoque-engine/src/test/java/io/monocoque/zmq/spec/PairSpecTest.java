package io.monocoque.zmq.spec;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** PAIR as ZeroMQ RFC 31 defines it: one exclusive, bidirectional peer. */
class PairSpecTest extends SpecTestBase {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void pairExchangesMessagesInBothDirections(Transport t) {
        ZmqSocket a = socket(SocketType.PAIR);
        ZmqSocket b = socket(SocketType.PAIR);
        b.connect(bind(a, t));

        for (int i = 0; i < 10; i++) {
            send(b, "ping", Integer.toString(i), "");
            assertThat(recvFrames(a)).containsExactly("ping", Integer.toString(i), "");
            send(a, "pong", Integer.toString(i));
            assertThat(recvFrames(b)).containsExactly("pong", Integer.toString(i));
        }
        // Both directions at once, without waiting for each other.
        for (int i = 0; i < 100; i++) {
            send(a, "a", Integer.toString(i));
            send(b, "b", Integer.toString(i));
        }
        for (int i = 0; i < 100; i++) {
            assertThat(recvFrames(b)).containsExactly("a", Integer.toString(i));
            assertThat(recvFrames(a)).containsExactly("b", Integer.toString(i));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void pairConnectedBeforeItsPeerBindsExchanges(Transport t) {
        String endpoint = reserveEndpoint(t);
        ZmqSocket b = socket(SocketType.PAIR);
        b.connect(endpoint);
        assertThat(b.trySend(ZmqMessage.of("early"))).isTrue();
        ZmqSocket a = socket(SocketType.PAIR);
        a.bind(endpoint);
        assertThat(recvFrames(a)).containsExactly("early");
        send(a, "welcome");
        assertThat(recvFrames(b)).containsExactly("welcome");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSecondPairIsRefusedWhileTheFirstIsConnected(Transport t) {
        ZmqSocket a = socket(SocketType.PAIR);
        Events events = monitor(a);
        String endpoint = bind(a, t);
        ZmqSocket b = socket(SocketType.PAIR);
        b.connect(endpoint);
        send(b, "from b");
        assertThat(recvFrames(a)).containsExactly("from b");

        ZmqSocket intruder = socket(SocketType.PAIR);
        intruder.connect(endpoint);
        if (t.isNetworked()) {
            // Refused for being one peer too many, which is no protocol failure of the intruder's.
            events.awaitReason(MonitorEventType.DISCONNECTED, "already has its one peer");
            assertThat(events.count(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL)).isZero();
        }
        intruder.trySend(ZmqMessage.of("from intruder"));

        assertNothingReceived(a);
        send(a, "to b");
        assertThat(recvFrames(b)).containsExactly("to b");
        assertThat(intruder.receive(QUIET)).isNull();
        send(b, "still b");
        assertThat(recvFrames(a)).containsExactly("still b");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aBoundPairTakesANewPeerOnceTheFirstHasGone(Transport t) {
        ZmqSocket a = socket(SocketType.PAIR);
        Events events = monitor(a);
        String endpoint = bind(a, t);
        ZmqSocket b = socket(SocketType.PAIR);
        b.connect(endpoint);
        send(b, "from b");
        assertThat(recvFrames(a)).containsExactly("from b");

        b.close();
        if (t.isNetworked()) {
            events.awaitCount(MonitorEventType.DISCONNECTED, 1);
        }
        ZmqSocket c = socket(SocketType.PAIR);
        c.connect(endpoint);
        send(c, "from c");
        assertThat(recvFrames(a)).containsExactly("from c");
        send(a, "to c");
        assertThat(recvFrames(c)).containsExactly("to c");
    }
}
