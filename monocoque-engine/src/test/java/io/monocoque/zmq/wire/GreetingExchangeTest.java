package io.monocoque.zmq.wire;

import static io.monocoque.zmq.wire.WireTestSupport.bytes;
import static io.monocoque.zmq.wire.WireTestSupport.readAll;
import static io.monocoque.zmq.wire.WireTestSupport.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.wire.PeerVersion.Stage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What this side sends at each stage. The expected bytes are spec 23's "Detecting ZMTP 1.0 and 2.0
 * Peers" and what libzmq 4.3.4 was seen to send to a raw 1.0 and 2.0 peer: to a 1.0 peer, a DEALER
 * with identity "ID" sends {@code ff 00 00 00 00 00 00 00 03 7f 49 44}; to a 2.0 peer an anonymous
 * ROUTER sends {@code ff 00 00 00 00 00 00 00 01 7f 03 06 00 00}.
 */
class GreetingExchangeTest {

    private static final Greeting NULL_CLIENT = Greeting.ours("NULL", false);

    /** Plays one peer's bytes into a fresh exchange, a chunk per read, and returns everything it wrote. */
    private static final class Run {
        final GreetingExchange exchange;
        final ByteBuf in = Unpooled.buffer();
        final ByteBuf out = Unpooled.buffer();

        Run(GreetingExchange exchange) {
            this.exchange = exchange;
            exchange.start(out);
        }

        PeerVersion receive(byte[] chunk) {
            in.writeBytes(chunk);
            PeerVersion v = exchange.onReceived(in, out);
            assertThat(in.readerIndex()).as("nothing consumed").isZero();
            return v;
        }

        /** What was written since the last call. */
        byte[] sent() {
            byte[] b = readAll(out);
            out.skipBytes(b.length);
            return b;
        }

        void release() {
            in.release();
            out.release();
        }
    }

    private static byte[] zmtp3Greeting(Greeting g) {
        ByteBuf b = Unpooled.buffer();
        try {
            g.encode(b);
            return readAll(b);
        } finally {
            b.release();
        }
    }

    @Test
    void startSendsTheTenOctetPseudoSignatureWithIdentityLengthPlusOneInThePadding() {
        Run run = new Run(new GreetingExchange(NULL_CLIENT, SocketType.DEALER, bytes("ID"), false));
        try {
            assertThat(run.sent()).containsExactly(bytes(0xFF, zeros(7), 0x03, 0x7F));
        } finally {
            run.release();
        }
    }

    @Test
    void toAZmtp10PeerOnlyTheIdentityBytesFollowTheSignatureAsLibzmqSendsThem() {
        Run run = new Run(new GreetingExchange(NULL_CLIENT, SocketType.DEALER, bytes("ID"), false));
        try {
            PeerVersion v = run.receive(bytes(0x02)); // 1.0 identity frame "A" begins: length 2
            assertThat(v.stage()).isEqualTo(Stage.ZMTP_1_0);
            assertThat(run.sent()).containsExactly(bytes(0xFF, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x7F, 0x49, 0x44));
            run.receive(bytes(0x00, "A"));
            assertThat(run.out.isReadable()).as("nothing more once everything is sent").isFalse();
        } finally {
            run.release();
        }
    }

    @Test
    void whatWeSendToAZmtp10PeerIsAWellFormedIdentityFrameInItsFraming() {
        Run run = new Run(new GreetingExchange(NULL_CLIENT, SocketType.REQ, bytes("client-7"), false));
        try {
            run.receive(bytes(0x01, 0x00));
            // The 0x7F flags must not be validated (spec 13), so read it as the identity reader does.
            assertThat(LegacyIdentity.readZmtp1(run.out)).containsExactly(bytes("client-7"));
            assertThat(run.out.isReadable()).isFalse();
        } finally {
            run.release();
        }
    }

    @Test
    void toAZmtp20PeerTheMajorThenSocketTypeAndIdentityFrameAsLibzmqSendsThem() {
        Run run = new Run(new GreetingExchange(Greeting.ours("NULL", true), SocketType.ROUTER, new byte[0], false));
        try {
            assertThat(run.receive(bytes(0xFF, zeros(7), 0x01)).stage()).isEqualTo(Stage.NEED_MORE);
            assertThat(run.sent()).hasSize(10);
            assertThat(run.receive(bytes(0x7F)).stage()).isEqualTo(Stage.VERSIONED);
            assertThat(run.sent()).as("major, before the peer's is known").containsExactly(bytes(0x03));
            PeerVersion v = run.receive(bytes(0x01));
            assertThat(v.stage()).isEqualTo(Stage.ZMTP_2_0);
            assertThat(v.complete()).isFalse();
            assertThat(run.sent()).as("socket type ROUTER, empty identity").containsExactly(bytes(0x06, 0x00, 0x00));
            v = run.receive(bytes(0x05, 0x00, 0x00));
            assertThat(v.complete()).isTrue();
            assertThat(v.socketTypeCode()).isEqualTo(0x05);
            assertThat(run.out.isReadable()).isFalse();
        } finally {
            run.release();
        }
    }

    @Test
    void allOfAZmtp20GreetingInOneReadGetsTheWholeReplyInOrder() {
        Run run = new Run(new GreetingExchange(NULL_CLIENT, SocketType.XSUB, bytes("sub"), false));
        try {
            run.sent();
            run.receive(bytes(0xFF, zeros(8), 0x7F, 0x01, 0x01, 0x00, 0x00));
            // XSUB is SUB on a 2.0 wire (spec 15).
            assertThat(run.sent()).containsExactly(bytes(0x03, 0x02, 0x00, 3, "sub"));
        } finally {
            run.release();
        }
    }

    @Test
    void toARevision0PeerTheSocketTypeAndACompleteZmtp10IdentityFrame() {
        Run run = new Run(new GreetingExchange(NULL_CLIENT, SocketType.PUSH, bytes("p"), false));
        try {
            run.sent();
            PeerVersion v = run.receive(bytes(0xFF, zeros(8), 0x7F, 0x00, 0x07));
            assertThat(v.stage()).isEqualTo(Stage.ZMTP_1_0);
            assertThat(run.sent()).containsExactly(bytes(0x03, 0x08, 2, 0x00, "p"));
        } finally {
            run.release();
        }
    }

    @Test
    void toAZmtp3PeerTheRestOfOurGreetingSoTheWholeIsTheUsual64Octets() {
        Greeting ours = Greeting.ours("PLAIN", true);
        Run run = new Run(new GreetingExchange(ours, SocketType.REP, bytes("x"), false));
        try {
            byte[] peer = zmtp3Greeting(Greeting.ours("PLAIN", false));
            for (int i = 0; i < peer.length; i++) {
                PeerVersion v = run.receive(Arrays.copyOfRange(peer, i, i + 1));
                assertThat(v.stage()).as("after %d bytes", i + 1)
                        .isEqualTo(i < 9 ? Stage.NEED_MORE : i == 9 ? Stage.VERSIONED : Stage.ZMTP_3);
            }
            byte[] sent = run.sent();
            assertThat(sent).hasSize(64);
            byte[] usual = zmtp3Greeting(ours);
            assertThat(Arrays.copyOfRange(sent, 10, 64)).isEqualTo(Arrays.copyOfRange(usual, 10, 64));
            ByteBuf asPeerReadsIt = Unpooled.wrappedBuffer(sent);
            try {
                assertThat(Greeting.decode(asPeerReadsIt)).isEqualTo(ours);
            } finally {
                asPeerReadsIt.release();
            }
        } finally {
            run.release();
        }
    }

    @Test
    void aSecureSocketRefusesZmtp10And20PeersWithoutSendingMore() {
        for (byte[] legacy : new byte[][] {bytes(0x01), bytes(0xFF, zeros(8), 0x7F, 0x01, 0x05)}) {
            Run run = new Run(new GreetingExchange(Greeting.ours("CURVE", true), SocketType.ROUTER, new byte[0], false));
            try {
                run.sent();
                assertThatThrownBy(() -> run.receive(legacy)).isInstanceOf(ZmtpProtocolException.class)
                        .hasMessageEndingWith("this socket uses CURVE, so it only accepts ZMTP 3.0 or later");
                assertThat(run.sent().length).as("at most the major octet").isLessThanOrEqualTo(1);
            } finally {
                run.release();
            }
        }
    }

    @Test
    void aNullSocketWithZapRefusesLegacyPeersButNot3x() {
        Run run = new Run(new GreetingExchange(NULL_CLIENT, SocketType.PULL, new byte[0], true));
        try {
            assertThatThrownBy(() -> run.receive(bytes(0x01, 0x00))).isInstanceOf(ZmtpProtocolException.class)
                    .hasMessage("peer speaks ZMTP 1.0, which cannot be authenticated; this socket asks ZAP about every peer,"
                            + " so it only accepts ZMTP 3.0 or later");
        } finally {
            run.release();
        }
        Run ok = new Run(new GreetingExchange(NULL_CLIENT, SocketType.PULL, new byte[0], true));
        try {
            assertThat(ok.receive(bytes(0xFF, zeros(8), 0x7F, 0x03)).stage()).isEqualTo(Stage.ZMTP_3);
        } finally {
            ok.release();
        }
    }

    @Test
    void refusesAnIdentityOver255BytesAndMisuse() {
        assertThatThrownBy(() -> new GreetingExchange(NULL_CLIENT, SocketType.DEALER, new byte[256], false))
                .isInstanceOf(IllegalArgumentException.class);
        GreetingExchange exchange = new GreetingExchange(NULL_CLIENT, SocketType.DEALER, new byte[255], false);
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> exchange.onReceived(out, out)).isInstanceOf(IllegalStateException.class);
            exchange.start(out);
            assertThat(readAll(out)).containsExactly(bytes(0xFF, zeros(6), 0x01, 0x00, 0x7F));
            assertThatThrownBy(() -> exchange.start(out)).isInstanceOf(IllegalStateException.class);
        } finally {
            out.release();
        }
    }
}
