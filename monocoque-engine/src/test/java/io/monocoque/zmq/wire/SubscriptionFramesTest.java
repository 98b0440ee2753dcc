package io.monocoque.zmq.wire;

import static io.monocoque.zmq.wire.WireTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubscriptionFramesTest {

    @Test
    void buildsSubscribeAndCancelMessageBodies() {
        assertThat(SubscriptionFrames.subscribeMessageBody(bytes("news"))).isEqualTo(bytes(1, "news"));
        assertThat(SubscriptionFrames.cancelMessageBody(bytes("news"))).isEqualTo(bytes(0, "news"));
        assertThat(SubscriptionFrames.subscribeMessageBody(new byte[0])).isEqualTo(bytes(1));
    }

    @Test
    void turnsMessageBodiesIntoCommands() {
        assertThat(SubscriptionFrames.toCommand(bytes(1, "a"))).isEqualTo(new SubscribeCommand(bytes("a")));
        assertThat(SubscriptionFrames.toCommand(bytes(0))).isEqualTo(new CancelCommand(new byte[0]));
    }

    @Test
    void otherMessageBodiesAreNotSubscriptions() {
        assertThat(SubscriptionFrames.toCommand(new byte[0])).isNull();
        assertThat(SubscriptionFrames.toCommand(bytes(2, "a"))).isNull();
        assertThat(SubscriptionFrames.toCommand(bytes("hello"))).isNull();
    }

    @Test
    void turnsCommandsIntoMessageBodies() {
        assertThat(SubscriptionFrames.toMessageBody(new SubscribeCommand(bytes("t")))).isEqualTo(bytes(1, "t"));
        assertThat(SubscriptionFrames.toMessageBody(new CancelCommand(bytes("t")))).isEqualTo(bytes(0, "t"));
        assertThat(SubscriptionFrames.toMessageBody(new PingCommand(0))).isNull();
    }

    @Test
    void conversionsRoundTrip() {
        byte[] body = bytes(1, 0xFF, 0, "x");
        assertThat(SubscriptionFrames.toMessageBody(SubscriptionFrames.toCommand(body))).isEqualTo(body);
    }
}
