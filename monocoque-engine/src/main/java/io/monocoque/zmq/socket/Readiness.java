package io.monocoque.zmq.socket;

/**
 * Who wants to hear that a socket may have become readable or writable (a poller): told on the
 * edges only (a pipe woke up, a peer came or went, the socket closed), never per message, so that
 * it can look at the socket's {@link SocketBase#events() events} again.
 */
public final class Readiness {

    /** {@code ZMQ_POLLIN}: a message can be received without waiting. */
    public static final int IN = 1;
    /** {@code ZMQ_POLLOUT}: a message can be sent without waiting. */
    public static final int OUT = 2;

    /** Told that a socket's readiness may have changed; called from any thread, possibly under the socket's lock, so it must only wake someone up. */
    public interface Listener {
        void readinessChanged();
    }

    private static final Listener[] NONE = new Listener[0];

    /** Copied on change: registering is rare, telling is on every edge and must not allocate. */
    private volatile Listener[] listeners = NONE;

    synchronized void add(Listener listener) {
        Listener[] old = listeners;
        Listener[] grown = java.util.Arrays.copyOf(old, old.length + 1);
        grown[old.length] = listener;
        listeners = grown;
    }

    synchronized void remove(Listener listener) {
        Listener[] old = listeners;
        for (int i = 0; i < old.length; i++) {
            if (old[i] == listener) {
                Listener[] shrunk = new Listener[old.length - 1];
                System.arraycopy(old, 0, shrunk, 0, i);
                System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
                listeners = shrunk.length == 0 ? NONE : shrunk;
                return;
            }
        }
    }

    /** Whether anyone is listening. */
    boolean isWatched() {
        return listeners.length != 0;
    }

    void changed() {
        for (Listener l : listeners) {
            l.readinessChanged();
        }
    }
}
