package io.monocoque.zmq.spec;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 30 and libzmq's test_spec_pushpull (destroy_queue_on_disconnect): a binding PUSH keeps a
 * queue per connected peer, and when that peer disconnects the queue goes with it: what was
 * queued for the old connection is never delivered to the same peer connecting again, and the
 * new connection starts with empty queues. (libzmq also drops what had already reached the
 * PULL from the old connection; Monocoque hands that out: see docs/libzmq-test-map.md.)
 */
class QueueOnDisconnectSpecTest extends SpecTestBase {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aPullThatComesBackGetsNothingQueuedForItsOldConnection(Transport t) {
        ZmqSocket push = socket(SocketType.PUSH);
        push.setOption(SocketOption.SEND_HIGH_WATER_MARK, 1);
        Events events = monitor(push);
        String endpoint = bind(push, t);
        ZmqSocket pull = socket(SocketType.PULL);
        pull.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 1);
        pull.connect(endpoint);
        events.awaitPeers(t, 1);

        send(push, "ABC");
        send(push, "DEF");
        if (t == Transport.INPROC) {
            // One message in each queue: the pipe is full.
            assertThat(push.trySend(ZmqMessage.of("full"))).as("a third message at the high-water marks").isFalse();
        }

        pull.disconnect(endpoint);
        // Unlike libzmq, which drops them, the PULL still hands out what had already reached it
        // from the old connection (over inproc that is the whole pipe); in order, each once.
        List<String> handedOut = new ArrayList<>();
        for (ZmqMessage m; (m = pull.receive(QUIET)) != null; ) {
            handedOut.add(m.frameString(0));
        }
        assertThat(handedOut).hasSizeLessThanOrEqualTo(2);
        assertThat(List.of("ABC", "DEF").subList(0, handedOut.size())).isEqualTo(handedOut);

        if (t.isNetworked()) {
            // The PUSH has let go of the old connection (and its queue) before the new one comes.
            events.awaitCount(MonitorEventType.DISCONNECTED, 1);
        }
        pull.connect(endpoint);
        events.awaitPeers(t, 2);
        assertNothingReceived(pull);

        // The new connection has room for what is sent now, and only that arrives.
        send(push, "GHI");
        send(push, "JKL");
        assertThat(recvFrames(pull)).containsExactly("GHI");
        assertThat(recvFrames(pull)).containsExactly("JKL");
        assertNothingReceived(pull);
    }
}
