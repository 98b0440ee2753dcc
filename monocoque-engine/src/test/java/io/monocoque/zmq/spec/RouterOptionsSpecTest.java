package io.monocoque.zmq.spec;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ROUTER options of libzmq 4.3 (ROUTER_HANDOVER, ROUTER_NOTIFY, PROBE_ROUTER,
 * CONNECT_ROUTING_ID) and the ROUTER's drop diagnostics, between Monocoque sockets on every
 * transport they apply to. The same behaviours against libzmq itself are in
 * {@code interop.LibzmqSocketOptionsTest}.
 */
class RouterOptionsSpecTest extends SpecTestBase {

    @Test
    void aMessageToAnUnknownRoutingIdIsDroppedAndCounted() {
        ZmqSocket router = socket(SocketType.ROUTER);
        bind(router, Transport.INPROC);
        assertThat(router.trySend(ZmqMessage.of("nobody", "lost"))).isTrue();
        assertThat(router.trySend(ZmqMessage.of("nobody either", "lost"))).isTrue();
        assertThat(router.droppedMessages()).isEqualTo(2);
        assertThat(router.statistics().messagesDropped()).isEqualTo(2);
        assertThat(router.statistics().messagesSent()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void withHandoverAPeerReusingARoutingIdTakesItOverFromTheOldConnection(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        router.setOption(SocketOption.ROUTER_HANDOVER, true);
        Events events = monitor(router);
        String endpoint = bind(router, t);
        ZmqSocket old = socket(SocketType.DEALER);
        old.setOption(SocketOption.ROUTING_ID, bytes("client"));
        // The old client is as good as gone: it would not come back within the test.
        old.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMinutes(5));
        old.connect(endpoint);
        send(old, "from old");
        assertThat(recvFrames(router)).containsExactly("client", "from old");

        ZmqSocket newcomer = socket(SocketType.DEALER);
        newcomer.setOption(SocketOption.ROUTING_ID, bytes("client"));
        newcomer.connect(endpoint);
        send(newcomer, "from newcomer");
        assertThat(recvFrames(router)).containsExactly("client", "from newcomer");

        send(router, "client", "reply");
        assertThat(recvFrames(newcomer)).containsExactly("reply");
        assertThat(old.receive(QUIET)).isNull();
        if (t.isNetworked()) {
            events.awaitCount(MonitorEventType.DISCONNECTED, 1); // the old connection is closed
            assertThat(events.count(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "IPC"})
    void routerNotifyDeliversAnEmptyMessageWhenAPeerConnectsAndWhenItDisconnects(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        router.setOption(SocketOption.ROUTER_NOTIFY, SocketOption.NOTIFY_CONNECT | SocketOption.NOTIFY_DISCONNECT);
        String endpoint = bind(router, t);
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.ROUTING_ID, bytes("peer"));
        dealer.connect(endpoint);
        assertThat(recvFrames(router)).containsExactly("peer", "");
        send(dealer, "hello");
        assertThat(recvFrames(router)).containsExactly("peer", "hello");
        dealer.close();
        assertThat(recvFrames(router)).containsExactly("peer", "");
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "IPC"})
    void routerNotifyWithOnlyTheDisconnectFlagSaysNothingOnConnect(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        router.setOption(SocketOption.ROUTER_NOTIFY, SocketOption.NOTIFY_DISCONNECT);
        String endpoint = bind(router, t);
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.ROUTING_ID, bytes("peer"));
        dealer.connect(endpoint);
        send(dealer, "hello");
        assertThat(recvFrames(router)).containsExactly("peer", "hello");
        dealer.close();
        assertThat(recvFrames(router)).containsExactly("peer", "");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void probeRouterMakesADealerSendAnEmptyMessageAsSoonAsItConnects(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = bind(router, t);
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.setOption(SocketOption.ROUTING_ID, bytes("prober"));
        dealer.setOption(SocketOption.PROBE_ROUTER, true);
        dealer.connect(endpoint);
        // The router learns the dealer's id before the dealer has sent anything of its own.
        assertThat(recvFrames(router)).containsExactly("prober", "");
        send(router, "prober", "welcome");
        assertThat(recvFrames(dealer)).containsExactly("welcome");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void probeRouterOnARouterLetsTheBoundRouterAddressItAtOnce(Transport t) {
        ZmqSocket server = socket(SocketType.ROUTER);
        String endpoint = bind(server, t);
        ZmqSocket client = socket(SocketType.ROUTER);
        client.setOption(SocketOption.ROUTING_ID, bytes("client"));
        client.setOption(SocketOption.PROBE_ROUTER, true);
        client.connect(endpoint);
        assertThat(recvFrames(server)).containsExactly("client", "");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void connectRoutingIdNamesThePeerOfTheNextConnectOnly(Transport t) {
        ZmqSocket server = socket(SocketType.ROUTER);
        server.setOption(SocketOption.ROUTING_ID, bytes("announced"));
        String endpoint = bind(server, t);
        ZmqSocket client = socket(SocketType.ROUTER);
        client.setOption(SocketOption.ROUTER_MANDATORY, true);
        client.setOption(SocketOption.CONNECT_ROUTING_ID, bytes("chosen"));
        client.connect(endpoint);
        assertThat(client.getOption(SocketOption.CONNECT_ROUTING_ID)).as("used by one connect only").isNull();

        sendWhenRoutable(client, ZmqMessage.of("chosen", "hello"));
        ZmqMessage m = recv(server);
        assertThat(m.frameString(1)).isEqualTo("hello");
        // The peer is known by the chosen id, not by the one it announced.
        assertThatThrownBy(() -> client.trySend(ZmqMessage.of("announced", "x")))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EHOSTUNREACH));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
