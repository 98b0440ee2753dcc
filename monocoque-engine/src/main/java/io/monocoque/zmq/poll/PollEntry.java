package io.monocoque.zmq.poll;

import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.socket.SocketBase;

import java.nio.channels.SelectableChannel;

/**
 * One thing a {@link PollSet} watches, a socket or a channel, with the events it is watched for
 * and those found at the last poll. The bits are libzmq's: {@link #IN}, {@link #OUT}, {@link #ERR}.
 */
public abstract class PollEntry {

    /** ZMQ_POLLIN. */
    public static final int IN = 1;
    /** ZMQ_POLLOUT. */
    public static final int OUT = 2;
    /** ZMQ_POLLERR: reported whether asked for or not, for a closed socket or channel. */
    public static final int ERR = 4;

    private final Object attachment;
    private volatile int interest;
    private int ready;
    /** The set this entry is in, or null; written by the polling thread, read by signalling ones. */
    volatile PollSet set;

    PollEntry(int interest, Object attachment) {
        this.interest = checkEvents(interest);
        this.attachment = attachment;
    }

    /** An entry for {@code socket}. */
    public static PollEntry of(SocketBase socket, int events, Object attachment) {
        return new SocketEntry(socket, events, attachment);
    }

    /** An entry for {@code channel}, which must be in non-blocking mode when it is added to a set. */
    public static PollEntry of(SelectableChannel channel, int events, Object attachment) {
        return new ChannelEntry(channel, events, attachment);
    }

    private static int checkEvents(int events) {
        if ((events & ~(IN | OUT | ERR)) != 0) {
            throw new ZmqException(ZmqError.EINVAL, "poll events are a mask of POLLIN (1), POLLOUT (2) and POLLERR (4), not " + events);
        }
        return events;
    }

    /** What the entry's owner asked for (a handle the API keeps for it). */
    public Object attachment() {
        return attachment;
    }

    /** The events watched for. */
    public int interest() {
        return interest;
    }

    /** Changes the events watched for; seen by the next poll. */
    public void setInterest(int events) {
        interest = checkEvents(events);
        interestChanged();
    }

    /** The events found at the last poll (0 before any). */
    public int ready() {
        return ready;
    }

    void setReady(int events) {
        ready = events;
    }

    void interestChanged() {
    }

    /** Joins {@code set}: starts listening for readiness. */
    abstract void added(PollSet set);

    /** Leaves its set. */
    abstract void removed();

    /** The watched events that hold now, plus {@link #ERR} when the socket or channel is closed. */
    abstract int check();

    /** The socket or channel, for messages. */
    abstract Object target();
}
