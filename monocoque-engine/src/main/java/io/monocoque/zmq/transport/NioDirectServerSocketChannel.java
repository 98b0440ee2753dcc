package io.monocoque.zmq.transport;

import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.Promise;

import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A NIO tcp listener whose accepted connections are {@link NioDirectSocketChannel}s, and that
 * tells when its port is free again ({@link #released()}).
 */
public final class NioDirectServerSocketChannel extends NioServerSocketChannel {

    private static final System.Logger LOG = System.getLogger(NioDirectServerSocketChannel.class.getName());

    /** A listener (made by the bootstrap's reflective factory). */
    public NioDirectServerSocketChannel() {
    }

    /** A listener of one address family. */
    public NioDirectServerSocketChannel(SocketProtocolFamily family) {
        super(SelectorProvider.provider(), family);
    }

    /**
     * Completes once this closed listener's descriptor is closed too, so that its address can be
     * bound again. The JDK does not close a channel registered with a selector when it is closed:
     * it cancels the key, and the descriptor is closed when that selector next selects and
     * deregisters the key. Netty's event loop selects only after the tasks queued behind the
     * close have run, so the close future completes while the socket still listens, and a bind
     * of the same port queued to the same loop meanwhile fails with EADDRINUSE. The future
     * completes on this channel's event loop at the first turn after a select that found the
     * JDK channel deregistered (it waits for the channel's close first), or when the loop has
     * stopped.
     */
    Future<Void> released() {
        Release release = new Release();
        closeFuture().addListener(closed -> release.check());
        return release.done;
    }

    /** Waits, on the channel's event loop, until the JDK channel is deregistered, or until the loop has stopped. */
    private final class Release implements GenericFutureListener<Future<Object>> {

        final Promise<Void> done = eventLoop().newPromise();

        Release() {
            // A loop that stops drops its scheduled tasks; closing its selector closed the descriptor.
            eventLoop().terminationFuture().addListener(this);
        }

        @Override
        public void operationComplete(Future<Object> stopped) {
            done.trySuccess(null);
        }

        void check() {
            // Deregistration and the descriptor's close happen together, on this loop, in its select.
            if (!javaChannel().isRegistered()) {
                eventLoop().terminationFuture().removeListener(this);
                done.trySuccess(null);
                return;
            }
            try {
                // A task scheduled from the loop runs in a later batch of tasks, after the loop has selected.
                eventLoop().schedule(this::check, 0, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                // The loop is shutting down: its termination completes the wait.
            }
        }
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
