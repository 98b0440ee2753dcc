package io.monocoque.zmq.routing;

import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Msg;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.pipe.Wakeups;

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
    /** The holder {@link #send(ZmqMessage)} routes (the socket's lock is held). */
    private final Msg sending = new Msg();

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
        Msg m = sending.setMessage(message);
        Pipe p = route(m);
        m.clear(); // not kept: a message no peer took stays the caller's
        return p;
    }

    /**
     * Sends {@code message} in whichever form it has (a bare array or a pooled frame passes to
     * the peer that takes it, and {@code message} is cleared: see {@link Pipe#write(Msg)});
     * otherwise as {@link #send(ZmqMessage)}.
     */
    public Pipe send(Msg message) {
        return route(message);
    }

    private Pipe route(Msg message) {
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
                p.write(message);
                wakeups.afterWrite(p);
                current++;
                return p;
            }
            pipes.deactivate(p);
        }
        return pipes.active() > 0 ? routeToLost(message) : null;
    }

    /**
     * No peer that is connected has room: queues to a lost one, which sends it once it is back
     * (libzmq's behaviour without ZMQ_IMMEDIATE).
     */
    private Pipe routeToLost(Msg message) {
        while (pipes.active() > 0) {
            if (current >= pipes.active()) {
                current = 0;
            }
            Pipe p = pipes.get(current);
            if (p.checkWrite()) {
                p.write(message);
                wakeups.afterWrite(p);
                current++;
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
