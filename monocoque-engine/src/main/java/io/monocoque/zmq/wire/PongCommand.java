package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** The PONG heartbeat reply (ZMTP 3.1), echoing the context of the {@link PingCommand} it answers. */
public final class PongCommand implements Command {

    private final byte[] context;

    /** @param context at most 16 bytes */
    public PongCommand(byte[] context) {
        this(context.clone(), false);
    }

    PongCommand(byte[] context, boolean unused) {
        if (context.length > PingCommand.MAX_CONTEXT_SIZE) {
            throw new IllegalArgumentException("pong context of " + context.length + " bytes exceeds "
                    + PingCommand.MAX_CONTEXT_SIZE);
        }
        this.context = context;
    }

    /** A copy of the echoed context. */
    public byte[] context() {
        return context.clone();
    }

    @Override
    public String name() {
        return PONG;
    }

    @Override
    public int dataSize() {
        return context.length;
    }

    @Override
    public void writeData(ByteBuf out) {
        out.writeBytes(context);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PongCommand && Arrays.equals(context, ((PongCommand) o).context);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(context);
    }

    @Override
    public String toString() {
        return "PONG[context=" + Metadata.printable(context) + "]";
    }
}
