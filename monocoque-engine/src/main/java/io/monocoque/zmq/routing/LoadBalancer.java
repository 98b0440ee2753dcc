package io.monocoque.zmq.routing;

import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.pipe.Wakeups;
import io.netty.buffer.ByteBuf;

/**
 * Round-robin over the peers that can take a message (PUSH, DEALER, REQ). A peer at its
 * high-water mark is skipped until it drains; when every peer is full, sending would block.
 * A peer whose connection was lost (found dead by a heartbeat, or dropped) gets a message only
 * when no other peer can take it, and keeps it until it reconnects.
 */
public final class LoadBalancer {

    private final PipeSet pipes = new PipeSet();
    private final Wakeups wakeups;
    private int current;

    public LoadBalancer(Wakeups wakeups) {
        this.wakeups = wakeups;
    }

    public void attach(Pipe pipe) {
        pipes.add(pipe, true);
    }

    public void activated(Pipe pipe) {
        pipes.activate(pipe);
    }

    public void terminated(Pipe pipe) {
        pipes.remove(pipe);
        if (current >= pipes.active()) {
            current = 0;
        }
    }

    /**
     * Whether some peer can take a message now. Peers found full on the way are set aside and
     * marked, as {@link #send} leaves them, so that they wake the socket once they have room.
     */
    public boolean hasOut() {
        while (pipes.active() > 0) {
            if (current >= pipes.active()) {
                current = 0;
            }
            Pipe p = pipes.get(current);
            if (p.checkWrite()) {
                return true;
            }
            pipes.deactivate(p);
        }
        return false;
    }

    /**
     * Sends to the next peer that has room. Returns the pipe used, or {@code null} when every
     * peer is at its high-water mark (or there is none).
     */
    public Pipe send(ZmqMessage message) {
        Pipe p = writable();
        if (p != null) {
            p.write(message);
            sent(p);
        }
        return p;
    }

    /**
     * Sends a single-frame message given as its bare array, which passes to the peer that takes
     * it (see {@link Pipe#write(byte[])}); otherwise as {@link #send(ZmqMessage)}.
     */
    public Pipe send(byte[] frame) {
        Pipe p = writable();
        if (p != null) {
            p.write(frame);
            sent(p);
        }
        return p;
    }

    /**
     * Sends a single-frame message held in a pooled buffer, which passes to the peer that takes
     * it (see {@link Pipe#write(ByteBuf)}); otherwise as {@link #send(ZmqMessage)}.
     */
    public Pipe send(ByteBuf frame) {
        Pipe p = writable();
        if (p != null) {
            p.write(frame);
            sent(p);
        }
        return p;
    }

    /** After a write to {@code p}, the pipe {@link #writable()} chose: the next message goes to the next peer. */
    private void sent(Pipe p) {
        wakeups.afterWrite(p);
        current++;
    }

    /** The next peer that has room for a message, or null when none has. */
    private Pipe writable() {
        // A peer whose connection was lost (its connecter is reconnecting, e.g. after a heartbeat
        // found it dead) takes nothing while another can. One that has not connected yet is
        // served in turn, as libzmq does.
        int checked = 0;
        while (checked < pipes.active()) {
            if (current >= pipes.active()) {
                current = 0;
            }
            Pipe p = pipes.get(current);
            if (p.isLost()) {
                current++;
                checked++;
                continue;
            }
            if (p.checkWrite()) {
                return p;
            }
            pipes.deactivate(p);
        }
        return pipes.active() > 0 ? writableLost() : null;
    }

    /**
     * No peer that is connected has room: a lost one, which sends the message once it is back
     * (libzmq's behaviour without ZMQ_IMMEDIATE), or null.
     */
    private Pipe writableLost() {
        while (pipes.active() > 0) {
            if (current >= pipes.active()) {
                current = 0;
            }
            Pipe p = pipes.get(current);
            if (p.checkWrite()) {
                return p;
            }
            pipes.deactivate(p);
        }
        return null;
    }

    public int size() {
        return pipes.size();
    }
}
