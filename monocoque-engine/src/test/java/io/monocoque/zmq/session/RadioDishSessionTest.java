package io.monocoque.zmq.session;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.security.NullMechanism;
import io.monocoque.zmq.wire.Command;
import io.monocoque.zmq.wire.Greeting;
import io.monocoque.zmq.wire.JoinCommand;
import io.monocoque.zmq.wire.LeaveCommand;
import io.monocoque.zmq.wire.Metadata;
import io.monocoque.zmq.wire.ReadyCommand;
import io.monocoque.zmq.wire.ZmtpFrameEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RADIO and DISH sessions byte by byte, against the layout libzmq's radio and dish sessions
 * (radio.cpp, dish.cpp) write: a RADIO's message is a group frame with MORE and a body frame; a
 * DISH joins and leaves with JOIN/LEAVE commands whose data is the bare group, to ZMTP 3.0 peers
 * as to 3.1 ones; what breaks that layout ends the connection.
 */
class RadioDishSessionTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final FakeIo io = new FakeIo();
    private ZmtpSession session;

    @AfterEach
    void release() {
        if (session != null) {
            session.destroy();
        }
        io.release();
    }

    private void active(SocketType type, SocketType peer, int peerMinor) {
        SessionConfig config = new SessionConfig(type, "tcp://127.0.0.1:5555",
                Metadata.builder().put(Metadata.SOCKET_TYPE, type.wireName()).build(), "", false, -1,
                30_000 * MS, 0, 0, 0, null);
        session = new ZmtpSession(config, new NullMechanism(), io, () -> 0L);
        session.start();
        ByteBuf g = Unpooled.buffer();
        new Greeting(3, peerMinor, "NULL", false).encode(g);
        feed(drain(g));
        feed(command(new ReadyCommand(Metadata.builder().put(Metadata.SOCKET_TYPE, peer.wireName()).build())));
        assertThat(session.isActive()).isTrue();
    }

    private static byte[] command(Command c) {
        ByteBuf b = Unpooled.buffer();
        ZmtpFrameEncoder.writeCommand(b, c);
        return drain(b);
    }

    private static byte[] rawCommand(byte[] body) {
        ByteBuf b = Unpooled.buffer();
        ZmtpFrameEncoder.writeFrameHeader(b, false, true, body.length);
        b.writeBytes(body);
        return drain(b);
    }

    private static byte[] frame(boolean more, byte[] body) {
        ByteBuf b = Unpooled.buffer();
        ZmtpFrameEncoder.writeFrame(b, more, body, 0, body.length);
        return drain(b);
    }

    private static byte[] drain(ByteBuf b) {
        byte[] bytes = ByteBufUtil.getBytes(b);
        b.release();
        return bytes;
    }

    private void feed(byte[] bytes) {
        session.received(Unpooled.copiedBuffer(bytes));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private byte[] encoded(ZmqMessage m) {
        ByteBuf out = Unpooled.buffer();
        session.encode(m, n -> out);
        return drain(out);
    }

    private byte[] encoded(byte[] frame) {
        ByteBuf out = Unpooled.buffer();
        session.encode(frame, n -> out);
        return drain(out);
    }

    // ---- RADIO ---------------------------------------------------------------------------------------

    @Test
    void aRadioWritesTheGroupAsAFrameWithMoreBeforeTheBody() {
        active(SocketType.RADIO, SocketType.DISH, 1);
        assertThat(encoded(ZmqMessage.of("Friends").withGroup("TV")))
                .containsExactly(concat(new byte[] {1, 2}, ascii("TV"), new byte[] {0, 7}, ascii("Friends")));
    }

    @Test
    void aRadioWritesAMessageWithoutGroupBehindAnEmptyGroupFrame() {
        active(SocketType.RADIO, SocketType.DISH, 0);
        assertThat(encoded(ZmqMessage.of("x"))).containsExactly(1, 0, 0, 1, 'x');
    }

    @Test
    void aRadioWritesAGroupInUtf8() {
        active(SocketType.RADIO, SocketType.DISH, 1);
        byte[] group = "\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8);
        assertThat(encoded(ZmqMessage.of("b").withGroup("\u00e9t\u00e9")))
                .containsExactly(concat(new byte[] {1, (byte) group.length}, group, new byte[] {0, 1, 'b'}));
    }

    @Test
    void aRadioGetsJoinAndLeaveCommandsAsJoinAndLeaveMessages() {
        active(SocketType.RADIO, SocketType.DISH, 1);
        feed(rawCommand(concat(new byte[] {4}, ascii("JOIN"), ascii("TV"))));
        feed(rawCommand(concat(new byte[] {5}, ascii("LEAVE"), ascii("TV"))));
        feed(rawCommand(concat(new byte[] {4}, ascii("JOIN"))));
        assertThat(io.delivered).hasSize(3);
        assertThat(io.delivered.get(0)[0]).containsExactly(concat(new byte[] {1}, ascii("TV")));
        assertThat(io.delivered.get(1)[0]).containsExactly(concat(new byte[] {0}, ascii("TV")));
        assertThat(io.delivered.get(2)[0]).containsExactly(1);
        assertThat(io.closed).isFalse();
    }

    @Test
    void aRadioClosesTheConnectionOfAPeerJoiningAGroupOver255Bytes() {
        active(SocketType.RADIO, SocketType.DISH, 1);
        feed(rawCommand(concat(new byte[] {4}, ascii("JOIN"), ascii("g".repeat(256)))));
        assertThat(io.closed).isTrue();
        assertThat(io.closeReason).contains("256 bytes");
        assertThat(io.delivered).isEmpty();
    }

    @Test
    void aRadioClosesTheConnectionOfAPeerLeavingAGroupWithAZeroByte() {
        active(SocketType.RADIO, SocketType.DISH, 1);
        feed(rawCommand(concat(new byte[] {5}, ascii("LEAVE"), new byte[] {'a', 0, 'b'})));
        assertThat(io.closed).isTrue();
        assertThat(io.closeReason).contains("zero byte");
    }

    @Test
    void aRadioIgnoresUnknownCommands() {
        active(SocketType.RADIO, SocketType.DISH, 1);
        feed(rawCommand(concat(new byte[] {5}, ascii("JOINX"), ascii("TV"))));
        assertThat(io.delivered).isEmpty();
        assertThat(io.closed).isFalse();
    }

    @Test
    void aPublisherIgnoresJoinCommands() {
        active(SocketType.PUB, SocketType.SUB, 1);
        feed(command(new JoinCommand(ascii("TV"))));
        assertThat(io.delivered).isEmpty();
        assertThat(io.closed).isFalse();
    }

    // ---- DISH ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aDishSendsJoinAndLeaveAsCommandsWithTheBareGroup(int peerMinor) {
        active(SocketType.DISH, SocketType.RADIO, peerMinor);
        assertThat(encoded(ZmqMessage.wrap(concat(new byte[] {1}, ascii("TV")))))
                .containsExactly(concat(new byte[] {4, 7, 4}, ascii("JOIN"), ascii("TV")));
        assertThat(encoded(concat(new byte[] {0}, ascii("Movies"))))
                .containsExactly(concat(new byte[] {4, 12, 5}, ascii("LEAVE"), ascii("Movies")));
        assertThat(command(new JoinCommand(ascii("TV")))).containsExactly(concat(new byte[] {4, 7, 4}, ascii("JOIN"), ascii("TV")));
        assertThat(command(new LeaveCommand(new byte[0]))).containsExactly(concat(new byte[] {4, 6, 5}, ascii("LEAVE")));
    }

    @Test
    void aDishReceivesAGroupFrameAndABodyAsOneMessageInTheGroup() {
        active(SocketType.DISH, SocketType.RADIO, 1);
        feed(concat(frame(true, ascii("TV")), frame(false, ascii("Friends")), frame(true, new byte[0]), frame(false, ascii("x"))));
        assertThat(io.groups).containsExactly("TV", "");
        assertThat(io.delivered).hasSize(2);
        assertThat(io.delivered.get(0).length).isEqualTo(1);
        assertThat(io.delivered.get(0)[0]).containsExactly(ascii("Friends"));
        assertThat(io.closed).isFalse();
    }

    @Test
    void aDishReceivesAGroupOf255Bytes() {
        active(SocketType.DISH, SocketType.RADIO, 1);
        feed(concat(frame(true, ascii("g".repeat(255))), frame(false, ascii("b"))));
        assertThat(io.groups).containsExactly("g".repeat(255));
    }

    @Test
    void aDishClosesTheConnectionOfARadioSendingALoneFrame() {
        active(SocketType.DISH, SocketType.RADIO, 1);
        feed(frame(false, ascii("no group")));
        assertThat(io.closed).isTrue();
        assertThat(io.closeReason).contains("one frame");
        assertThat(io.delivered).isEmpty();
    }

    @Test
    void aDishClosesTheConnectionOfARadioSendingThreeFrames() {
        active(SocketType.DISH, SocketType.RADIO, 1);
        feed(concat(frame(true, ascii("TV")), frame(true, ascii("a")), frame(false, ascii("b"))));
        assertThat(io.closed).isTrue();
        assertThat(io.closeReason).contains("3 frames");
    }

    @Test
    void aDishClosesTheConnectionOfARadioSendingAGroupOver255Bytes() {
        active(SocketType.DISH, SocketType.RADIO, 1);
        feed(concat(frame(true, ascii("g".repeat(256))), frame(false, ascii("b"))));
        assertThat(io.closed).isTrue();
        assertThat(io.closeReason).contains("256 bytes");
        assertThat(io.groups).isEmpty();
    }
}
