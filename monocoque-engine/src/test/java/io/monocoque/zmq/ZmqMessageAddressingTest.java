package io.monocoque.zmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.zmq.internal.MessageAccess;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The routing id and group the draft socket types carry beside a message's frames. */
class ZmqMessageAddressingTest {

    @Test
    void aLocallyBuiltMessageHasNoRoutingIdAndNoGroup() {
        ZmqMessage m = ZmqMessage.of("hello");
        assertThat(m.routingId()).isZero();
        assertThat(m.group()).isNull();
        assertThat(m.peer()).isSameAs(PeerInfo.NONE);
    }

    @Test
    void routingIdAndGroupAreSetWithoutCopyingOrChangingTheOriginal() {
        byte[] frame = "body".getBytes(StandardCharsets.UTF_8);
        ZmqMessage plain = ZmqMessage.wrap(frame);
        ZmqMessage routed = plain.withRoutingId(0x80000001).withGroup("weather");

        assertThat(routed.routingId()).isEqualTo(0x80000001);
        assertThat(Integer.toUnsignedString(routed.routingId())).isEqualTo("2147483649");
        assertThat(routed.group()).isEqualTo("weather");
        assertThat(MessageAccess.frame(routed, 0)).isSameAs(frame);
        assertThat(plain.routingId()).isZero();
        assertThat(plain.group()).isNull();
    }

    @Test
    void clearingBothGivesAnEqualPlainMessage() {
        ZmqMessage plain = ZmqMessage.of("x");
        ZmqMessage cleared = plain.withRoutingId(7).withGroup("g").withRoutingId(0).withGroup(null);
        assertThat(cleared).isEqualTo(plain).hasSameHashCodeAs(plain);
        assertThat(cleared.routingId()).isZero();
        assertThat(cleared.group()).isNull();
    }

    @Test
    void routingIdAndGroupArePartOfEquality() {
        ZmqMessage a = ZmqMessage.of("x").withRoutingId(1);
        assertThat(a).isNotEqualTo(ZmqMessage.of("x"));
        assertThat(a).isNotEqualTo(ZmqMessage.of("x").withRoutingId(2));
        assertThat(a).isEqualTo(ZmqMessage.of("x").withRoutingId(1));
        assertThat(ZmqMessage.of("x").withGroup("a")).isNotEqualTo(ZmqMessage.of("x").withGroup("b"));
        assertThat(a.toString()).contains("routingId=1");
        assertThat(ZmqMessage.of("x").withGroup("news").toString()).contains("group=\"news\"");
    }

    @Test
    void aGroupLongerThan255Utf8BytesIsRefused() {
        String max = "g".repeat(ZmqMessage.MAX_GROUP_LENGTH);
        assertThat(ZmqMessage.of("x").withGroup(max).group()).isEqualTo(max);
        // 128 two-byte characters: 128 chars, 256 bytes
        String tooLong = "é".repeat(128);
        assertThatThrownBy(() -> ZmqMessage.of("x").withGroup(tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("255").hasMessageContaining("256");
    }

    @Test
    void theEngineAddressesAReceivedMessageAndKeepsItsPeer() {
        PeerInfo peer = new PeerInfo(Map.of("Socket-Type", "CLIENT".getBytes(StandardCharsets.US_ASCII)), "127.0.0.1:1", null);
        ZmqMessage received = MessageAccess.wrap("req".getBytes(StandardCharsets.UTF_8), peer);
        ZmqMessage addressed = MessageAccess.addressed(received, peer, 42, null);

        assertThat(addressed.routingId()).isEqualTo(42);
        assertThat(addressed.peer()).isSameAs(peer);
        assertThat(addressed.withGroup("g").peer()).isSameAs(peer);
        assertThat(addressed.withRoutingId(0).peer()).isSameAs(peer);
        assertThat(addressed.prepend(new byte[0]).routingId()).isEqualTo(42);
    }

    @Test
    void aClassicMessageHasNoFieldForTheDraftTypes() {
        // frames, the single frame, and one origin slot shared by the peer and the draft addressing
        long instanceFields = Arrays.stream(ZmqMessage.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .map(Field::getName)
                .count();
        assertThat(instanceFields).isEqualTo(3);
    }
}
