package io.monocoque.zmq.transport;

import io.netty.channel.Channel;

/** What tests may read of a channel's ZMTP connection. */
public final class ConnectionProbe {

    private ConnectionProbe() {
    }

    /** How many batches sending threads wrote to {@code channel} themselves; -1 when it carries no ZMTP connection. */
    public static long directWrites(Channel channel) {
        ZmtpConnection c = channel.pipeline().get(ZmtpConnection.class);
        return c == null ? -1 : c.directWrites();
    }

    /** Whether sending threads may write to {@code channel} themselves. */
    public static boolean offersDirectWrites(Channel channel) {
        return channel instanceof DirectWriteChannel;
    }
}
