package io.monocoque.zmq.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.AbstractEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * The I/O threads a socket's {@code AFFINITY} allows, as a group its connections are registered
 * with: each new channel goes to the allowed thread carrying the fewest channels, as libzmq's
 * {@code choose_io_thread} picks the least loaded. A view only: the context's group owns the
 * threads, so shutting this down does nothing.
 */
final class AffinityGroup extends AbstractEventExecutorGroup implements EventLoopGroup {

    private final List<EventLoop> loops;
    private final ToIntFunction<EventLoop> load;
    private final EventLoopGroup owner;

    /** @param loops the allowed threads, in the context's order (at least one) */
    AffinityGroup(List<EventLoop> loops, ToIntFunction<EventLoop> load, EventLoopGroup owner) {
        this.loops = List.copyOf(loops);
        this.load = load;
        this.owner = owner;
    }

    @Override
    public EventLoop next() {
        EventLoop best = loops.get(0);
        int bestLoad = load.applyAsInt(best);
        for (int i = 1; i < loops.size(); i++) {
            int l = load.applyAsInt(loops.get(i));
            if (l < bestLoad) {
                best = loops.get(i);
                bestLoad = l;
            }
        }
        return best;
    }

    @Override
    public ChannelFuture register(Channel channel) {
        return next().register(channel);
    }

    @Override
    public ChannelFuture register(ChannelPromise promise) {
        return next().register(promise);
    }

    @Deprecated
    @Override
    public ChannelFuture register(Channel channel, ChannelPromise promise) {
        return next().register(channel, promise);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Override
    public Iterator<EventExecutor> iterator() {
        return (Iterator) loops.iterator();
    }

    @Override
    public boolean isShuttingDown() {
        return owner.isShuttingDown();
    }

    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
        return terminationFuture();
    }

    @Override
    public Future<?> terminationFuture() {
        return owner.terminationFuture();
    }

    @Deprecated
    @Override
    public void shutdown() {
        // the context's group owns the threads
    }

    @Override
    public boolean isShutdown() {
        return owner.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return owner.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return owner.awaitTermination(timeout, unit);
    }
}
