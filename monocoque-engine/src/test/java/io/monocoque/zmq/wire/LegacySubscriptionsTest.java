package io.monocoque.zmq.wire;

import static io.monocoque.zmq.wire.WireTestSupport.bytes;
import static io.monocoque.zmq.wire.WireTestSupport.zeros;
import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.SocketType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class LegacySubscriptionsTest {

    private static PeerVersion detect(byte[] received) {
        ByteBuf in = Unpooled.wrappedBuffer(received);
        try {
            return ZmtpVersionDetector.detect(in);
        } finally {
            in.release();
        }
    }

    private static final PeerVersion ZMTP_1_0 = detect(bytes(0x01, 0x00));
    private static final PeerVersion REVISION_0 = detect(bytes(0xFF, zeros(8), 0x7F, 0x00, 0x02));
    private static final PeerVersion ZMTP_2_0 = detect(bytes(0xFF, zeros(8), 0x7F, 0x01, 0x02));
    private static final PeerVersion ZMTP_3_0 = detect(bytes(0xFF, zeros(8), 0x7F, 0x03, 0x00));
    private static final PeerVersion ZMTP_3_1 = detect(bytes(0xFF, zeros(8), 0x7F, 0x03, 0x01));

    @Test
    void publisherAssumesAnUnversionedZmtp10SubscriberWantsEverything() {
        assertThat(LegacySubscriptions.assumeSubscribeAll(ZMTP_1_0, SocketType.PUB)).isTrue();
        assertThat(LegacySubscriptions.assumeSubscribeAll(ZMTP_1_0, SocketType.XPUB)).isTrue();
        assertThat(LegacySubscriptions.subscribeAllMessageBody()).containsExactly(bytes(0x01));
        assertThat(SubscriptionFrames.toCommand(LegacySubscriptions.subscribeAllMessageBody()))
                .isInstanceOfSatisfying(SubscribeCommand.class, c -> assertThat(c.topicBytes()).isEmpty());
    }

    @Test
    void peersThatSubscribeThemselvesGetNoAssumedSubscription() {
        for (PeerVersion peer : new PeerVersion[] {REVISION_0, ZMTP_2_0, ZMTP_3_0, ZMTP_3_1}) {
            assertThat(LegacySubscriptions.assumeSubscribeAll(peer, SocketType.PUB)).as("%s", peer).isFalse();
        }
        assertThat(LegacySubscriptions.assumeSubscribeAll(ZMTP_1_0, SocketType.SUB)).isFalse();
        assertThat(LegacySubscriptions.assumeSubscribeAll(ZMTP_1_0, SocketType.DEALER)).isFalse();
    }

    @Test
    void onlyZmtp31PeersGetSubscriptionCommands() {
        assertThat(LegacySubscriptions.asMessages(ZMTP_1_0)).isTrue();
        assertThat(LegacySubscriptions.asMessages(REVISION_0)).isTrue();
        assertThat(LegacySubscriptions.asMessages(ZMTP_2_0)).isTrue();
        assertThat(LegacySubscriptions.asMessages(ZMTP_3_0)).isTrue();
        assertThat(LegacySubscriptions.asMessages(ZMTP_3_1)).isFalse();
    }
}
