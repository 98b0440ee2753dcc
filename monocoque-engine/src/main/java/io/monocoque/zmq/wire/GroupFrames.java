package io.monocoque.zmq.wire;

/**
 * Conversions between the JOIN/LEAVE commands of the wire and the single-frame messages a DISH
 * puts in its pipes (as a SUB's subscriptions travel): {@code 0x01} + group to join,
 * {@code 0x00} + group to leave. Over {@code inproc://} the RADIO reads these messages as they
 * are; over a connection the session turns them into commands and back.
 */
public final class GroupFrames {

    /** First byte of a join message. */
    public static final byte JOIN = 0x01;
    /** First byte of a leave message. */
    public static final byte LEAVE = 0x00;

    private GroupFrames() {
    }

    /** The message body {@code 0x01 + group}. */
    public static byte[] joinMessageBody(byte[] group) {
        return body(JOIN, group);
    }

    /** The message body {@code 0x00 + group}. */
    public static byte[] leaveMessageBody(byte[] group) {
        return body(LEAVE, group);
    }

    /**
     * The JOIN or LEAVE equivalent of a join or leave message body; {@code null} for an empty
     * body or another first byte.
     *
     * @throws ZmtpProtocolException for a group RFC 48 does not allow
     */
    public static GroupCommand toCommand(byte[] frame) {
        if (frame.length == 0 || (frame[0] != JOIN && frame[0] != LEAVE)) {
            return null;
        }
        byte[] group = new byte[frame.length - 1];
        System.arraycopy(frame, 1, group, 0, group.length);
        return frame[0] == JOIN
                ? new JoinCommand(GroupCommand.checkGroup(group, Command.JOIN), false)
                : new LeaveCommand(GroupCommand.checkGroup(group, Command.LEAVE), false);
    }

    /** The message body equivalent of a JOIN or LEAVE command. */
    public static byte[] toMessageBody(GroupCommand command) {
        return body(command instanceof JoinCommand ? JOIN : LEAVE, command.rawGroup());
    }

    private static byte[] body(byte kind, byte[] group) {
        byte[] body = new byte[group.length + 1];
        body[0] = kind;
        System.arraycopy(group, 0, body, 1, group.length);
        return body;
    }
}
