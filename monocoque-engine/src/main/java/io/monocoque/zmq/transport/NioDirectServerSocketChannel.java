package io.monocoque.zmq.transport;

import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.List;

/** A NIO tcp listener whose accepted connections are {@link NioDirectSocketChannel}s. */
public final class NioDirectServerSocketChannel extends NioServerSocketChannel {

    private static final System.Logger LOG = System.getLogger(NioDirectServerSocketChannel.class.getName());

    /** A listener (made by the bootstrap's reflective factory). */
    public NioDirectServerSocketChannel() {
    }

    /** A listener of one address family. */
    public NioDirectServerSocketChannel(SocketProtocolFamily family) {
        super(SelectorProvider.provider(), family);
    }

    @Override
    protected int doReadMessages(List<Object> accepted) throws Exception {
        SocketChannel ch = javaChannel().accept();
        if (ch == null) {
            return 0;
        }
        try {
            accepted.add(new NioDirectSocketChannel(this, ch));
            return 1;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not take an accepted connection", e);
            ch.close();
            return 0;
        }
    }
}
