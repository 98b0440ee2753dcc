package io.monocoque.zmq.routing;

import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.pipe.Wakeups;

import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * Sends one message to many pipes (PUB, XPUB, XSUB; RADIO next): to every attached pipe, or to
 * the pipes a match has selected for it. A selected pipe at its high-water mark loses the
 * message (counted) unless the caller first asks {@link #matchedHaveRoom()} and waits, as
 * {@code xpub-nodrop} does.
 *
 * <p>A send is three steps: {@link #match} each pipe the message goes to (a subscription trie
 * names each at most once), then either {@link #sendToMatched} or {@link #unmatch}. The
 * selection is kept in a reused array, so publishing does not allocate.
 */
public final class Distributor {

    private final PipeSet pipes = new PipeSet();
    private final Wakeups wakeups;
    private Pipe[] matched = new Pipe[8];
    private int matchedCount;
    /** For {@link #invertMatch()} only: which pipes the match selected. */
    private IdentityHashMap<Pipe, Boolean> selected;

    public Distributor(Wakeups wakeups) {
        this.wakeups = wakeups;
    }

    public void attach(Pipe pipe) {
        pipes.add(pipe, true);
    }

    public void terminated(Pipe pipe) {
        pipes.remove(pipe);
        for (int i = 0; i < matchedCount; i++) {
            if (matched[i] == pipe) {
                matched[i] = matched[--matchedCount];
                matched[matchedCount] = null;
                return;
            }
        }
    }

    /** The number of attached pipes. */
    public int size() {
        return pipes.size();
    }

    /** Selects {@code pipe} for the next {@link #sendToMatched}; the caller names each pipe once. */
    public void match(Pipe pipe) {
        if (matchedCount == matched.length) {
            matched = Arrays.copyOf(matched, matchedCount * 2);
        }
        matched[matchedCount++] = pipe;
    }

    /** Turns the selection around: every attached pipe the match did not select, and none it did. */
    public void invertMatch() {
        if (selected == null) {
            selected = new IdentityHashMap<>();
        }
        for (int i = 0; i < matchedCount; i++) {
            selected.put(matched[i], Boolean.TRUE);
        }
        Arrays.fill(matched, 0, matchedCount, null);
        matchedCount = 0;
        for (int i = 0; i < pipes.size(); i++) {
            Pipe p = pipes.get(i);
            if (!selected.containsKey(p)) {
                match(p);
            }
        }
        selected.clear();
    }

    /** Forgets the selection without sending. */
    public void unmatch() {
        Arrays.fill(matched, 0, matchedCount, null);
        matchedCount = 0;
    }

    /**
     * Whether every selected pipe can take the message now. A pipe that cannot is marked as
     * having a blocked writer, so that its reader wakes the socket once it has made room; a pipe
     * whose peer has gone never holds a send back.
     */
    public boolean matchedHaveRoom() {
        for (int i = 0; i < matchedCount; i++) {
            Pipe p = matched[i];
            if (!p.isPeerTerminated() && !p.isTerminated() && !p.checkWrite()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes {@code message} to each selected pipe that has room, then clears the selection.
     *
     * @return how many selected pipes were at their high-water mark and lost it
     */
    public int sendToMatched(ZmqMessage message) {
        int dropped = 0;
        for (int i = 0; i < matchedCount; i++) {
            Pipe p = matched[i];
            matched[i] = null;
            if (p.isFull() || p.isPeerTerminated() || p.isTerminated()) {
                dropped++;
            } else {
                p.write(message);
                wakeups.afterWrite(p);
            }
        }
        matchedCount = 0;
        return dropped;
    }

    /**
     * Writes {@code message} to every attached pipe whose peer is there, whatever its high-water
     * mark: used for subscriptions, which must not be lost (a lost one would lose a feed).
     */
    public void sendToAll(ZmqMessage message) {
        for (int i = 0; i < pipes.size(); i++) {
            Pipe p = pipes.get(i);
            if (!p.isTerminated() && !p.isPeerTerminated()) {
                p.write(message);
                wakeups.afterWrite(p);
            }
        }
    }
}
