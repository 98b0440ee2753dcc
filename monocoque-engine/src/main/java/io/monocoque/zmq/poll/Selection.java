package io.monocoque.zmq.poll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * The selector of a poll set that holds channels: level-triggered selections that hand each
 * ready key to its entry without the selected-key set (so a selection allocates nothing), and
 * blocking selections that a socket's readiness can interrupt.
 */
final class Selection implements AutoCloseable {

    private final Selector selector;
    private final Consumer<SelectionKey> record = key -> ((ChannelEntry) key.attachment()).selected = key.readyOps();
    private final Consumer<SelectionKey> ignore = key -> { };

    Selection() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for polling channels", e);
        }
    }

    Selector selector() {
        return selector;
    }

    /** Records what each channel can do now. */
    void selectNow() {
        try {
            selector.selectNow(record);
        } catch (IOException e) {
            throw new UncheckedIOException("polling channels failed", e);
        }
    }

    /**
     * Blocks until a channel is ready, {@link #wakeup()} is called or {@code nanos} pass
     * (negative: no limit). What is ready is recorded by the {@link #selectNow()} that follows.
     */
    void await(long nanos) {
        try {
            if (nanos < 0) {
                selector.select(ignore);
            } else {
                // select(…, 0) would wait for ever: a wait shorter than a millisecond rounds up.
                selector.select(ignore, Math.max(1, (nanos + 999_999) / 1_000_000));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("polling channels failed", e);
        }
    }

    /** Lets the selector forget cancelled keys, so that their channels can be registered again. */
    void dropCancelledKeys() {
        try {
            selector.selectNow(ignore);
        } catch (IOException e) {
            throw new UncheckedIOException("polling channels failed", e);
        }
    }

    void wakeup() {
        selector.wakeup();
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the poller's selector", e);
        }
    }
}
