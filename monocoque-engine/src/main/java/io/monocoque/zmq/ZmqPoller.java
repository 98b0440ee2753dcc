package io.monocoque.zmq;

import io.monocoque.zmq.poll.PollSet;

import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Waits on many sockets (and {@code java.nio} channels) at once until one can receive or send:
 * the poller of the zguide's brokers, lazy pirate clients and multi-socket workers.
 *
 * <pre>{@code
 * try (ZmqPoller poller = new ZmqPoller()) {
 *     ZmqPollItem tasks = poller.register(pull, ZmqPoller.POLLIN);
 *     ZmqPollItem control = poller.register(sub, ZmqPoller.POLLIN);
 *     while (true) {
 *         poller.poll(Duration.ofSeconds(1));
 *         if (tasks.isReadable()) { work(pull.receive()); }
 *         if (control.isReadable()) { break; }
 *     }
 * }
 * }</pre>
 *
 * <p>Readiness is level-triggered, as with {@code zmq_poll}: a socket with two messages queued is
 * still readable after one receive, and each poll reports everything that holds at that moment,
 * so a loop may receive one message per poll. {@link #POLLIN} means a receive would not wait,
 * {@link #POLLOUT} that a send would not (see {@link SocketOption#EVENTS} for each type's rules);
 * {@link #POLLERR} is reported, asked for or not, for a socket or channel that has been closed.
 *
 * <p>A waiting poll sleeps until a socket's readiness changes (told by the socket on its edges,
 * never per message) or a channel is selected: no busy loop, on platform and virtual threads
 * alike. In steady state a poll allocates nothing. Polling channels costs a selector, opened with
 * the first channel registered and closed with the poller.
 *
 * <p>A poller belongs to one thread at a time: register, unregister, poll and close from the
 * thread that polls. The sockets themselves may be used by any thread meanwhile. To stop a poll
 * that waits in another thread, interrupt that thread (the poll fails with EINTR) or close a
 * socket it polls, or the context (the poll returns it with {@link #POLLERR}).
 */
public final class ZmqPoller implements AutoCloseable {

    /** ZMQ_POLLIN: a message can be received without waiting (a channel: read or accept). */
    public static final int POLLIN = 1;
    /** ZMQ_POLLOUT: a message can be sent without waiting (a channel: write or connect). */
    public static final int POLLOUT = 2;
    /** ZMQ_POLLERR: the socket or channel is closed; always reported, need not be asked for. */
    public static final int POLLERR = 4;

    /** Longer than any wait worth timing: about 146 years, half of what nanoTime can count. */
    private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE / 2);

    private final PollSet set = new PollSet();
    private final List<ZmqPollItem> readyView = new ReadyItems();

    /** A poller with nothing registered yet. */
    public ZmqPoller() {
    }

    /**
     * Watches {@code socket} for {@code events} (a mask of {@link #POLLIN} and {@link #POLLOUT}).
     *
     * @return the item whose {@link ZmqPollItem#readyEvents()} each poll updates
     * @throws ZmqException EINVAL if the socket is registered here already, or for unknown event bits
     */
    public ZmqPollItem register(ZmqSocket socket, int events) {
        for (int i = 0; i < set.size(); i++) {
            if (((ZmqPollItem) set.get(i).attachment()).socket() == socket) {
                throw new ZmqException(ZmqError.EINVAL, socket + " is registered with this poller already; change its events with setEvents");
            }
        }
        return register(new ZmqPollItem(socket, events));
    }

    /**
     * Watches {@code channel}, which must be in non-blocking mode, for {@code events}.
     *
     * @throws java.nio.channels.IllegalBlockingModeException if the channel is in blocking mode
     * @throws ZmqException EINVAL if it is registered here already or closed, or for unknown event bits
     */
    public ZmqPollItem register(SelectableChannel channel, int events) {
        for (int i = 0; i < set.size(); i++) {
            if (((ZmqPollItem) set.get(i).attachment()).channel() == channel) {
                throw new ZmqException(ZmqError.EINVAL, channel + " is registered with this poller already; change its events with setEvents");
            }
        }
        return register(new ZmqPollItem(channel, events));
    }

    private ZmqPollItem register(ZmqPollItem item) {
        set.add(item.entry);
        return item;
    }

    /** Stops watching the item's socket or channel; false when it was not registered here. */
    public boolean unregister(ZmqPollItem item) {
        return set.remove(item.entry);
    }

    /** Stops watching {@code socket}; false when it was not registered here. */
    public boolean unregister(ZmqSocket socket) {
        for (int i = 0; i < set.size(); i++) {
            ZmqPollItem item = (ZmqPollItem) set.get(i).attachment();
            if (item.socket() == socket) {
                return set.remove(item.entry);
            }
        }
        return false;
    }

    /** Stops watching {@code channel}; false when it was not registered here. */
    public boolean unregister(SelectableChannel channel) {
        for (int i = 0; i < set.size(); i++) {
            ZmqPollItem item = (ZmqPollItem) set.get(i).attachment();
            if (item.channel() == channel) {
                return set.remove(item.entry);
            }
        }
        return false;
    }

    /** The number of sockets and channels registered. */
    public int size() {
        return set.size();
    }

    /**
     * Waits until something registered is ready, or {@code timeout} passes (negative: no limit,
     * zero: just look), and returns the items that are ready, in registration order.
     *
     * @return a view of the ready items that the next poll replaces (it is not copied, so polling
     *         allocates nothing); empty when the timeout passed
     * @throws ZmqException EINTR if the thread is interrupted while waiting; ETERM if the poller is closed
     */
    public List<ZmqPollItem> poll(Duration timeout) {
        set.poll(nanos(timeout));
        return readyView;
    }

    /** {@link #poll(Duration)} with libzmq's timeout: milliseconds, {@code -1} for no limit. */
    public List<ZmqPollItem> poll(long timeoutMillis) {
        set.poll(nanos(timeoutMillis));
        return readyView;
    }

    /** Unregisters everything and releases the selector, if channels were polled. */
    @Override
    public void close() {
        set.close();
    }

    // ---- one-shot --------------------------------------------------------------------------------

    /**
     * {@code zmq_poll}: waits until one of {@code items} is ready or {@code timeout} passes
     * (negative: no limit, zero: just look), and sets each item's {@link ZmqPollItem#readyEvents()}.
     * Each call registers the items anew (and opens a selector if there are channels); a loop that
     * polls the same things again and again is better served by a {@code ZmqPoller}.
     *
     * @return how many items are ready
     * @throws ZmqException EINVAL if an item is registered with a poller; EINTR if interrupted
     */
    public static int poll(ZmqPollItem[] items, Duration timeout) {
        return pollOnce(items, nanos(timeout));
    }

    /** {@link #poll(ZmqPollItem[], Duration)} with libzmq's timeout: milliseconds, {@code -1} for no limit. */
    public static int poll(ZmqPollItem[] items, long timeoutMillis) {
        return pollOnce(items, nanos(timeoutMillis));
    }

    private static int pollOnce(ZmqPollItem[] items, long timeoutNanos) {
        try (PollSet once = new PollSet()) {
            for (ZmqPollItem item : items) {
                once.add(item.entry);
            }
            return once.poll(timeoutNanos);
        }
    }

    /** A timeout in nanoseconds; negative is no limit, and so is one too long to count in nanoseconds. */
    private static long nanos(Duration timeout) {
        if (timeout.isNegative()) {
            return -1;
        }
        return timeout.compareTo(FOREVER) >= 0 ? -1 : timeout.toNanos();
    }

    private static long nanos(long timeoutMillis) {
        return timeoutMillis < 0 ? -1 : nanos(Duration.ofMillis(timeoutMillis));
    }

    /** The items of the last poll's ready entries, read in place. */
    private final class ReadyItems extends AbstractList<ZmqPollItem> implements RandomAccess {
        @Override
        public ZmqPollItem get(int index) {
            return (ZmqPollItem) set.ready(index).attachment();
        }

        @Override
        public int size() {
            return set.readyCount();
        }
    }

    @Override
    public String toString() {
        return "ZmqPoller[" + set.size() + " registered]";
    }
}
