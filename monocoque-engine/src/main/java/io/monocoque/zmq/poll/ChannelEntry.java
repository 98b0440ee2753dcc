package io.monocoque.zmq.poll;

import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * A {@code java.nio} channel in a poll set, through its key in the set's selector. POLLIN is
 * OP_READ or OP_ACCEPT, POLLOUT is OP_WRITE or OP_CONNECT, whichever the channel has.
 */
final class ChannelEntry extends PollEntry {

    private final SelectableChannel channel;
    private SelectionKey key;
    /** The ready operations the selector reported at the last selection; polling thread only. */
    int selected;

    ChannelEntry(SelectableChannel channel, int events, Object attachment) {
        super(events, attachment);
        this.channel = channel;
    }

    @Override
    void added(PollSet s) {
        try {
            try {
                key = channel.register(s.selection().selector(), operations(interest()), this);
            } catch (CancelledKeyException e) {
                // Unregistered since the last poll: its old key goes with the next selection.
                s.selection().dropCancelledKeys();
                key = channel.register(s.selection().selector(), operations(interest()), this);
            }
        } catch (ClosedChannelException e) {
            throw new ZmqException(ZmqError.EINVAL, "cannot poll " + channel + ": it is closed", e);
        }
    }

    @Override
    void removed() {
        SelectionKey k = key;
        key = null;
        if (k != null) {
            k.cancel();
        }
    }

    @Override
    void interestChanged() {
        SelectionKey k = key;
        if (k != null && k.isValid()) {
            k.interestOps(operations(interest()));
        }
    }

    private int operations(int events) {
        int valid = channel.validOps();
        int ops = 0;
        if ((events & IN) != 0) {
            ops |= valid & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        }
        if ((events & OUT) != 0) {
            ops |= valid & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
        }
        return ops;
    }

    @Override
    int check() {
        int ops = selected;
        selected = 0;
        SelectionKey k = key;
        if (k == null || !k.isValid() || !channel.isOpen()) {
            return ERR;
        }
        int events = 0;
        if ((ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            events |= IN;
        }
        if ((ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            events |= OUT;
        }
        return events & interest();
    }

    @Override
    Object target() {
        return channel;
    }
}
