package io.monocoque.zmq.wire;

import static io.monocoque.zmq.wire.WireTestSupport.bytes;
import static io.monocoque.zmq.wire.WireTestSupport.filled;
import static io.monocoque.zmq.wire.WireTestSupport.readAll;
import static io.monocoque.zmq.wire.WireTestSupport.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class CommandTest {

    private static byte[] frame(Command cmd) {
        ByteBuf out = Unpooled.buffer();
        try {
            ZmtpFrameEncoder.writeCommand(out, cmd);
            byte[] wire = readAll(out);
            assertThat(wire).hasSize(ZmtpFrameEncoder.encodedSize(cmd));
            return wire;
        } finally {
            out.release();
        }
    }

    private static Command decodeBody(byte[] body) {
        ByteBuf in = Unpooled.wrappedBuffer(body);
        try {
            Command cmd = Command.decode(in);
            assertThat(in.readerIndex()).as("indices untouched").isZero();
            return cmd;
        } finally {
            in.release();
        }
    }

    /** Encodes as a frame, then runs the frame decoder and the command decoder on the result. */
    private static Command roundTrip(Command cmd) {
        ByteBuf in = Unpooled.wrappedBuffer(frame(cmd));
        try {
            Command[] decoded = new Command[1];
            new ZmtpFrameDecoder(-1).decode(in, (more, command, content) -> {
                assertThat(command).isTrue();
                assertThat(more).isFalse();
                decoded[0] = Command.decode(content);
                return true;
            });
            return decoded[0];
        } finally {
            in.release();
        }
    }

    static Stream<Command> everyCommand() {
        return Stream.of(
                new ReadyCommand(Metadata.builder().socketType(SocketType.ROUTER).build()),
                new ReadyCommand(Metadata.EMPTY),
                new ReadyCommand(Metadata.builder().socketType(SocketType.DEALER).put("X-Big", filled(400, 'v')).build()),
                new ErrorCommand("Invalid socket type"),
                new ErrorCommand(""),
                new SubscribeCommand(bytes("weather.")),
                new SubscribeCommand(new byte[0]),
                new CancelCommand(bytes(0, 1, 2, 0xFF)),
                new PingCommand(0),
                new PingCommand(65535, filled(16, 0xAB)),
                new PongCommand(bytes("ctx")),
                new PongCommand(new byte[0]),
                new UnknownCommand("HELLO", filled(200, 1)),
                new UnknownCommand("INITIATE", filled(500, 2)),
                new UnknownCommand("SCRAM", bytes("group")),
                new JoinCommand(bytes("group")),
                new JoinCommand(new byte[0]),
                new LeaveCommand(bytes("TV")));
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void everyCommandSurvivesEncodeAndDecode(Command cmd) {
        assertThat(roundTrip(cmd)).isEqualTo(cmd).hasSameClassAs(cmd);
    }

    @Test
    void readyMatchesSpecWorkedExampleBytes() {
        // ZMTP 3.1 worked example: DEALER client READY with Socket-Type and an empty Identity.
        byte[] expected = bytes(0x04, 41, 5, "READY",
                11, "Socket-Type", 0, 0, 0, 6, "DEALER",
                8, "Identity", 0, 0, 0, 0);
        ReadyCommand ready = new ReadyCommand(
                Metadata.builder().socketType(SocketType.DEALER).identity(new byte[0]).build());
        assertThat(frame(ready)).isEqualTo(expected);
    }

    @Test
    void readyWithIdentityMatchesHandAssembledBytes() {
        byte[] expected = bytes(0x04, 45, 5, "READY",
                11, "Socket-Type", 0, 0, 0, 6, "DEALER",
                8, "Identity", 0, 0, 0, 4, "id-1");
        ReadyCommand ready = new ReadyCommand(Metadata.of(Metadata.SOCKET_TYPE, "DEALER", Metadata.IDENTITY, "id-1"));
        assertThat(frame(ready)).isEqualTo(expected);
        ReadyCommand decoded = (ReadyCommand) decodeBody(bytes(5, "READY", 11, "socket-TYPE", 0, 0, 0, 6, "DEALER",
                8, "Identity", 0, 0, 0, 4, "id-1"));
        assertThat(decoded.properties().getString(Metadata.SOCKET_TYPE)).isEqualTo("DEALER");
        assertThat(decoded.properties().get("identity")).isEqualTo(bytes("id-1"));
    }

    @Test
    void routerReadyMatchesSpecWorkedExampleBytes() {
        byte[] expected = bytes(0x04, 28, 5, "READY", 11, "Socket-Type", 0, 0, 0, 6, "ROUTER");
        assertThat(frame(new ReadyCommand(Metadata.builder().socketType(SocketType.ROUTER).build()))).isEqualTo(expected);
    }

    @Test
    void encodesPingPongSubscribeCancelErrorExactly() {
        assertThat(frame(new PingCommand(0x0102, bytes("ab")))).isEqualTo(bytes(0x04, 9, 4, "PING", 0x01, 0x02, "ab"));
        assertThat(frame(new PongCommand(bytes("ab")))).isEqualTo(bytes(0x04, 7, 4, "PONG", "ab"));
        assertThat(frame(new SubscribeCommand(bytes("A")))).isEqualTo(bytes(0x04, 11, 9, "SUBSCRIBE", "A"));
        assertThat(frame(new CancelCommand(new byte[0]))).isEqualTo(bytes(0x04, 7, 6, "CANCEL"));
        assertThat(frame(new ErrorCommand("no"))).isEqualTo(bytes(0x04, 9, 5, "ERROR", 2, "no"));
    }

    @Test
    void errorReasonIsTruncatedTo255BytesOnCharacterBoundary() {
        String longAscii = "x".repeat(300);
        ErrorCommand decoded = (ErrorCommand) roundTrip(new ErrorCommand(longAscii));
        assertThat(decoded.reason()).isEqualTo("x".repeat(255));

        // 127 two-byte characters are 254 bytes; the 128th would straddle the limit and is dropped whole.
        String twoByte = "é".repeat(200);
        ErrorCommand decodedUtf8 = (ErrorCommand) roundTrip(new ErrorCommand(twoByte));
        assertThat(decodedUtf8.reason()).isEqualTo("é".repeat(127));
    }

    @Test
    void pingPongsBackItsContext() {
        PingCommand ping = new PingCommand(100, bytes("ctx"));
        assertThat(ping.pong()).isEqualTo(new PongCommand(bytes("ctx")));
        assertThat(ping.ttlDeciseconds()).isEqualTo(100);
    }

    @Test
    void readsCommandNameWithoutConsuming() {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(7, "WELCOME", filled(10, 1)));
        try {
            assertThat(Command.commandName(in)).isEqualTo("WELCOME");
            assertThat(in.readerIndex()).isZero();
        } finally {
            in.release();
        }
    }

    @Test
    void mechanismCommandsDecodeAsUnknownWithRawData() {
        Command cmd = decodeBody(bytes(5, "HELLO", 1, 2, 3));
        assertThat(cmd).isInstanceOfSatisfying(UnknownCommand.class, u -> {
            assertThat(u.name()).isEqualTo("HELLO");
            assertThat(u.data()).isEqualTo(bytes(1, 2, 3));
        });
    }

    @Test
    void decodeRawKeepsReadyDataUninterpreted() {
        // CURVE's READY carries a box, not a property list, so the mechanism needs the raw bytes.
        ByteBuf in = Unpooled.wrappedBuffer(bytes(5, "READY", filled(40, 0xEE)));
        try {
            UnknownCommand raw = Command.decodeRaw(in);
            assertThat(raw.name()).isEqualTo("READY");
            assertThat(raw.data()).isEqualTo(filled(40, 0xEE));
            assertThatThrownBy(() -> Command.decode(in)).isInstanceOf(ZmtpProtocolException.class);
        } finally {
            in.release();
        }
    }

    @Test
    void knownNamesAreCaseSensitive() {
        assertThat(decodeBody(bytes(4, "ping"))).isInstanceOf(UnknownCommand.class);
    }

    private static void assertMalformed(byte[] body, String message) {
        ByteBuf in = Unpooled.wrappedBuffer(body);
        try {
            assertThatThrownBy(() -> Command.decode(in))
                    .isInstanceOfSatisfying(ZmtpProtocolException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EPROTO))
                    .hasMessageContaining(message);
        } finally {
            in.release();
        }
    }

    @Test
    void refusesEmptyCommandFrame() {
        assertMalformed(new byte[0], "command frame is empty");
    }

    @Test
    void refusesEmptyCommandName() {
        assertMalformed(bytes(0, "READY"), "empty name");
    }

    @Test
    void refusesNameLongerThanFrame() {
        assertMalformed(bytes(9, "SUBSCR"), "name of 9 bytes but the frame has only 6");
        ByteBuf in = Unpooled.wrappedBuffer(bytes(9, "SUBSCR"));
        try {
            assertThatThrownBy(() -> Command.commandName(in)).isInstanceOf(ZmtpProtocolException.class);
        } finally {
            in.release();
        }
    }

    @Test
    void refusesPingWithoutTtl() {
        assertMalformed(bytes(4, "PING"), "PING command has 0 data bytes");
        assertMalformed(bytes(4, "PING", 1), "PING command has 1 data bytes");
    }

    @Test
    void refusesPingContextOver16Bytes() {
        assertMalformed(bytes(4, "PING", 0, 1, filled(17, 1)), "PING context of 17 bytes exceeds");
        assertThatThrownBy(() -> new PingCommand(1, filled(17, 1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesPongContextOver16Bytes() {
        assertMalformed(bytes(4, "PONG", filled(17, 1)), "PONG context of 17 bytes");
    }

    @Test
    void refusesErrorReasonBeyondData() {
        assertMalformed(bytes(5, "ERROR"), "no data");
        assertMalformed(bytes(5, "ERROR", 10, "short"), "reason of 10 bytes but carries only 5");
    }

    @Test
    void refusesTruncatedReadyProperties() {
        assertMalformed(bytes(5, "READY", 11, "Socket-Type", 0, 0, 0, 6, "DEAL"), "value of 6 bytes but only 4");
        assertMalformed(bytes(5, "READY", 11, "Socket-Type", 0, 0), "truncated");
        assertMalformed(bytes(5, "READY", 20, "Socket-Type"), "name of 20 bytes");
    }

    @Test
    void validatesConstructorArguments() {
        assertThatThrownBy(() -> new PingCommand(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PingCommand(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UnknownCommand("", zeros(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UnknownCommand("BAD NAME", zeros(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UnknownCommand("A".repeat(256), zeros(1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new UnknownCommand("A".repeat(255), zeros(0)).bodySize()).isEqualTo(256);
    }

    @Test
    void accessorsReturnCopies() {
        byte[] topic = bytes("t");
        SubscribeCommand sub = new SubscribeCommand(topic);
        topic[0] = 'x';
        sub.topic()[0] = 'y';
        assertThat(sub.topic()).isEqualTo("t".getBytes(StandardCharsets.US_ASCII));
    }
}
