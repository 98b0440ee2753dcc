package io.monocoque.zmq.security;

import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.auth.ZmqAuthenticator;
import io.monocoque.zmq.wire.PingCommand;
import io.monocoque.zmq.wire.SubscribeCommand;
import io.monocoque.zmq.wire.ZmtpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.monocoque.zmq.security.FakeSession.deliver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CURVE state machines (RFC 25/26) driven in memory, checked against libzmq's wire layout. */
class CurveMechanismTest {

    private CurvePair pair = new CurvePair();

    @AfterEach
    void wipe() {
        pair.destroy();
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.US_ASCII);
    }

    @Test
    void helloIs200BytesWithVersionPaddingTransientKeyAndNonceOne() {
        byte[] hello = pair.hello();
        assertThat(hello).hasSize(200);
        assertThat(ascii(hello, 0, 6)).isEqualTo("\u0005HELLO");
        assertThat(hello[6]).isEqualTo((byte) 1);
        assertThat(hello[7]).isZero();
        assertThat(Arrays.copyOfRange(hello, 8, 80)).containsOnly(0);
        assertThat(CurveMechanism.getLong(hello, 112)).isEqualTo(1);
    }

    @Test
    void welcomeIs168BytesAndInitiateAtLeast257() {
        byte[] welcome = pair.welcome();
        assertThat(welcome).hasSize(168);
        assertThat(ascii(welcome, 0, 8)).isEqualTo("\u0007WELCOME");
        deliver(pair.client, pair.clientSession, welcome);
        byte[] initiate = pair.clientSession.drain().get(0);
        assertThat(initiate.length).isGreaterThanOrEqualTo(257);
        assertThat(ascii(initiate, 0, 9)).isEqualTo("\u0008INITIATE");
        assertThat(CurveMechanism.getLong(initiate, 105)).as("the client's second short nonce").isEqualTo(2);
    }

    @Test
    void handshakeCompletesAndEachSideLearnsTheOthersMetadata() {
        pair.handshake();
        assertThat(pair.clientSession.failure).isNull();
        assertThat(pair.serverSession.failure).isNull();
        assertThat(pair.serverSession.peerMetadata.getString("Socket-Type")).isEqualTo("DEALER");
        assertThat(pair.clientSession.peerMetadata.getString("Socket-Type")).isEqualTo("ROUTER");
        assertThat(pair.serverSession.userId).as("no ZAP handler: no user id").isNull();
    }

    @ParameterizedTest
    @EnumSource(CurvePair.Opening.class)
    void messagesTravelAsMessageCommandsInPlainFramesWithLibzmqNoncesAndFlags(CurvePair.Opening opening) {
        pair.handshake();
        byte[] wire = CurvePair.wrap(pair.client, true, "hello".getBytes(StandardCharsets.US_ASCII));
        // A message frame without MORE or COMMAND: short size, then "\x07MESSAGE", nonce, box.
        assertThat(wire[0]).isZero();
        assertThat(wire[1] & 0xff).isEqualTo(8 + 8 + 16 + 1 + 5);
        assertThat(ascii(wire, 2, 10)).isEqualTo("\u0007MESSAGE");
        assertThat(CurveMechanism.getLong(wire, 10)).as("HELLO was 1, INITIATE 2").isEqualTo(3);
        List<CurvePair.Plain> got = CurvePair.unwrap(opening, pair.server, wire);
        assertThat(got).singleElement().satisfies(p -> {
            assertThat(p.flags()).isEqualTo(WrappedFrame.MORE);
            assertThat(p.body()).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
        });

        byte[] back = CurvePair.wrap(pair.server, false, new byte[0]);
        assertThat(CurveMechanism.getLong(back, 10)).as("READY was the server's 1").isEqualTo(2);
        assertThat(CurvePair.unwrap(opening, pair.client, back)).singleElement()
                .satisfies(p -> assertThat(p.flags()).isZero());
    }

    @ParameterizedTest
    @EnumSource(CurvePair.Opening.class)
    void commandsTravelEncryptedWithTheCommandFlag(CurvePair.Opening opening) {
        pair.handshake();
        ByteBuf out = Unpooled.buffer();
        pair.client.wrap(out, new SubscribeCommand("topic".getBytes(StandardCharsets.US_ASCII)));
        pair.client.wrap(out, new PingCommand(0, new byte[0]));
        byte[] wire = new byte[out.readableBytes()];
        out.readBytes(wire);
        out.release();
        assertThat(new String(wire, StandardCharsets.ISO_8859_1)).doesNotContain("SUBSCRIBE").doesNotContain("topic");
        List<CurvePair.Plain> got = CurvePair.unwrap(opening, pair.server, wire);
        assertThat(got).extracting(CurvePair.Plain::flags).containsExactly(WrappedFrame.COMMAND, WrappedFrame.COMMAND);
        assertThat(ascii(got.get(0).body(), 0, 10)).isEqualTo("\u0009SUBSCRIBE");
        assertThat(ascii(got.get(1).body(), 0, 5)).isEqualTo("\u0004PING");
    }

    @ParameterizedTest
    @EnumSource(CurvePair.Opening.class)
    void largeMessagesRoundTrip(CurvePair.Opening opening) {
        pair.handshake();
        byte[] big = new byte[300_000];
        new java.util.Random(1).nextBytes(big);
        assertThat(CurvePair.unwrap(opening, pair.server, CurvePair.wrap(pair.client, false, big)).get(0).body()).isEqualTo(big);
        assertThat(CurvePair.unwrap(opening, pair.server, CurvePair.wrap(pair.client, false, new byte[3])).get(0).body()).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(CurvePair.Opening.class)
    void replayedMessageIsRefused(CurvePair.Opening opening) {
        pair.handshake();
        byte[] wire = CurvePair.wrap(pair.client, false, new byte[] {1});
        CurvePair.unwrap(opening, pair.server, wire);
        assertThatThrownBy(() -> CurvePair.unwrap(opening, pair.server, wire))
                .isInstanceOf(ZmtpProtocolException.class).hasMessageContaining("replayed or reordered");
    }

    @ParameterizedTest
    @EnumSource(CurvePair.Opening.class)
    void reorderedMessagesAreRefused(CurvePair.Opening opening) {
        pair.handshake();
        byte[] first = CurvePair.wrap(pair.client, false, new byte[] {1});
        byte[] second = CurvePair.wrap(pair.client, false, new byte[] {2});
        CurvePair.unwrap(opening, pair.server, second);
        assertThatThrownBy(() -> CurvePair.unwrap(opening, pair.server, first)).isInstanceOf(ZmtpProtocolException.class);
    }

    @ParameterizedTest
    @EnumSource(CurvePair.Opening.class)
    void tamperedOrTruncatedOrMisdirectedMessagesNeverDecrypt(CurvePair.Opening opening) {
        pair.handshake();
        byte[] wire = CurvePair.wrap(pair.client, false, "secret".getBytes(StandardCharsets.US_ASCII));
        byte[] flipped = wire.clone();
        flipped[wire.length - 1] ^= 1;
        assertThatThrownBy(() -> CurvePair.unwrap(opening, pair.server, flipped)).isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("does not decrypt");
        byte[] truncated = Arrays.copyOf(wire, 2 + 8 + 8 + 16);
        truncated[1] = (byte) (8 + 8 + 16);
        assertThatThrownBy(() -> CurvePair.unwrap(opening, pair.server, truncated)).isInstanceOf(ZmtpProtocolException.class);
        // The client's own message reflected back to it: the other nonce prefix, so it cannot open.
        assertThatThrownBy(() -> CurvePair.unwrap(opening, pair.client, CurvePair.wrap(pair.client, false, new byte[1])))
                .isInstanceOf(ZmtpProtocolException.class);
    }

    @ParameterizedTest
    @EnumSource(CurvePair.Opening.class)
    void aFrameThatIsNotAMessageCommandIsRefusedAfterTheHandshake(CurvePair.Opening opening) {
        pair.handshake();
        byte[] raw = {0, 3, 'a', 'b', 'c'};
        assertThatThrownBy(() -> CurvePair.unwrap(opening, pair.server, raw)).isInstanceOf(ZmtpProtocolException.class)
                .hasMessageContaining("not a MESSAGE");
    }

    @Test
    void wrongServerKeyFailsHelloOnTheServerWithoutAnError() {
        CurveKeyPair real = CurveKeyPair.generate();
        CurveKeyPair other = CurveKeyPair.generate();
        CurveClientMechanism client = new CurveClientMechanism(pair.clientKeys.publicKey(), pair.clientKeys.secretKey(),
                other.publicKey(), CurvePair.RANDOM);
        CurveServerMechanism server = new CurveServerMechanism(real.secretKey(), CookieKeys.shared(), CurvePair.RANDOM);
        FakeSession s = new FakeSession(io.monocoque.zmq.SocketType.ROUTER);
        FakeSession.run(client, new FakeSession(io.monocoque.zmq.SocketType.DEALER), server, s);
        assertThat(s.failure.event()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL);
        assertThat(s.failure.reason()).contains("another server key");
        assertThat(s.failure.errorReason()).isNull();
        client.destroy();
        server.destroy();
    }

    @Test
    void tamperedHelloIsRefused() {
        byte[] hello = pair.hello();
        hello[150] ^= 0x10;
        deliver(pair.server, pair.serverSession, hello);
        assertThat(pair.serverSession.failure.event()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL);
        assertThat(pair.serverSession.sent).isEmpty();
    }

    @Test
    void truncatedHelloOrUnknownVersionIsRefused() {
        byte[] hello = pair.hello();
        deliver(pair.server, pair.serverSession, Arrays.copyOf(hello, 199));
        assertThat(pair.serverSession.failure.reason()).contains("200");

        CurvePair other = new CurvePair();
        byte[] h2 = other.hello();
        h2[6] = 2;
        deliver(other.server, other.serverSession, h2);
        assertThat(other.serverSession.failure.reason()).contains("version");
        other.destroy();
    }

    @Test
    void lowOrderTransientKeyInHelloIsAProtocolFailureNotACrash() {
        byte[] hello = pair.hello();
        Arrays.fill(hello, 80, 112, (byte) 0); // the all-zero point
        deliver(pair.server, pair.serverSession, hello);
        assertThat(pair.serverSession.failure.event()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL);
    }

    @Test
    void tamperedCookieOrInitiateBoxIsRefused() {
        for (int at : new int[] {9 + 20, 9 + 100, 9 + 96 + 8 + 50}) {
            CurvePair p = new CurvePair();
            byte[] initiate = p.initiate();
            initiate[at] ^= 0x01;
            deliver(p.server, p.serverSession, initiate);
            assertThat(p.serverSession.failure).as("byte " + at).isNotNull();
            assertThat(p.serverSession.failure.event()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL);
            assertThat(p.serverSession.zapRequests).isEmpty();
            p.destroy();
        }
    }

    @Test
    void cookieFromAnotherConnectionIsRefused() {
        CurvePair a = new CurvePair(pair.serverKeys, pair.clientKeys, null, CookieKeys.shared());
        byte[] initiateA = a.initiate();
        byte[] initiateB = pair.initiate();
        System.arraycopy(initiateA, 9, initiateB, 9, 96); // B's INITIATE with A's (valid) cookie
        deliver(pair.server, pair.serverSession, initiateB);
        assertThat(pair.serverSession.failure.reason()).contains("another connection");
        a.destroy();
    }

    @Test
    void truncatedInitiateIsRefused() {
        byte[] initiate = pair.initiate();
        deliver(pair.server, pair.serverSession, Arrays.copyOf(initiate, 256));
        assertThat(pair.serverSession.failure.reason()).contains("257");
    }

    @Test
    void handshakeSurvivesOneMinuteKeyRotationButNotTwo() {
        AtomicLong now = new AtomicLong();
        CookieKeys keys = new CookieKeys(now::get, CurvePair.RANDOM, CookieKeys.ROTATION);

        CurvePair survives = new CurvePair(null, keys);
        byte[] initiate = survives.initiate();
        now.addAndGet(CookieKeys.ROTATION + 1);
        deliver(survives.server, survives.serverSession, initiate);
        survives.serverSession.answerZap();
        assertThat(survives.serverSession.failure).isNull();
        assertThat(survives.serverSession.completions).isEqualTo(1);
        survives.destroy();

        CurvePair expires = new CurvePair(null, keys);
        byte[] late = expires.initiate();
        now.addAndGet(CookieKeys.ROTATION + 1);
        keys.sealingKey(); // another server's handshake rotates again
        now.addAndGet(CookieKeys.ROTATION + 1);
        deliver(expires.server, expires.serverSession, late);
        assertThat(expires.serverSession.failure.reason()).contains("cookie does not open");
        expires.destroy();
    }

    @Test
    void zapRefusalSendsError400AndNoReady() {
        pair.destroy();
        pair = new CurvePair(ZmqAuthenticator.builder().curveAllow(CurveKeyPair.generate().publicKey()).build(), CookieKeys.shared());
        pair.handshake();
        assertThat(pair.serverSession.failure.event()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_AUTH);
        assertThat(pair.serverSession.failure.value()).isEqualTo(400);
        assertThat(pair.serverSession.failure.errorReason()).isEqualTo("400");
        assertThat(pair.serverSession.zapRequests).singleElement()
                .satisfies(r -> assertThat(r.clientKey()).isEqualTo(pair.clientKeys.publicKey()));
        assertThat(pair.serverSession.completions).isZero();
    }

    @Test
    void zapApprovalGivesTheUserIdAndMetadata() {
        pair.destroy();
        pair = new CurvePair(r -> ZapReply.allow("carol", Map.of("X-Role", "admin")), CookieKeys.shared());
        pair.handshake();
        assertThat(pair.serverSession.userId).isEqualTo("carol");
        assertThat(pair.serverSession.zapProperties.get("X-Role")).isEqualTo("admin".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void clientTreatsAnErrorStatusCodeAsAnAuthenticationFailure() {
        pair.hello();
        deliver(pair.client, pair.clientSession, FakeSession.command("ERROR", new byte[] {3, '4', '0', '0'}));
        assertThat(pair.clientSession.failure.event()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_AUTH);
        assertThat(pair.clientSession.failure.value()).isEqualTo(400);
    }

    @Test
    void forgedWelcomeIsRefusedByTheClient() {
        byte[] welcome = pair.welcome();
        welcome[100] ^= 1;
        deliver(pair.client, pair.clientSession, welcome);
        assertThat(pair.clientSession.failure.event()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL);
        assertThat(pair.clientSession.sent).isEmpty();
    }

    @Test
    void forgedOrReplayedReadyIsRefusedByTheClient() {
        byte[] initiate = pair.initiate();
        deliver(pair.server, pair.serverSession, initiate);
        pair.serverSession.answerZap();
        byte[] ready = pair.serverSession.drain().get(0);
        byte[] forged = ready.clone();
        forged[ready.length - 1] ^= 1;
        FakeSession.deliver(pair.client, pair.clientSession, forged);
        assertThat(pair.clientSession.failure.reason()).contains("READY does not open");
    }
}
