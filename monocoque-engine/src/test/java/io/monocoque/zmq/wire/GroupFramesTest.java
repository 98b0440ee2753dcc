package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static io.monocoque.zmq.wire.WireTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupFramesTest {

    private static Command decode(byte[] body) {
        ByteBuf b = Unpooled.wrappedBuffer(body);
        try {
            return Command.decode(b);
        } finally {
            b.release();
        }
    }

    @Test
    void decodesJoinAndLeaveWithTheBareGroupAsData() {
        assertThat(decode(bytes(4, "JOIN", "TV"))).isEqualTo(new JoinCommand(bytes("TV")));
        assertThat(decode(bytes(5, "LEAVE", "TV"))).isEqualTo(new LeaveCommand(bytes("TV")));
        assertThat(decode(bytes(4, "JOIN"))).isEqualTo(new JoinCommand(new byte[0]));
        assertThat(((GroupCommand) decode(bytes(4, "JOIN", "g".repeat(255)))).group()).isEqualTo("g".repeat(255));
    }

    @Test
    void joinAndLeaveAreDifferentCommandsForTheSameGroup() {
        assertThat(new JoinCommand(bytes("a"))).isNotEqualTo(new LeaveCommand(bytes("a")));
    }

    @Test
    void refusesAGroupOver255BytesOrWithAZeroByte() {
        assertThatThrownBy(() -> decode(bytes(4, "JOIN", "g".repeat(256)))).isInstanceOf(ZmtpProtocolException.class);
        assertThatThrownBy(() -> decode(bytes(5, "LEAVE", "a", 0, "b"))).isInstanceOf(ZmtpProtocolException.class);
        assertThatThrownBy(() -> new JoinCommand(new byte[256])).isInstanceOf(ZmtpProtocolException.class);
        assertThatThrownBy(() -> GroupFrames.toCommand(bytes(1, "g".repeat(256)))).isInstanceOf(ZmtpProtocolException.class);
    }

    @Test
    void turnsJoinAndLeaveMessagesIntoCommandsAndBack() {
        assertThat(GroupFrames.toCommand(GroupFrames.joinMessageBody(bytes("TV")))).isEqualTo(new JoinCommand(bytes("TV")));
        assertThat(GroupFrames.toCommand(GroupFrames.leaveMessageBody(bytes("TV")))).isEqualTo(new LeaveCommand(bytes("TV")));
        assertThat(GroupFrames.toMessageBody(new JoinCommand(bytes("x")))).isEqualTo(bytes(1, "x"));
        assertThat(GroupFrames.toMessageBody(new LeaveCommand(bytes("x")))).isEqualTo(bytes(0, "x"));
        assertThat(GroupFrames.toCommand(new byte[0])).isNull();
        assertThat(GroupFrames.toCommand(bytes(2, "x"))).isNull();
    }
}
