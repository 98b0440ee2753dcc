package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/** Parsing shared by the {@link Command} static methods. */
final class CommandCodec {

    private static final byte[] READY = ascii(Command.READY);
    private static final byte[] ERROR = ascii(Command.ERROR);
    private static final byte[] SUBSCRIBE = ascii(Command.SUBSCRIBE);
    private static final byte[] CANCEL = ascii(Command.CANCEL);
    private static final byte[] PING = ascii(Command.PING);
    private static final byte[] PONG = ascii(Command.PONG);
    private static final byte[] JOIN = ascii(Command.JOIN);
    private static final byte[] LEAVE = ascii(Command.LEAVE);

    private CommandCodec() {
    }

    static Command decode(ByteBuf body) {
        int start = body.readerIndex();
        int end = body.writerIndex();
        int nameLength = checkedNameLength(body);
        int nameStart = start + 1;
        int dataStart = nameStart + nameLength;
        int dataSize = end - dataStart;
        // Comparing bytes against the known names avoids building a String for every PING or
        // SUBSCRIBE on a busy connection.
        if (nameIs(body, nameStart, nameLength, READY)) {
            return new ReadyCommand(Metadata.decode(body, dataStart, end));
        }
        if (nameIs(body, nameStart, nameLength, SUBSCRIBE)) {
            return new SubscribeCommand(ByteBufUtil.getBytes(body, dataStart, dataSize), false);
        }
        if (nameIs(body, nameStart, nameLength, CANCEL)) {
            return new CancelCommand(ByteBufUtil.getBytes(body, dataStart, dataSize), false);
        }
        if (nameIs(body, nameStart, nameLength, PING)) {
            if (dataSize < 2) {
                throw new ZmtpProtocolException("PING command has " + dataSize
                        + " data bytes; it needs at least 2 for the TTL");
            }
            int contextSize = dataSize - 2;
            if (contextSize > PingCommand.MAX_CONTEXT_SIZE) {
                throw new ZmtpProtocolException("PING context of " + contextSize + " bytes exceeds the ZMTP maximum of "
                        + PingCommand.MAX_CONTEXT_SIZE);
            }
            return new PingCommand(body.getUnsignedShort(dataStart), ByteBufUtil.getBytes(body, dataStart + 2, contextSize), false);
        }
        if (nameIs(body, nameStart, nameLength, PONG)) {
            if (dataSize > PingCommand.MAX_CONTEXT_SIZE) {
                throw new ZmtpProtocolException("PONG context of " + dataSize + " bytes exceeds the ZMTP maximum of "
                        + PingCommand.MAX_CONTEXT_SIZE);
            }
            return new PongCommand(ByteBufUtil.getBytes(body, dataStart, dataSize), false);
        }
        if (nameIs(body, nameStart, nameLength, JOIN)) {
            return new JoinCommand(GroupCommand.checkGroup(ByteBufUtil.getBytes(body, dataStart, dataSize), Command.JOIN), false);
        }
        if (nameIs(body, nameStart, nameLength, LEAVE)) {
            return new LeaveCommand(GroupCommand.checkGroup(ByteBufUtil.getBytes(body, dataStart, dataSize), Command.LEAVE), false);
        }
        if (nameIs(body, nameStart, nameLength, ERROR)) {
            if (dataSize < 1) {
                throw new ZmtpProtocolException("ERROR command has no data; it needs a reason length octet");
            }
            int reasonLength = body.getUnsignedByte(dataStart);
            if (reasonLength > dataSize - 1) {
                throw new ZmtpProtocolException("ERROR command announces a reason of " + reasonLength
                        + " bytes but carries only " + (dataSize - 1));
            }
            // Trailing bytes after the reason are tolerated, as libzmq does.
            return new ErrorCommand(body.toString(dataStart + 1, reasonLength, StandardCharsets.UTF_8));
        }
        return decodeRaw(body, nameStart, nameLength, dataStart, end);
    }

    static UnknownCommand decodeRaw(ByteBuf body) {
        int nameLength = checkedNameLength(body);
        int nameStart = body.readerIndex() + 1;
        return decodeRaw(body, nameStart, nameLength, nameStart + nameLength, body.writerIndex());
    }

    private static UnknownCommand decodeRaw(ByteBuf body, int nameStart, int nameLength, int dataStart, int end) {
        String name = body.toString(nameStart, nameLength, StandardCharsets.ISO_8859_1);
        return new UnknownCommand(name, ByteBufUtil.getBytes(body, dataStart, end - dataStart), false);
    }

    static String commandName(ByteBuf body) {
        int nameLength = checkedNameLength(body);
        return body.toString(body.readerIndex() + 1, nameLength, StandardCharsets.ISO_8859_1);
    }

    private static int checkedNameLength(ByteBuf body) {
        int available = body.readableBytes();
        if (available == 0) {
            throw new ZmtpProtocolException("command frame is empty; it needs at least a name length octet and a name");
        }
        int nameLength = body.getUnsignedByte(body.readerIndex());
        if (nameLength == 0) {
            throw new ZmtpProtocolException("command has an empty name; names must be 1 to 255 characters");
        }
        if (nameLength > available - 1) {
            throw new ZmtpProtocolException("command announces a name of " + nameLength + " bytes but the frame has only "
                    + (available - 1) + " bytes after the length octet");
        }
        return nameLength;
    }

    private static boolean nameIs(ByteBuf body, int nameStart, int nameLength, byte[] expected) {
        if (nameLength != expected.length) {
            return false;
        }
        for (int i = 0; i < nameLength; i++) {
            if (body.getByte(nameStart + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    static void checkCommandName(String name) {
        if (name == null || name.isEmpty() || name.length() > 255) {
            throw new IllegalArgumentException("command name '" + name + "' must be 1 to 255 characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                throw new IllegalArgumentException("command name '" + name + "' has invalid character '" + c
                        + "'; ZMTP command names are letters only");
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
