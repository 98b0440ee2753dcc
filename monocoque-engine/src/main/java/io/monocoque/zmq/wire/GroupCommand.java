package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What JOIN and LEAVE share (ZMTP 3.1, spec 37; groups as RFC 48 defines them): the data is the
 * group itself, 0 to 255 bytes of 1..255 each (no length octet: the command frame's size bounds
 * it), as libzmq's dish and radio sessions write and read it.
 */
public abstract sealed class GroupCommand implements Command permits JoinCommand, LeaveCommand {

    /** The longest group, in bytes (RFC 48). */
    public static final int MAX_GROUP_LENGTH = 255;

    private final byte[] group;

    GroupCommand(byte[] group) {
        this.group = group;
    }

    /**
     * Checks a group as RFC 48 defines it.
     *
     * @throws ZmtpProtocolException when it is longer than {@link #MAX_GROUP_LENGTH} bytes or
     *     holds a zero byte
     */
    public static byte[] checkGroup(byte[] group, String what) {
        if (group.length > MAX_GROUP_LENGTH) {
            throw new ZmtpProtocolException(what + " carries a group of " + group.length
                    + " bytes; RFC 48 allows at most " + MAX_GROUP_LENGTH);
        }
        for (byte b : group) {
            if (b == 0) {
                throw new ZmtpProtocolException(what + " carries a group with a zero byte; RFC 48 group characters are 1 to 255");
            }
        }
        return group;
    }

    /** The group as text (UTF-8, as {@code ZmqMessage.group()} carries it). */
    public String group() {
        return new String(group, StandardCharsets.UTF_8);
    }

    /** A copy of the group's bytes. */
    public byte[] groupBytes() {
        return group.clone();
    }

    /** The group without copying, for this package. */
    byte[] rawGroup() {
        return group;
    }

    @Override
    public int dataSize() {
        return group.length;
    }

    @Override
    public void writeData(ByteBuf out) {
        out.writeBytes(group);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(group, ((GroupCommand) o).group);
    }

    @Override
    public int hashCode() {
        return 31 * getClass().hashCode() + Arrays.hashCode(group);
    }

    @Override
    public String toString() {
        return name() + "[" + Metadata.printable(group) + "]";
    }
}
