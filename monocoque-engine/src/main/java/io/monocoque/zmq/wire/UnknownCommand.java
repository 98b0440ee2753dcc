package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;

/**
 * A command given by raw name and data: the security mechanisms' own commands (HELLO, WELCOME,
 * INITIATE, MESSAGE, CURVE's encrypted READY) and any command this codec does not interpret.
 */
public final class UnknownCommand implements Command {

    private final String name;
    private final byte[] data;

    /**
     * @param name 1 to 255 ASCII letters
     * @throws IllegalArgumentException for an invalid name
     */
    public UnknownCommand(String name, byte[] data) {
        CommandCodec.checkCommandName(name);
        this.name = name;
        this.data = data.clone();
    }

    /** For decoded commands, whose names are kept as received (one char per byte) rather than refused. */
    UnknownCommand(String name, byte[] data, boolean unused) {
        this.name = Objects.requireNonNull(name);
        this.data = data;
    }

    @Override
    public String name() {
        return name;
    }

    /** A copy of the data that follows the name. */
    public byte[] data() {
        return data.clone();
    }

    @Override
    public int dataSize() {
        return data.length;
    }

    @Override
    public void writeData(ByteBuf out) {
        out.writeBytes(data);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof UnknownCommand)) {
            return false;
        }
        UnknownCommand c = (UnknownCommand) o;
        return name.equals(c.name) && Arrays.equals(data, c.data);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return name + "[" + data.length + " bytes]";
    }
}
