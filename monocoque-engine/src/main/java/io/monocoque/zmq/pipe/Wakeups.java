package io.monocoque.zmq.pipe;

import java.util.ArrayList;
import java.util.List;

/**
 * Wake-ups owed to other pipe owners, collected while a socket holds its lock and delivered
 * after it lets go, so that no thread ever holds two sockets' locks (inproc pipes join two
 * sockets) and an I/O thread is never called back under a user's lock.
 */
public final class Wakeups {

    private final List<Pipe> readers = new ArrayList<>();
    private final List<Pipe> writers = new ArrayList<>();
    private final List<Pipe> terminations = new ArrayList<>();
    /** Whether any of the three lists holds something: one field for the common check. */
    private boolean owed;

    /** Records that {@code pipe} finished a batch of writes; its peer's reader may need waking. */
    public void afterWrite(Pipe pipe) {
        if (pipe.flush()) {
            readers.add(pipe.peer());
            owed = true;
        }
    }

    /** Records that {@code pipe} finished a batch of reads; its peer's writer may need waking. */
    public void afterRead(Pipe pipe) {
        if (pipe.readBatchDone()) {
            writers.add(pipe.peer());
            owed = true;
        }
    }

    /**
     * Records that the socket lets go of {@code pipe} (e.g. a ROUTER handing its routing id over
     * to a newcomer): {@link Pipe#terminate()} tells the other side, which may be another socket,
     * so it too waits until the lock is released.
     */
    public void terminate(Pipe pipe) {
        terminations.add(pipe);
        owed = true;
    }

    /** Whether any wake-up is owed. */
    public boolean isEmpty() {
        return !owed;
    }

    /** Takes the owed wake-ups out, leaving this empty; call with the lock held. */
    public Runnable drain() {
        return owed ? take() : null;
    }

    private Runnable take() {
        owed = false;
        Pipe[] r = readers.toArray(new Pipe[0]);
        Pipe[] w = writers.toArray(new Pipe[0]);
        Pipe[] t = terminations.isEmpty() ? null : terminations.toArray(new Pipe[0]);
        readers.clear();
        writers.clear();
        terminations.clear();
        return () -> {
            for (Pipe p : r) {
                PipeOwner o = p.owner();
                if (o != null) {
                    o.readActivated(p);
                } else {
                    p.wakeUpUndelivered();
                    // An owner may have attached in between: it must not miss what is queued.
                    o = p.owner();
                    if (o != null && p.hasMessage()) {
                        o.readActivated(p);
                    }
                }
            }
            for (Pipe p : w) {
                PipeOwner o = p.owner();
                if (o != null) {
                    o.writeActivated(p);
                }
            }
            if (t != null) {
                for (Pipe p : t) {
                    p.terminate();
                }
            }
        };
    }
}
