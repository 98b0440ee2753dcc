package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.internal.MessageAccess;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.FairQueue;
import io.monocoque.zmq.routing.IdentityTable;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * STREAM, libzmq's raw TCP socket: each tcp or ipc connection is a peer with a routing id (a
 * generated five-byte id, or the CONNECT_ROUTING_ID of its {@code connect}) in an identity table;
 * what peers send is fair-queued as {@code [routing id][bytes]}; {@code [routing id][bytes]}
 * writes the bytes to that peer, and {@code [routing id][empty]} closes its connection.
 */
final class StreamSocket extends SocketBase {

    private final FairQueue fq = new FairQueue(wakeups);
    private final IdentityTable identities = new IdentityTable();
    /** Peers the application closed with an empty frame: unroutable now, and what they still send is dropped. */
    private final Set<Pipe> closing = Collections.newSetFromMap(new IdentityHashMap<>());

    StreamSocket(EngineContext context) {
        super(SocketType.STREAM, context);
    }

    /** Refuses a CONNECT_ROUTING_ID that a peer already has, which libzmq asserts on. */
    @Override
    public void connect(String endpoint) {
        byte[] id = getOption(SocketOption.CONNECT_ROUTING_ID);
        if (id != null) {
            lock.lock();
            try {
                if (identities.inUse(id)) {
                    throw new ZmqException(ZmqError.EINVAL, name() + ": cannot connect to " + endpoint
                            + ": connect-routing-id " + Hex.of(id) + " is the routing id of another peer");
                }
            } finally {
                unlockAndWake();
            }
        }
        super.connect(endpoint);
    }

    /**
     * Every peer gets its id as its pipe is attached: an accepted connection when it is up, a
     * connect's pipe at once (so what is sent to it waits for the connection) and for good (a
     * reconnect keeps it).
     */
    @Override
    protected void xattach(Pipe pipe) {
        byte[] assigned = pipe.routingId();
        if (assigned != null && !identities.inUse(assigned)) {
            identities.add(pipe, assigned);
        } else {
            identities.addGenerated(pipe);
        }
        fq.attach(pipe);
    }

    @Override
    protected String xadmit(Pipe pipe) {
        return null;
    }

    @Override
    protected void xterminated(Pipe pipe) {
        if (closing.remove(pipe)) {
            // Whatever it sent after the close was asked for is dropped, so its id goes with it.
            pipe.discardUnread();
        }
        identities.remove(pipe);
        fq.terminated(pipe);
    }

    /**
     * Sends {@code [routing id][data]}: the data as it is, or with empty data, closes that peer's
     * connection once what was sent to it before is written. An id no peer has fails with
     * EHOSTUNREACH, as libzmq's STREAM always does; a peer at its high-water mark makes the send
     * wait (or fail with EAGAIN).
     */
    @Override
    protected boolean xsend(ZmqMessage message) {
        if (message.size() != 2) {
            throw new ZmqException(ZmqError.EINVAL, name() + ": a STREAM message is two frames, [routing id][data], not "
                    + message.size() + (message.size() == 1 ? " frame" : " frames"));
        }
        byte[] id = MessageAccess.frame(message, 0);
        Pipe p = identities.pipe(id);
        if (p == null || closing.contains(p)) {
            throw new ZmqException(ZmqError.EHOSTUNREACH, name() + ": no peer with routing id " + Hex.of(id)
                    + (p == null ? "" : " (its connection is closing)"));
        }
        if (!p.checkWrite()) {
            return false;
        }
        ZmqMessage data = message.dropFirst(1);
        if (data.frameLength(0) == 0) {
            // The connection writes what came before, then closes; the peer is unroutable from now on.
            closing.add(p);
            fq.remove(p);
            p.discardUnread();
        }
        p.write(data);
        wakeups.afterWrite(p);
        return true;
    }

    @Override
    protected ZmqMessage xrecv() {
        ZmqMessage m = fq.recv();
        if (m == null) {
            return null;
        }
        return m.prepend(identities.idOfSender(fq.lastPipe()));
    }

    @Override
    protected boolean xhasIn() {
        return fq.hasIn();
    }

    /** Always writable, as in libzmq: whether a send can go through depends on the peer it names. */
    @Override
    protected boolean xhasOut() {
        return true;
    }

    @Override
    protected void xreadActivated(Pipe pipe) {
        if (closing.contains(pipe)) {
            pipe.discardUnread();
            return;
        }
        fq.activated(pipe);
    }

    @Override
    protected void xwriteActivated(Pipe pipe) {
    }
}
