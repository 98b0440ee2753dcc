package io.monocoque.zmq.poll;

import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Sockets and channels watched together: {@link #poll} looks at each (level-triggered, as
 * {@code zmq_poll}) and, when none is ready, sleeps until one may be. A socket wakes the sleeper
 * on its readiness edges; with channels in the set the sleep is a selection, which the sockets
 * interrupt with {@code Selector.wakeup()}, otherwise a park — either way a virtual thread gives
 * its carrier back while it waits.
 *
 * <p>One thread polls at a time, and entries are added and removed by that thread between polls;
 * the sockets' I/O threads only ever call {@link #signal()}. A poll allocates nothing.
 */
public final class PollSet implements AutoCloseable {

    private PollEntry[] entries = new PollEntry[8];
    private PollEntry[] ready = new PollEntry[8];
    private int size;
    private int readyCount;
    private volatile Selection selection;
    private boolean closed;

    /** Set by a socket whose readiness may have changed; cleared by the poller before it looks. */
    private volatile boolean signalled;
    /** The polling thread while it sleeps, else null. */
    private volatile Thread waiter;

    /**
     * Starts watching {@code entry}.
     *
     * @throws ZmqException EINVAL if the entry is in a set already; ETERM if this set is closed
     */
    public void add(PollEntry entry) {
        checkOpen();
        if (entry.set != null) {
            throw new ZmqException(ZmqError.EINVAL, entry.target() + " is registered with a poller already");
        }
        if (entry instanceof ChannelEntry && selection == null) {
            selection = new Selection();
        }
        entry.set = this;
        try {
            entry.added(this);
        } catch (RuntimeException e) {
            entry.set = null;
            throw e;
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
            ready = new PollEntry[size * 2];
        }
        entries[size++] = entry;
        // A socket that is ready already must be seen by a poll in progress elsewhere too.
        signal();
    }

    /** Stops watching {@code entry}; false when it was not in this set. */
    public boolean remove(PollEntry entry) {
        for (int i = 0; i < size; i++) {
            if (entries[i] == entry) {
                System.arraycopy(entries, i + 1, entries, i, size - i - 1);
                entries[--size] = null;
                entry.set = null;
                entry.removed();
                for (int j = 0; j < readyCount; j++) {
                    if (ready[j] == entry) {
                        System.arraycopy(ready, j + 1, ready, j, readyCount - j - 1);
                        ready[--readyCount] = null;
                        break;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** The number of entries watched. */
    public int size() {
        return size;
    }

    /** Entry {@code i}, in the order they were added. */
    public PollEntry get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return entries[i];
    }

    /**
     * Waits until at least one entry is ready or {@code timeoutNanos} pass (negative: no limit,
     * zero: not at all), then returns how many are; each entry's {@link PollEntry#ready()} says
     * what it can do and {@link #ready(int)} lists them.
     *
     * @throws ZmqException EINTR if the thread is interrupted while it waits (its interrupt
     *                      status stays set); ETERM if the set is closed
     */
    public int poll(long timeoutNanos) {
        checkOpen();
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        while (true) {
            signalled = false;
            int n = scan();
            if (n > 0 || timeoutNanos == 0) {
                return n;
            }
            long remaining = -1;
            if (timeoutNanos > 0) {
                remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return 0;
                }
            }
            await(remaining);
        }
    }

    /** The {@code i}-th entry found ready by the last poll. */
    public PollEntry ready(int i) {
        if (i < 0 || i >= readyCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return ready[i];
    }

    /** How many entries the last poll found ready. */
    public int readyCount() {
        return readyCount;
    }

    private int scan() {
        Selection s = selection;
        if (s != null) {
            s.selectNow();
        }
        int n = 0;
        for (int i = 0; i < size; i++) {
            PollEntry e = entries[i];
            int events = e.check();
            e.setReady(events);
            if (events != 0) {
                ready[n++] = e;
            }
        }
        for (int i = n; i < readyCount; i++) {
            ready[i] = null;
        }
        readyCount = n;
        return n;
    }

    private void await(long nanos) {
        Thread me = Thread.currentThread();
        waiter = me;
        try {
            // Dekker with signal(): it writes signalled then reads waiter; we write waiter then
            // read signalled, so either we see its signal or it sees us waiting and wakes us.
            if (signalled) {
                return;
            }
            Selection s = selection;
            if (s != null) {
                s.await(nanos);
            } else if (nanos < 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, nanos);
            }
        } finally {
            waiter = null;
        }
        if (me.isInterrupted()) {
            throw new ZmqException(ZmqError.EINTR, "interrupted while polling");
        }
    }

    /**
     * Something watched may have become ready: wakes the poller if it sleeps. Called on
     * readiness edges from any thread, possibly under a socket's lock; never blocks.
     */
    void signal() {
        if (signalled) {
            return; // the one who set it wakes the sleeper, or the poller has yet to look
        }
        signalled = true;
        Thread t = waiter;
        if (t != null) {
            Selection s = selection;
            if (s != null) {
                s.wakeup();
            } else {
                LockSupport.unpark(t);
            }
        }
    }

    Selection selection() {
        return selection;
    }

    private void checkOpen() {
        if (closed) {
            throw new ZmqException(ZmqError.ETERM, "the poller is closed");
        }
    }

    /** Stops watching everything and closes the selector, if there is one. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (size > 0) {
            remove(entries[size - 1]);
        }
        Selection s = selection;
        if (s != null) {
            s.close();
        }
    }
}
