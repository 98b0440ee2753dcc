package io.monocoque.zmq.security;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.wire.ZmtpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.Arrays;

import static io.monocoque.zmq.security.FakeSession.command;
import static io.monocoque.zmq.security.FakeSession.deliver;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of every handshake command parser: PLAIN HELLO and INITIATE (server side), PLAIN
 * WELCOME and READY (client side), CURVE HELLO, WELCOME, INITIATE, READY and MESSAGE. Whatever
 * the bytes, a mechanism ends the handshake through its session (fail or complete), never by
 * throwing, and a MESSAGE either opens or is refused with a protocol error.
 *
 * <p>{@code mvn verify} runs them in regression mode (the empty input and the seeds under
 * {@code src/test/resources/io/monocoque/zmq/security/HandshakeFuzzTestInputs/<method>/}). A real
 * fuzzing run of one target (five minutes, the {@code @FuzzTest} default; inputs that break it
 * are saved next to the seeds and then run in every build):
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl monocoque-engine test -Dtest='HandshakeFuzzTest#curveInitiate'
 * </pre>
 */
class HandshakeFuzzTest {

    private static void checkEnded(FakeSession s) {
        assertThat(s.completions).isLessThanOrEqualTo(1);
    }

    @FuzzTest
    void plainHello(byte[] data) {
        FakeSession server = new FakeSession(SocketType.REP, r -> ZapReply.allow(r.username()), "");
        PlainMechanism m = PlainMechanism.server();
        deliver(m, server, command("HELLO", data));
        server.answerZap();
        assertThat(server.failure != null || server.sent.size() == 1).isTrue();
        m.destroy();
    }

    @FuzzTest
    void plainInitiate(byte[] data) {
        FakeSession server = new FakeSession(SocketType.REP, r -> ZapReply.allow("u"), "");
        PlainMechanism m = PlainMechanism.server();
        deliver(m, server, command("HELLO", new byte[] {1, 'u', 1, 'p'}));
        server.answerZap();
        deliver(m, server, command("INITIATE", data));
        assertThat(server.done()).isTrue();
        checkEnded(server);
        m.destroy();
    }

    @FuzzTest
    void plainClientAnyCommand(byte[] body) {
        FakeSession client = new FakeSession(SocketType.REQ);
        PlainMechanism m = PlainMechanism.client("u", "p");
        m.start(client);
        deliver(m, client, body);
        if (!client.done()) {
            deliver(m, client, body);
        }
        checkEnded(client);
        m.destroy();
    }

    @FuzzTest
    void curveHello(byte[] data) {
        CurvePair pair = new CurvePair();
        try {
            // Short inputs are used as they are; longer ones are laid over a real HELLO.
            byte[] hello = pair.hello();
            byte[] body = data.length < 8 ? command("HELLO", data) : overlay(hello, data);
            deliver(pair.server, pair.serverSession, body);
            assertThat(pair.serverSession.failure != null || pair.serverSession.sent.size() == 1).isTrue();
        } finally {
            pair.destroy();
        }
    }

    @FuzzTest
    void curveWelcome(byte[] data) {
        CurvePair pair = new CurvePair();
        try {
            byte[] welcome = pair.welcome();
            byte[] body = data.length < 8 ? command("WELCOME", data) : overlay(welcome, data);
            deliver(pair.client, pair.clientSession, body);
            checkEnded(pair.clientSession);
        } finally {
            pair.destroy();
        }
    }

    @FuzzTest
    void curveInitiate(byte[] data) {
        CurvePair pair = new CurvePair();
        try {
            byte[] initiate = pair.initiate();
            byte[] body = data.length < 8 ? command("INITIATE", data) : overlay(initiate, data);
            deliver(pair.server, pair.serverSession, body);
            pair.serverSession.answerZap();
            checkEnded(pair.serverSession);
            if (pair.serverSession.completions == 1) {
                // Only an untouched INITIATE can be accepted.
                assertThat(Arrays.equals(body, initiate)).isTrue();
            }
        } finally {
            pair.destroy();
        }
    }

    @FuzzTest
    void curveReady(byte[] data) {
        CurvePair pair = new CurvePair();
        try {
            deliver(pair.server, pair.serverSession, pair.initiate());
            pair.serverSession.answerZap();
            byte[] ready = pair.serverSession.drain().get(0);
            byte[] body = data.length < 8 ? command("READY", data) : overlay(ready, data);
            deliver(pair.client, pair.clientSession, body);
            checkEnded(pair.clientSession);
            if (pair.clientSession.completions == 1) {
                assertThat(Arrays.equals(body, ready)).isTrue();
            }
        } finally {
            pair.destroy();
        }
    }

    @FuzzTest
    void curveMessage(byte[] data) {
        CurvePair pair = new CurvePair().handshake();
        ByteBuf frame = Unpooled.wrappedBuffer(data.length < 16 ? command("MESSAGE", data) : data);
        try {
            try {
                ByteBuf plain = pair.server.unwrap(frame);
                // A frame that opens can only have been sealed by the client: fuzzing cannot get here.
                assertThat(plain.readableBytes()).isPositive();
            } catch (ZmtpProtocolException expected) {
                // forged, truncated or replayed
            }
            try {
                // The same frame opened straight into a frame's array (what failed above leaves no trace).
                pair.server.unwrap(frame, new byte[Math.max(0, CurveMechanism.openedBodySize(frame.readableBytes()))]);
            } catch (ZmtpProtocolException expected) {
                // forged, truncated or replayed
            }
        } finally {
            frame.release();
            pair.destroy();
        }
    }

    /** {@code base} with {@code data} XORed over it from the start, then truncated or extended to the data's length. */
    private static byte[] overlay(byte[] base, byte[] data) {
        byte[] out = Arrays.copyOf(base, data.length);
        for (int i = 0; i < data.length; i++) {
            out[i] ^= data[i];
        }
        return out;
    }
}
