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

/**
 * ROUTER: fair-queues messages and prefixes each with the routing id of the peer it came from;
 * sends each message to the peer its first frame names, through an identity table.
 */
final class RouterSocket extends SocketBase {

    private final FairQueue fq = new FairQueue(wakeups);
    private final IdentityTable identities = new IdentityTable();

    RouterSocket(EngineContext context) {
        super(SocketType.ROUTER, context);
    }

    @Override
    protected void xattach(Pipe pipe) {
        Probes.probe(this, pipe);
        // Routable only once the handshake has told us its routing id (xadmit).
    }

    @Override
    protected String xadmit(Pipe pipe) {
        if (identities.contains(pipe)) {
            return null; // a reconnect of a pipe we already route to keeps its id
        }
        byte[] announced = pipe.routingId();
        if (announced == null || announced.length == 0) {
            identities.addGenerated(pipe);
        } else {
            if (identities.inUse(announced)) {
                if (!getOption(SocketOption.ROUTER_HANDOVER)) {
                    return name() + " already has a peer with routing id " + Hex.of(announced)
                            + " (set router-handover to let a reconnecting peer take it over)";
                }
                // The newcomer takes the id; the old peer's connection closes once the lock is let go.
                wakeups.terminate(identities.takeAway(announced));
            }
            identities.add(pipe, announced);
        }
        fq.attach(pipe);
        return null;
    }

    @Override
    protected void xterminated(Pipe pipe) {
        identities.remove(pipe);
        fq.terminated(pipe);
    }

    @Override
    protected boolean xsend(ZmqMessage message) {
        if (message.size() < 2) {
            throw new ZmqException(ZmqError.EINVAL, name() + ": a ROUTER message needs a routing-id frame and at least one more frame");
        }
        byte[] id = MessageAccess.frame(message, 0);
        Pipe p = identities.pipe(id);
        boolean mandatory = getOption(SocketOption.ROUTER_MANDATORY);
        if (p == null) {
            if (mandatory) {
                throw new ZmqException(ZmqError.EHOSTUNREACH, name() + ": no peer with routing id " + Hex.of(id));
            }
            droppedMessages.incrementAndGet(); // unroutable: dropped, as libzmq does, but counted
            return true;
        }
        if (!p.checkWrite()) {
            if (mandatory) {
                return false; // EAGAIN: the caller may wait for room
            }
            droppedMessages.incrementAndGet();
            return true;
        }
        p.write(message.dropFirst(1));
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

    /**
     * Always writable, as in libzmq: an unroutable or blocked message is dropped. With
     * router-mandatory, writable while some peer has room (the one a message names may still not).
     */
    @Override
    protected boolean xhasOut() {
        if (!getOption(SocketOption.ROUTER_MANDATORY)) {
            return true;
        }
        return identities.anyHasRoom();
    }

    @Override
    protected void xreadActivated(Pipe pipe) {
        fq.activated(pipe);
    }

    @Override
    protected void xwriteActivated(Pipe pipe) {
    }
}
