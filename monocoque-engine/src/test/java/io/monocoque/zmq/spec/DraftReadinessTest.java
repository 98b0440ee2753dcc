package io.monocoque.zmq.spec;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqPoller;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link SocketOption#EVENTS} (and so the poller) says of the draft types, as libzmq's
 * {@code xhas_in}/{@code xhas_out}: SERVER and PEER always writable, CLIENT, SCATTER and CHANNEL
 * writable only with a peer that has room, SCATTER never readable, GATHER never writable.
 */
class DraftReadinessTest extends SpecTestBase {

    private static int events(ZmqSocket s) {
        return s.getOption(SocketOption.EVENTS);
    }

    @Test
    void serverAndPeerAreWritableWithoutPeersAndClientScatterAndChannelAreNot() {
        assertThat(events(socket(SocketType.SERVER))).isEqualTo(ZmqPoller.POLLOUT);
        assertThat(events(socket(SocketType.PEER))).isEqualTo(ZmqPoller.POLLOUT);
        assertThat(events(socket(SocketType.CLIENT))).isZero();
        assertThat(events(socket(SocketType.SCATTER))).isZero();
        assertThat(events(socket(SocketType.CHANNEL))).isZero();
        assertThat(events(socket(SocketType.GATHER))).isZero();
    }

    @Test
    void aMessageWaitingMakesServerGatherAndChannelReadable() {
        ZmqSocket server = socket(SocketType.SERVER);
        ZmqSocket client = socket(SocketType.CLIENT);
        client.connect(bind(server, Transport.INPROC));
        assertThat(events(client)).isEqualTo(ZmqPoller.POLLOUT);
        send(client, "x");
        assertThat(events(server)).isEqualTo(ZmqPoller.POLLIN | ZmqPoller.POLLOUT);
        recv(server);
        assertThat(events(server)).isEqualTo(ZmqPoller.POLLOUT);

        ZmqSocket gather = socket(SocketType.GATHER);
        ZmqSocket scatter = socket(SocketType.SCATTER);
        scatter.connect(bind(gather, Transport.INPROC));
        assertThat(events(scatter)).isEqualTo(ZmqPoller.POLLOUT);
        send(scatter, "y");
        assertThat(events(gather)).isEqualTo(ZmqPoller.POLLIN);
        assertThat(events(scatter)).as("a SCATTER is never readable").isEqualTo(ZmqPoller.POLLOUT);

        ZmqSocket a = socket(SocketType.CHANNEL);
        ZmqSocket b = socket(SocketType.CHANNEL);
        b.connect(bind(a, Transport.INPROC));
        assertThat(b.send(ZmqMessage.of("z"), TIMEOUT)).isTrue();
        assertThat(events(a)).isEqualTo(ZmqPoller.POLLIN | ZmqPoller.POLLOUT);
    }
}
