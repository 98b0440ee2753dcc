package io.monocoque.zmq.routing;

import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Msg;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.pipe.Wakeups;

/**
 * Round-robin over the peers that have messages waiting (PULL, DEALER, ROUTER, SUB, XSUB, REP),
 * one whole message at a time, so a busy peer cannot starve the others.
 */
public final class FairQueue {

    /** How many reads may pass before the writer side is checked for a blocked writer. */
    private static final int READ_BATCH = 64;

    private final PipeSet pipes = new PipeSet();
    private final Wakeups wakeups;
    private int current;
    private int readsSinceCheck;
    private Pipe lastPipe;

    public FairQueue(Wakeups wakeups) {
        this.wakeups = wakeups;
    }

    public void attach(Pipe pipe) {
        pipes.add(pipe, true);
    }

    public void activated(Pipe pipe) {
        if (pipes.contains(pipe)) {
            pipes.activate(pipe);
        }
    }

    /** The peer went away: keep reading what it sent until its queue is empty. */
    public void terminated(Pipe pipe) {
        if (!pipe.hasMessage()) {
            remove(pipe);
        }
    }

    /** Forgets {@code pipe} at once, unread messages and all. */
    public void remove(Pipe pipe) {
        pipes.remove(pipe);
        if (current >= pipes.active()) {
            current = 0;
        }
        if (lastPipe == pipe) {
            lastPipe = null;
        }
    }

    /** The next message from the next peer in turn, or {@code null} when none is waiting. */
    public ZmqMessage recv() {
        Pipe p = readable();
        if (p == null) {
            return null;
        }
        ZmqMessage m = p.read();
        taken(p);
        return m;
    }

    /**
     * The next peer in turn that has a message waiting, whose pipe the caller then takes it from
     * as the pipe holds it ({@link Pipe#nextForm()} and the matching read) before it calls
     * {@link #taken}; null when none is waiting.
     */
    public Pipe readable() {
        while (pipes.active() > 0) {
            if (current >= pipes.active()) {
                current = 0;
            }
            Pipe p = pipes.get(current);
            if (p.nextForm() != Msg.NONE) {
                return p;
            }
            setAside(p);
        }
        return null;
    }

    /** A message has been taken from {@code p}, the pipe {@link #readable()} gave: the next comes from the next peer. */
    public void taken(Pipe p) {
        lastPipe = p;
        current++;
        if (++readsSinceCheck >= READ_BATCH) {
            readsSinceCheck = 0;
            wakeups.afterRead(p);
        }
    }

    /**
     * Leaves {@code p}, found empty, asleep until its next message wakes the socket (its writer
     * woken if it waits for room), or forgets it if its peer has gone.
     */
    private void setAside(Pipe p) {
        wakeups.afterRead(p);
        pipes.deactivate(p);
        if (p.isPeerTerminated()) {
            remove(p);
        }
    }

    /**
     * Whether a message is waiting from some peer. Peers found empty on the way are set aside
     * and left asleep, as {@link #recv()} leaves them, so that their next message wakes the socket.
     */
    public boolean hasIn() {
        while (pipes.active() > 0) {
            if (current >= pipes.active()) {
                current = 0;
            }
            Pipe p = pipes.get(current);
            if (p.checkRead()) {
                return true;
            }
            setAside(p);
        }
        return false;
    }

    /** The peer the last message came from. */
    public Pipe lastPipe() {
        return lastPipe;
    }

    public int size() {
        return pipes.size();
    }
}
