package io.monocoque.zmq.security;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.auth.ZmqAuthenticator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

import static io.monocoque.zmq.security.FakeSession.command;
import static io.monocoque.zmq.security.FakeSession.deliver;
import static org.assertj.core.api.Assertions.assertThat;

/** The PLAIN state machines (RFC 24) driven in memory, byte by byte where it matters. */
class PlainMechanismTest {

    private static final ZmqAuthenticator USERS = ZmqAuthenticator.builder().plainUsers(Map.of("admin", "secret")).build();

    private final FakeSession client = new FakeSession(SocketType.REQ);

    @Test
    void clientAndServerCompleteAndTheServerLearnsTheUserIdFromZap() {
        FakeSession server = new FakeSession(SocketType.REP, USERS, "global");
        FakeSession.run(PlainMechanism.client("admin", "secret"), client, PlainMechanism.server(), server);

        assertThat(server.failure).isNull();
        assertThat(client.failure).isNull();
        assertThat(server.userId).isEqualTo("admin");
        assertThat(server.peerMetadata.getString("Socket-Type")).isEqualTo("REQ");
        assertThat(client.peerMetadata.getString("Socket-Type")).isEqualTo("REP");
        assertThat(server.zapRequests).singleElement().satisfies(r -> {
            assertThat(r.mechanism()).isEqualTo("PLAIN");
            assertThat(r.domain()).isEqualTo("global");
            assertThat(r.username()).isEqualTo("admin");
            assertThat(r.password()).isEqualTo("secret");
            assertThat(r.toString()).doesNotContain("secret");
        });
    }

    @Test
    void helloCarriesLengthPrefixedUserNameAndPassword() {
        PlainMechanism.client("ab", "xyz").start(client);
        assertThat(client.sent).singleElement().satisfies(hello -> assertThat(hello)
                .isEqualTo(command("HELLO", new byte[] {2, 'a', 'b', 3, 'x', 'y', 'z'})));
    }

    @Test
    void wrongPasswordGetsAnError400AndBothSidesReportAnAuthenticationFailure() {
        FakeSession server = new FakeSession(SocketType.REP, USERS, "");
        FakeSession.run(PlainMechanism.client("admin", "badpass"), client, PlainMechanism.server(), server);

        assertThat(server.failure.event()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_AUTH);
        assertThat(server.failure.value()).isEqualTo(400);
        assertThat(server.failure.errorReason()).isEqualTo("400");
        assertThat(server.failure.reason()).doesNotContain("badpass");
        // The connection sends the ERROR; fed to the client it is an authentication failure there too.
        PlainMechanism c = PlainMechanism.client("admin", "wrong");
        FakeSession other = new FakeSession(SocketType.REQ);
        c.start(other);
        deliver(c, other, command("ERROR", new byte[] {3, '4', '0', '0'}));
        assertThat(other.failure.event()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_AUTH);
        assertThat(other.failure.value()).isEqualTo(400);
    }

    @Test
    void temporaryFailureClosesWithoutAnErrorCommand() {
        FakeSession server = new FakeSession(SocketType.REP, r -> ZapReply.temporaryFailure("try later"), "");
        FakeSession.run(PlainMechanism.client("admin", "secret"), client, PlainMechanism.server(), server);
        assertThat(server.failure.event()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_AUTH);
        assertThat(server.failure.value()).isEqualTo(300);
        assertThat(server.failure.errorReason()).isNull();
    }

    @Test
    void serverWithoutZapHandlerRefusesEveryClientSilentlyAsLibzmqDoes() {
        FakeSession server = new FakeSession(SocketType.REP, null, "");
        FakeSession.run(PlainMechanism.client("admin", "secret"), client, PlainMechanism.server(), server);
        assertThat(server.failure.event()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_AUTH);
        assertThat(server.failure.errorReason()).isNull();
        assertThat(server.completions).isZero();
    }

    @ParameterizedTest(name = "HELLO data {0}")
    @ValueSource(strings = {"", "05", "0561", "0161", "016102", "01610170ff", "00"})
    void malformedHelloIsAProtocolFailureWithoutZap(String hex) {
        FakeSession server = new FakeSession(SocketType.REP, USERS, "");
        PlainMechanism m = PlainMechanism.server();
        m.start(server);
        deliver(m, server, command("HELLO", HexFormat.of().parseHex(hex)));
        assertThat(server.failure).isNotNull();
        assertThat(server.failure.event()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL);
        assertThat(server.failure.errorReason()).isNull();
        assertThat(server.zapRequests).isEmpty();
    }

    @Test
    void emptyUserNameAndPasswordIsWellFormed() {
        FakeSession server = new FakeSession(SocketType.REP, r -> ZapReply.allow(""), "");
        PlainMechanism m = PlainMechanism.server();
        deliver(m, server, command("HELLO", new byte[] {0, 0}));
        server.answerZap();
        assertThat(server.failure).isNull();
        assertThat(server.sent).singleElement().satisfies(w -> assertThat(w).isEqualTo(command("WELCOME", new byte[0])));
    }

    @Test
    void anotherCommandInsteadOfHelloIsAProtocolFailure() {
        FakeSession server = new FakeSession(SocketType.REP, USERS, "");
        PlainMechanism m = PlainMechanism.server();
        deliver(m, server, command("INITIATE", new byte[0]));
        assertThat(server.failure.event()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL);
    }

    @Test
    void garbageInitiateMetadataIsAProtocolFailure() {
        FakeSession server = new FakeSession(SocketType.REP, USERS, "");
        PlainMechanism m = PlainMechanism.server();
        deliver(m, server, command("HELLO", "\u0005admin\u0006secret".getBytes(StandardCharsets.US_ASCII)));
        server.answerZap();
        assertThat(server.drain()).hasSize(1); // WELCOME
        deliver(m, server, command("INITIATE", new byte[] {11, 'S', 'o', 'c'}));
        assertThat(server.failure.event()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL);
        assertThat(server.completions).isZero();
    }

    @Test
    void commandsWhileWaitingForZapAreAProtocolFailure() {
        FakeSession server = new FakeSession(SocketType.REP, USERS, "");
        PlainMechanism m = PlainMechanism.server();
        deliver(m, server, command("HELLO", new byte[] {0, 0}));
        deliver(m, server, command("INITIATE", new byte[0]));
        assertThat(server.failure.event()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL);
        server.answerZap(); // the late reply changes nothing
        assertThat(server.sent).isEmpty();
    }

    @Test
    void clientRefusesAWelcomeWithData() {
        PlainMechanism c = PlainMechanism.client("a", "b");
        c.start(client);
        deliver(c, client, command("WELCOME", new byte[] {1}));
        assertThat(client.failure.event()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL);
    }

    @Test
    void clientIsNotAllowedToSendError() {
        FakeSession server = new FakeSession(SocketType.REP, USERS, "");
        PlainMechanism m = PlainMechanism.server();
        deliver(m, server, command("ERROR", new byte[] {1, 'x'}));
        assertThat(server.failure.event()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL);
    }
}
