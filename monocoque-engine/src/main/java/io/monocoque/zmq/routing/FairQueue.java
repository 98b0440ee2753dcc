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
    /** The holder {@link #recv()} reads into (the socket's lock is held). */
    private final Msg taken = new Msg();

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
        Msg m = taken;
        if (!next(m, true)) {
            return null;
        }
        ZmqMessage message = m.message();
        m.clear();
        return message;
    }

    /**
     * As {@link #recv()}, but moves the message as its pipe holds it into {@code into} (see
     * {@link Pipe#read(Msg)}); false when none is waiting.
     */
    public boolean recvRaw(Msg into) {
        return next(into, false);
    }

    /** The next message into {@code into}: attributed to its peer as a message object, or as its pipe held it. */
    private boolean next(Msg into, boolean attributed) {
        while (pipes.active() > 0) {
            if (current >= pipes.active()) {
                current = 0;
            }
            Pipe p = pipes.get(current);
            if (attributed ? readAttributed(p, into) : p.read(into)) {
                lastPipe = p;
                current++;
                if (++readsSinceCheck >= READ_BATCH) {
                    readsSinceCheck = 0;
                    wakeups.afterRead(p);
                }
                return true;
            }
            setAside(p);
        }
        return false;
    }

    private static boolean readAttributed(Pipe p, Msg into) {
        ZmqMessage m = p.read();
        if (m == null) {
            return false;
        }
        into.setMessage(m);
        return true;
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
