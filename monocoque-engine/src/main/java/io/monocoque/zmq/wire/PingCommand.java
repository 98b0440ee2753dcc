package io.monocoque.zmq.wire;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The PING heartbeat command (ZMTP 3.1): a TTL hint in tenths of a second and up to 16 bytes of
 * context that the peer echoes back in a {@link PongCommand}.
 */
public final class PingCommand implements Command {

    /** The largest ping context ZMTP allows, in bytes. */
    public static final int MAX_CONTEXT_SIZE = 16;

    /** The largest TTL the 16-bit field can carry, in deciseconds. */
    public static final int MAX_TTL_DECISECONDS = 0xFFFF;

    private final int ttlDeciseconds;
    private final byte[] context;

    /**
     * @param ttlDeciseconds 0 (no hint) to 65535
     * @param context at most 16 bytes
     */
    public PingCommand(int ttlDeciseconds, byte[] context) {
        this(ttlDeciseconds, context.clone(), false);
    }

    /** A ping with an empty context. */
    public PingCommand(int ttlDeciseconds) {
        this(ttlDeciseconds, new byte[0], false);
    }

    PingCommand(int ttlDeciseconds, byte[] context, boolean unused) {
        if (ttlDeciseconds < 0 || ttlDeciseconds > MAX_TTL_DECISECONDS) {
            throw new IllegalArgumentException("ping TTL " + ttlDeciseconds + " is outside 0.." + MAX_TTL_DECISECONDS + " deciseconds");
        }
        if (context.length > MAX_CONTEXT_SIZE) {
            throw new IllegalArgumentException("ping context of " + context.length + " bytes exceeds " + MAX_CONTEXT_SIZE);
        }
        this.ttlDeciseconds = ttlDeciseconds;
        this.context = context;
    }

    /** The TTL hint in tenths of a second; 0 means none. */
    public int ttlDeciseconds() {
        return ttlDeciseconds;
    }

    /** A copy of the context. */
    public byte[] context() {
        return context.clone();
    }

    /** The PONG that answers this ping, echoing its context. */
    public PongCommand pong() {
        return new PongCommand(context, false);
    }

    @Override
    public String name() {
        return PING;
    }

    @Override
    public int dataSize() {
        return 2 + context.length;
    }

    @Override
    public void writeData(ByteBuf out) {
        out.writeShort(ttlDeciseconds);
        out.writeBytes(context);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PingCommand)) {
            return false;
        }
        PingCommand p = (PingCommand) o;
        return ttlDeciseconds == p.ttlDeciseconds && Arrays.equals(context, p.context);
    }

    @Override
    public int hashCode() {
        return 31 * ttlDeciseconds + Arrays.hashCode(context);
    }

    @Override
    public String toString() {
        return "PING[ttl=" + ttlDeciseconds + "ds, context=" + Metadata.printable(context) + "]";
    }
}
