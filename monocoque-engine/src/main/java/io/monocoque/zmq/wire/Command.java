package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * A ZMTP command: the body of a command frame, made of a 1-byte name length, the name (1..255
 * characters) and command-specific data.
 *
 * <p>{@link #decode} turns the commands ZMTP 3.1 defines for the NULL mechanism and traffic
 * (READY, ERROR, SUBSCRIBE, CANCEL, PING, PONG, and RADIO/DISH's JOIN and LEAVE) into their own types and everything else, such as
 * the CURVE and PLAIN handshake commands, into {@link UnknownCommand}; {@link #decodeRaw} gives
 * the raw name and data of any command for mechanisms that parse their own READY.
 */
public sealed interface Command
        permits ReadyCommand, ErrorCommand, SubscribeCommand, CancelCommand, PingCommand, PongCommand, GroupCommand,
        UnknownCommand {

    String READY = "READY";
    String ERROR = "ERROR";
    String SUBSCRIBE = "SUBSCRIBE";
    String CANCEL = "CANCEL";
    String PING = "PING";
    String PONG = "PONG";
    String JOIN = "JOIN";
    String LEAVE = "LEAVE";

    /** The command name as sent on the wire, e.g. {@code "READY"}. */
    String name();

    /** The number of data bytes after the name. */
    int dataSize();

    /** Writes the data bytes that follow the name. */
    void writeData(ByteBuf out);

    /** The size of the command frame body: name length octet, name and data. */
    default int bodySize() {
        return 1 + name().length() + dataSize();
    }

    /** Writes the command frame body (not the frame header; see {@link ZmtpFrameEncoder#writeCommand}). */
    default void writeBody(ByteBuf out) {
        String name = name();
        out.writeByte(name.length());
        out.writeCharSequence(name, StandardCharsets.ISO_8859_1);
        writeData(out);
    }

    /**
     * Decodes a command frame body occupying all readable bytes of {@code commandFrameBody},
     * leaving its indices untouched.
     *
     * @throws ZmtpProtocolException for a malformed name or malformed data of a known command
     */
    static Command decode(ByteBuf commandFrameBody) {
        return CommandCodec.decode(commandFrameBody);
    }

    /**
     * The name and data of any command frame body, without interpreting the data, for security
     * mechanisms whose commands (including their READY) are not in the NULL mechanism's format.
     *
     * @throws ZmtpProtocolException for a malformed name
     */
    static UnknownCommand decodeRaw(ByteBuf commandFrameBody) {
        return CommandCodec.decodeRaw(commandFrameBody);
    }

    /**
     * The name of the command in a command frame body, leaving its indices untouched.
     *
     * @throws ZmtpProtocolException for an empty name or a name longer than the body
     */
    static String commandName(ByteBuf body) {
        return CommandCodec.commandName(body);
    }
}
