package io.monocoque.zmq.pipe;

import io.monocoque.zmq.ZmqMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MsgTest {

    @Test
    void eachFormReportsItsFormAndEmptiness() {
        Msg m = new Msg();
        assertThat(m.isEmpty()).isTrue();
        assertThat(m.isEmptyFrame()).isFalse();

        m.setArray(new byte[3]);
        assertThat(m.form()).isEqualTo(Msg.ARRAY);
        assertThat(m.isEmptyFrame()).isFalse();
        assertThat(m.setArray(new byte[0]).isEmptyFrame()).isTrue();

        ByteBuf b = Unpooled.buffer(8).writeZero(5);
        m.setPooled(b);
        assertThat(m.form()).isEqualTo(Msg.POOLED);
        assertThat(m.array()).as("the previous form's frame is gone").isNull();
        m.release();
        assertThat(b.refCnt()).isZero();

        m.setMessage(ZmqMessage.of("ab", "cde"));
        assertThat(m.form()).isEqualTo(Msg.MESSAGE);
        assertThat(m.isEmptyFrame()).isFalse();
        assertThat(m.setMessage(ZmqMessage.wrap(new byte[0])).isEmptyFrame()).isTrue();
    }

    @Test
    void takeMessageHandsOutAMessageOfItsOwnAndLeavesNothingBehind() {
        Msg m = new Msg();
        byte[] frame = {1, 2};
        ZmqMessage fromArray = m.setArray(frame).takeMessage();
        assertThat(fromArray.frame(0)).containsExactly(1, 2);
        assertThat(m.isEmpty()).isTrue();

        ByteBuf b = Unpooled.buffer(2).writeByte(7).writeByte(8);
        ZmqMessage fromPooled = m.setPooled(b).takeMessage();
        assertThat(fromPooled.frame(0)).containsExactly(7, 8);
        assertThat(b.refCnt()).as("the buffer's bytes were copied out").isZero();

        ZmqMessage message = ZmqMessage.of("x");
        assertThat(m.setMessage(message).takeMessage()).isSameAs(message);
        assertThat(m.takeMessage()).as("nothing held").isNull();
    }

    @Test
    void clearDropsTheReferenceWithoutReleasing() {
        ByteBuf b = Unpooled.buffer(1).writeByte(1);
        Msg m = new Msg().setPooled(b);
        m.clear();
        assertThat(m.isEmpty()).isTrue();
        assertThat(m.pooled()).isNull();
        assertThat(b.refCnt()).as("handed on, not dropped").isEqualTo(1);
        b.release();
    }
}
