package io.monocoque.zmq.spec;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * libzmq's draft HELLO_MSG, DISCONNECT_MSG and HICCUP_MSG, as libzmq 4.3.5 gives them: a hello
 * from ROUTER and DEALER as the first message of each connection, a disconnect message to a
 * ROUTER when an accepted peer's connection ends, a hiccup message to a DEALER when a
 * connection it made ends. (Debian's libzmq is built without the draft API, so these are
 * tested between Monocoque sockets.)
 */
class ConnectionMessagesSpecTest extends SpecTestBase {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aRouterGreetsEachNewPeerWithItsHelloBeforeAnythingElse(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        router.setOption(SocketOption.HELLO_MSG, bytes("hello from router"));
        String endpoint = bind(router, t);
        ZmqSocket first = socket(SocketType.DEALER);
        first.connect(endpoint);
        assertThat(recvFrames(first)).containsExactly("hello from router");
        ZmqSocket second = socket(SocketType.DEALER);
        second.connect(endpoint);
        assertThat(recvFrames(second)).containsExactly("hello from router");
        assertNothingReceived(first);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aConnectingDealersHelloReachesTheRouterAsTheDealersFirstMessage(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = bind(router, t);
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.ROUTING_ID, bytes("d"));
        dealer.setOption(SocketOption.HELLO_MSG, bytes("hi"));
        // Queued before the connection exists: the hello still goes first.
        dealer.connect(endpoint);
        send(dealer, "work");
        assertThat(recvFrames(router)).containsExactly("d", "hi");
        assertThat(recvFrames(router)).containsExactly("d", "work");
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "IPC"})
    void aRouterReceivesTheDisconnectMessageFromAPeerWhoseConnectionEnded(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        router.setOption(SocketOption.DISCONNECT_MSG, bytes("gone"));
        String endpoint = bind(router, t);
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.ROUTING_ID, bytes("d"));
        dealer.connect(endpoint);
        send(dealer, "last words");
        assertThat(recvFrames(router)).containsExactly("d", "last words");
        dealer.close();
        assertThat(recvFrames(router)).containsExactly("d", "gone");
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "IPC"})
    void aDealerReceivesItsHiccupMessageWhenAConnectionItMadeEnds(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = bind(router, t);
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.ROUTING_ID, bytes("d"));
        dealer.setOption(SocketOption.HICCUP_MSG, bytes("hiccup"));
        dealer.connect(endpoint);
        send(dealer, "ping");
        assertThat(recvFrames(router)).containsExactly("d", "ping");
        router.unbind(endpoint);
        assertThat(recvFrames(dealer)).containsExactly("hiccup");
    }

    @Test
    void aRouterThatConnectedGetsNoDisconnectMessageAndABoundDealerNoHiccup() {
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.HICCUP_MSG, bytes("hiccup"));
        String endpoint = bind(dealer, Transport.TCP);
        ZmqSocket router = socket(SocketType.ROUTER);
        router.setOption(SocketOption.DISCONNECT_MSG, bytes("gone"));
        router.setOption(SocketOption.PROBE_ROUTER, true);
        router.connect(endpoint);
        assertThat(recvFrames(dealer)).containsExactly(""); // the probe: the connection is up
        dealer.unbind(endpoint);
        assertNothingReceived(router);
        assertNothingReceived(dealer);
    }

    /**
     * libzmq 4.3.5 gives a bound ROUTER's disconnect message to the pipe of each inproc socket that
     * connects to it (socket_base.cpp, connect), which writes it when that socket closes or
     * disconnects (process_term, inprocs_t::erase_pipes).
     */
    @ParameterizedTest(name = "connect first: {0}, by disconnect: {1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void aRouterReceivesTheDisconnectMessageWhenAnInprocPeerGoesAway(boolean connectFirst, boolean byDisconnect) {
        String endpoint = bindAddress(Transport.INPROC);
        ZmqSocket router = socket(SocketType.ROUTER);
        router.setOption(SocketOption.DISCONNECT_MSG, bytes("gone"));
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.ROUTING_ID, bytes("d"));
        if (connectFirst) {
            dealer.connect(endpoint);
            router.bind(endpoint);
        } else {
            router.bind(endpoint);
            dealer.connect(endpoint);
        }
        send(dealer, "last words");
        if (byDisconnect) {
            dealer.disconnect(endpoint);
        } else {
            dealer.close();
        }
        assertThat(recvFrames(router)).containsExactly("d", "last words");
        assertThat(recvFrames(router)).containsExactly("d", "gone");
        assertNothingReceived(router);
    }

    @Test
    void overInprocOnlyTheBoundRouterGetsADisconnectMessage() {
        String endpoint = bindAddress(Transport.INPROC);
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.bind(endpoint);
        ZmqSocket router = socket(SocketType.ROUTER);
        router.setOption(SocketOption.DISCONNECT_MSG, bytes("gone"));
        router.connect(endpoint);
        ZmqSocket other = socket(SocketType.ROUTER);
        other.setOption(SocketOption.DISCONNECT_MSG, bytes("gone too"));
        other.connect(endpoint);
        router.close();
        other.close();
        assertNothingReceived(dealer);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientsHelloReachesTheServerAsItsFirstMessageAndTheServersHelloReachesTheClient(Transport t) {
        ZmqSocket server = socket(SocketType.SERVER);
        server.setOption(SocketOption.HELLO_MSG, bytes("hello from server"));
        String endpoint = bind(server, t);
        ZmqSocket client = socket(SocketType.CLIENT);
        client.setOption(SocketOption.HELLO_MSG, bytes("hello from client"));
        client.connect(endpoint);
        send(client, "work");
        ZmqMessage hello = recv(server);
        assertThat(frames(hello)).containsExactly("hello from client");
        assertThat(hello.routingId()).isNotZero();
        ZmqMessage work = recv(server);
        assertThat(frames(work)).containsExactly("work");
        assertThat(work.routingId()).isEqualTo(hello.routingId());
        assertThat(recvFrames(client)).containsExactly("hello from server");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aServerReceivesTheDisconnectMessageWithTheRoutingIdOfTheClientThatWent(Transport t) {
        ZmqSocket server = socket(SocketType.SERVER);
        server.setOption(SocketOption.DISCONNECT_MSG, bytes("gone"));
        String endpoint = bind(server, t);
        ZmqSocket client = socket(SocketType.CLIENT);
        client.connect(endpoint);
        send(client, "last words");
        ZmqMessage last = recv(server);
        client.close();
        ZmqMessage gone = recv(server);
        assertThat(frames(gone)).containsExactly("gone");
        assertThat(gone.routingId()).isEqualTo(last.routingId());
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "IPC"})
    void aClientAndAConnectingPeerReceiveTheirHiccupMessageWhenTheirConnectionEnds(Transport t) {
        ZmqSocket server = socket(SocketType.SERVER);
        String endpoint = bind(server, t);
        ZmqSocket client = socket(SocketType.CLIENT);
        client.setOption(SocketOption.HICCUP_MSG, bytes("hiccup"));
        client.connect(endpoint);
        send(client, "ping");
        recv(server);
        server.unbind(endpoint);
        assertThat(recvFrames(client)).containsExactly("hiccup");

        ZmqSocket bound = socket(SocketType.PEER);
        String peerEndpoint = bind(bound, t);
        ZmqSocket peer = socket(SocketType.PEER);
        peer.setOption(SocketOption.HICCUP_MSG, bytes("peer hiccup"));
        int id = peer.connectPeer(peerEndpoint);
        assertThat(peer.send(ZmqMessage.of("ping").withRoutingId(id), TIMEOUT)).isTrue();
        recv(bound);
        bound.unbind(peerEndpoint);
        ZmqMessage hiccup = recv(peer);
        assertThat(frames(hiccup)).containsExactly("peer hiccup");
        assertThat(hiccup.routingId()).as("the connection it is about").isEqualTo(id);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
