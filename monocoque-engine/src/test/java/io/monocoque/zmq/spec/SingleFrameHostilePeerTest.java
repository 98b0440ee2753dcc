package io.monocoque.zmq.spec;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.RawZmtpPeer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peers that break the rules of the single-frame draft types, played byte by byte by a raw ZMTP
 * peer over tcp, with libzmq's outcome: a multipart message is dropped whole and the connection
 * serves on (libzmq's client.cpp, server.cpp, gather.cpp, channel.cpp drop it in xrecv, with no
 * monitor event); a peer announcing a type the socket cannot talk to gets an ERROR command, a
 * closed connection and HANDSHAKE_FAILED_PROTOCOL (mechanism_base's check_socket_type), and the
 * socket serves other peers.
 */
class SingleFrameHostilePeerTest extends SpecTestBase {

    /** The type a well-behaved peer of {@code type} announces. */
    private static String counterpart(SocketType type) {
        return type.compatiblePeers().iterator().next().wireName();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @EnumSource(names = {"SERVER", "CLIENT", "GATHER", "CHANNEL", "PEER"})
    void aMultipartMessageFromAPeerIsDroppedWholeAndTheConnectionServesOn(SocketType type) throws Exception {
        ZmqSocket socket = socket(type);
        Events events = monitor(socket);
        String endpoint = bind(socket, Transport.TCP);
        try (RawZmtpPeer raw = new RawZmtpPeer(endpoint)) {
            assertThat(raw.handshake(counterpart(type)).commandName()).isEqualTo("READY");
            raw.sendFrame(true, ascii("first part"));
            raw.sendFrame(true, ascii("second part"));
            raw.sendFrame(false, ascii("last part"));
            raw.sendFrame(false, ascii("single"));

            ZmqMessage m = recv(socket);
            assertThat(frames(m)).containsExactly("single");
            assertThat(socket.droppedMessages()).isEqualTo(1);
            assertThat(socket.statistics().messagesReceived()).isEqualTo(1);

            // Still connected: the raw peer is served on (a GATHER, which cannot reply, takes another message).
            if (type.canSend()) {
                ZmqMessage reply = ZmqMessage.of("back");
                assertThat(socket.send(m.routingId() == 0 ? reply : reply.withRoutingId(m.routingId()), TIMEOUT)).isTrue();
                RawZmtpPeer.Frame f = raw.readFrame();
                assertThat(f.command()).isFalse();
                assertThat(f.more()).isFalse();
                assertThat(new String(f.body(), StandardCharsets.US_ASCII)).isEqualTo("back");
            } else {
                raw.sendFrame(false, ascii("again"));
                assertThat(recvFrames(socket)).containsExactly("again");
            }
        }
        assertThat(events.count(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL)).isZero();
    }

    @ParameterizedTest
    @EnumSource(names = {"SERVER", "CLIENT", "GATHER", "SCATTER", "CHANNEL", "PEER"})
    void aPeerOfAnIncompatibleTypeGetsAnErrorAndAProtocolFailureAndOthersAreServed(SocketType type) throws Exception {
        ZmqSocket socket = socket(type);
        Events events = monitor(socket);
        String endpoint = bind(socket, Transport.TCP);
        // The classic type that is each one's look-alike: DEALER for CLIENT/SERVER, PUSH and PULL for
        // GATHER and SCATTER, PAIR for CHANNEL, ROUTER for PEER.
        String intruder = type == SocketType.GATHER ? "PUSH" : type == SocketType.SCATTER ? "PULL"
                : type == SocketType.CHANNEL ? "PAIR" : type == SocketType.PEER ? "ROUTER" : "DEALER";
        try (RawZmtpPeer raw = new RawZmtpPeer(endpoint)) {
            assertThat(raw.handshake(intruder).commandName()).isEqualTo("READY");
            RawZmtpPeer.Frame error = raw.readFrame();
            assertThat(error.command()).isTrue();
            assertThat(error.commandName()).isEqualTo("ERROR");
            assertThat(raw.closedByPeer()).isTrue();
        }
        events.awaitReason(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, intruder);

        try (RawZmtpPeer good = new RawZmtpPeer(endpoint)) {
            assertThat(good.handshake(counterpart(type)).commandName()).isEqualTo("READY");
            if (type.canReceive()) {
                good.sendFrame(false, ascii("welcome"));
                assertThat(recvFrames(socket)).containsExactly("welcome");
            } else {
                assertThat(socket.send(ZmqMessage.of("welcome"), TIMEOUT)).isTrue();
                assertThat(new String(good.readFrame().body(), StandardCharsets.US_ASCII)).isEqualTo("welcome");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"SERVER", "CLIENT"})
    void aClassicSocketCannotTalkToADraftOne(SocketType type) {
        ZmqSocket socket = socket(type);
        Events events = monitor(socket);
        String endpoint = bind(socket, Transport.TCP);
        ZmqSocket dealer = socket(SocketType.DEALER);
        Events dealerEvents = monitor(dealer);
        dealer.connect(endpoint);
        dealer.send(ZmqMessage.of("never"));
        events.awaitReason(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL, "DEALER");
        dealerEvents.awaitCount(MonitorEventType.DISCONNECTED, 1);
        assertNothingReceived(socket);
    }
}
