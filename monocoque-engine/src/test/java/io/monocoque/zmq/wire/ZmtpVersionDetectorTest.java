package io.monocoque.zmq.wire;

import static io.monocoque.zmq.wire.WireTestSupport.bytes;
import static io.monocoque.zmq.wire.WireTestSupport.zeros;
import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.wire.PeerVersion.Stage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ZmtpVersionDetectorTest {

    /** A ZMTP 2.0 greeting as spec 15's grammar writes it: signature, revision 0x01, socket type, identity. */
    private static final byte[] ZMTP_2_0_GREETING = bytes(0xFF, zeros(8), 0x7F, 0x01, 0x05, 0x00, 0x00);

    private static PeerVersion detect(byte[] received) {
        ByteBuf in = Unpooled.wrappedBuffer(received);
        try {
            PeerVersion v = ZmtpVersionDetector.detect(in);
            assertThat(in.readerIndex()).as("nothing consumed").isZero();
            return v;
        } finally {
            in.release();
        }
    }

    private static byte[] zmtp3Greeting(int major, int minor) {
        ByteBuf b = Unpooled.buffer();
        try {
            new Greeting(major, minor, "NULL", false).encode(b);
            return WireTestSupport.readAll(b);
        } finally {
            b.release();
        }
    }

    @Test
    void nothingReceivedNeedsMore() {
        assertThat(detect(new byte[0]).stage()).isEqualTo(Stage.NEED_MORE);
    }

    @Test
    void firstOctetOtherThan0xFFIsAZmtp10IdentityLengthDecidedFromOneByte() {
        // Spec 13's anonymous greeting, %x01 %x00; only its first octet has arrived.
        PeerVersion v = detect(bytes(0x01));
        assertThat(v.stage()).isEqualTo(Stage.ZMTP_1_0);
        assertThat(v.isUnversioned()).isTrue();
        assertThat(v.isLegacy()).isTrue();
        assertThat(v.greetingSize()).as("its frames start at byte 0").isZero();
        assertThat(v.complete()).isTrue();
        assertThat(v.major()).isEqualTo(-1);
    }

    @Test
    void longZmtp10IdentityLengthWaitsForOctetNineAndFindsItsLowBitClear() {
        // A 1.0 identity frame in the long form: 0xFF, 8-octet length, flags 0x00.
        byte[] longIdentityHeader = bytes(0xFF, zeros(7), 0x06, 0x00, "hello");
        for (int n = 1; n < 10; n++) {
            assertThat(detect(Arrays.copyOf(longIdentityHeader, n)).stage()).as("%d bytes", n).isEqualTo(Stage.NEED_MORE);
        }
        PeerVersion v = detect(Arrays.copyOf(longIdentityHeader, 10));
        assertThat(v.stage()).isEqualTo(Stage.ZMTP_1_0);
        assertThat(v.isUnversioned()).isTrue();
    }

    @Test
    void octetNineWithItsLowBitSetIsAVersionedPeerWhoseVersionIsNotInYet() {
        // libzmq's pseudo-signature: identity length + 1 in the padding, then 0x7F.
        PeerVersion v = detect(bytes(0xFF, zeros(7), 0x01, 0x7F));
        assertThat(v.stage()).isEqualTo(Stage.VERSIONED);
        assertThat(v.isLegacy()).isFalse();
        assertThat(v.greetingSize()).isEqualTo(-1);
    }

    @Test
    void revisionOneIsZmtp20WithATwelveOctetGreeting() {
        PeerVersion v = detect(Arrays.copyOf(ZMTP_2_0_GREETING, 11));
        assertThat(v.stage()).isEqualTo(Stage.ZMTP_2_0);
        assertThat(v.major()).isEqualTo(1);
        assertThat(v.socketTypeCode()).as("not in yet").isEqualTo(-1);
        assertThat(v.complete()).isFalse();

        PeerVersion whole = detect(ZMTP_2_0_GREETING);
        assertThat(whole.stage()).isEqualTo(Stage.ZMTP_2_0);
        assertThat(whole.socketTypeCode()).isEqualTo(0x05);
        assertThat(Zmtp2SocketType.fromCode(whole.socketTypeCode())).isEqualTo(io.monocoque.zmq.SocketType.DEALER);
        assertThat(whole.greetingSize()).isEqualTo(12);
        assertThat(whole.complete()).isTrue();
        assertThat(whole.isLegacy()).isTrue();
        assertThat(whole.isUnversioned()).isFalse();
    }

    @Test
    void paddingIsNotValidatedSoLibzmq3PseudoSignatureIsZmtp20Too() {
        // What a libzmq 3.x ROUTER with identity "ID" sends: length 3 in the padding.
        PeerVersion v = detect(bytes(0xFF, zeros(7), 0x03, 0x7F, 0x01, 0x06));
        assertThat(v.stage()).isEqualTo(Stage.ZMTP_2_0);
        assertThat(v.socketTypeCode()).isEqualTo(0x06);
    }

    @Test
    void revisionTwoIsZmtp20AsSpec23Says() {
        assertThat(detect(bytes(0xFF, zeros(8), 0x7F, 0x02, 0x01)).stage()).isEqualTo(Stage.ZMTP_2_0);
    }

    @Test
    void revisionZeroIsAVersionedGreetingWithZmtp10Framing() {
        PeerVersion v = detect(bytes(0xFF, zeros(8), 0x7F, 0x00, 0x02));
        assertThat(v.stage()).isEqualTo(Stage.ZMTP_1_0);
        assertThat(v.isUnversioned()).isFalse();
        assertThat(v.major()).isZero();
        assertThat(v.socketTypeCode()).isEqualTo(0x02);
        assertThat(v.greetingSize()).isEqualTo(12);
        assertThat(v.complete()).isTrue();
    }

    @Test
    void majorThreeIsZmtp3WithTheMinorOnceItArrives() {
        byte[] g = zmtp3Greeting(3, 1);
        PeerVersion majorOnly = detect(Arrays.copyOf(g, 11));
        assertThat(majorOnly.stage()).isEqualTo(Stage.ZMTP_3);
        assertThat(majorOnly.major()).isEqualTo(3);
        assertThat(majorOnly.minor()).isEqualTo(-1);
        assertThat(majorOnly.greetingSize()).isEqualTo(64);

        PeerVersion withMinor = detect(Arrays.copyOf(g, 12));
        assertThat(withMinor.minor()).isEqualTo(1);
        assertThat(withMinor.isZmtp31()).isTrue();
        assertThat(withMinor.complete()).isFalse();
        assertThat(detect(g).complete()).isTrue();
    }

    @Test
    void zmtp30IsTalkedToWith30RulesAndLaterMajorsWith31() {
        assertThat(detect(Arrays.copyOf(zmtp3Greeting(3, 0), 12)).isZmtp31()).isFalse();
        PeerVersion future = detect(Arrays.copyOf(zmtp3Greeting(4, 0), 12));
        assertThat(future.stage()).isEqualTo(Stage.ZMTP_3);
        assertThat(future.isZmtp31()).isTrue();
    }

    @Test
    void detectionReadsFromTheReaderIndex() {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(0x01, 0x02, 0xFF, zeros(8), 0x7F, 0x03));
        try {
            in.skipBytes(2);
            assertThat(ZmtpVersionDetector.detect(in).stage()).isEqualTo(Stage.ZMTP_3);
        } finally {
            in.release();
        }
    }
}
