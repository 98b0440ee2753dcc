package io.monocoque.zmq;

import io.monocoque.zmq.poll.PollEntry;

import java.nio.channels.SelectableChannel;

/**
 * A socket or a {@code java.nio} channel to poll, with the events to wait for and those found
 * by the last poll: libzmq's {@code zmq_pollitem_t}. Made by {@link ZmqPoller#register}, or
 * directly for the one-shot {@link ZmqPoller#poll(ZmqPollItem[], Duration)}.
 *
 * <pre>{@code
 * ZmqPollItem[] items = {new ZmqPollItem(tasks, ZmqPoller.POLLIN), new ZmqPollItem(control, ZmqPoller.POLLIN)};
 * ZmqPoller.poll(items, Duration.ofSeconds(1));
 * if (items[1].isReadable()) { ... }
 * }</pre>
 */
public final class ZmqPollItem {

    private final ZmqSocket socket;
    private final SelectableChannel channel;
    final PollEntry entry;

    /** Polls {@code socket} for {@code events}, a mask of {@link ZmqPoller#POLLIN} and {@link ZmqPoller#POLLOUT}. */
    public ZmqPollItem(ZmqSocket socket, int events) {
        this.socket = java.util.Objects.requireNonNull(socket, "socket");
        this.channel = null;
        this.entry = PollEntry.of(socket.base(), events, this);
    }

    /**
     * Polls {@code channel} for {@code events}: {@link ZmqPoller#POLLIN} is OP_READ (or OP_ACCEPT),
     * {@link ZmqPoller#POLLOUT} OP_WRITE (or OP_CONNECT). The channel must be in non-blocking mode.
     */
    public ZmqPollItem(SelectableChannel channel, int events) {
        this.socket = null;
        this.channel = java.util.Objects.requireNonNull(channel, "channel");
        this.entry = PollEntry.of(channel, events, this);
    }

    /** The socket polled, or null for a channel. */
    public ZmqSocket socket() {
        return socket;
    }

    /** The channel polled, or null for a socket. */
    public SelectableChannel channel() {
        return channel;
    }

    /** The events waited for (libzmq's {@code events}). */
    public int events() {
        return entry.interest();
    }

    /** Changes the events waited for, from the next poll on (libzmq's {@code zmq_poller_modify}). */
    public ZmqPollItem setEvents(int events) {
        entry.setInterest(events);
        return this;
    }

    /**
     * The events the last poll found (libzmq's {@code revents}): the ones waited for that hold,
     * plus {@link ZmqPoller#POLLERR} when the socket or channel is closed.
     */
    public int readyEvents() {
        return entry.ready();
    }

    /** Whether the last poll found a message to receive (or, for a channel, something to read or accept). */
    public boolean isReadable() {
        return (entry.ready() & ZmqPoller.POLLIN) != 0;
    }

    /** Whether the last poll found that a message could be sent (or, for a channel, written or connected). */
    public boolean isWritable() {
        return (entry.ready() & ZmqPoller.POLLOUT) != 0;
    }

    /** Whether the last poll found the socket or channel closed. */
    public boolean hasError() {
        return (entry.ready() & ZmqPoller.POLLERR) != 0;
    }

    @Override
    public String toString() {
        return "ZmqPollItem[" + (socket != null ? socket : channel) + " events=" + events() + " ready=" + readyEvents() + "]";
    }
}
