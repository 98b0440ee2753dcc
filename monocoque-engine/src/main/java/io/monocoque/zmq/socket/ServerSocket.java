package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.internal.MessageAccess;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.FairQueue;
import io.monocoque.zmq.routing.IdentityTable;

/**
 * SERVER (RFC 41): numbers each peer with a routing id, fair-queues single-frame messages and
 * hands each out with its sender's id; sends each message to the peer its routing id names.
 */
class ServerSocket extends SocketBase {

    private final FairQueue fq = new FairQueue(wakeups);
    private final IdentityTable identities = new IdentityTable();

    ServerSocket(EngineContext context) {
        this(SocketType.SERVER, context);
    }

    ServerSocket(SocketType type, EngineContext context) {
        super(type, context);
    }

    /**
     * Numbers the peer when its pipe attaches, as libzmq does: for a connecting side that is at
     * connect time, so its id is known (and messages to it queue) before the connection is up.
     */
    @Override
    protected void xattach(Pipe pipe) {
        int id = identities.addNumbered(pipe);
        fq.attach(pipe);
        attached(pipe, id);
    }

    /** A peer was given routing id {@code id}; lock held. */
    void attached(Pipe pipe, int id) {
    }

    @Override
    protected void xterminated(Pipe pipe) {
        identities.remove(pipe);
        fq.terminated(pipe);
    }

    /**
     * Sends to the peer the message's routing id names, without the id (the peer learns it only
     * from its own side). A peer at its high-water mark makes this wait, or fail with EAGAIN.
     *
     * @throws ZmqException EINVAL for a multipart message, EHOSTUNREACH when no peer has the id
     */
    @Override
    protected boolean xsend(ZmqMessage message) {
        SingleFrame.checkSend(this, message);
        int id = message.routingId();
        Pipe p = identities.pipe(id);
        if (p == null) {
            throw new ZmqException(ZmqError.EHOSTUNREACH, name() + ": no peer with routing id "
                    + Integer.toUnsignedString(id) + (id == 0 ? " (set one with ZmqMessage.withRoutingId)" : ""));
        }
        if (!p.checkWrite()) {
            return false;
        }
        p.write(message.withRoutingId(0));
        wakeups.afterWrite(p);
        return true;
    }

    @Override
    protected ZmqMessage xrecv() {
        ZmqMessage m;
        while ((m = fq.recv()) != null) {
            // Asked for every message, dropped ones too: a peer that is gone is forgotten after its last.
            int id = identities.numberOfSender(fq.lastPipe());
            if (SingleFrame.accept(this, m)) {
                return MessageAccess.addressed(m, m.peer(), id, null);
            }
        }
        return null;
    }

    @Override
    protected boolean xhasIn() {
        return fq.hasIn();
    }

    /** Always writable, as in libzmq: whether a message goes depends on the peer it names. */
    @Override
    protected boolean xhasOut() {
        return true;
    }

    @Override
    protected void xreadActivated(Pipe pipe) {
        fq.activated(pipe);
    }

    @Override
    protected void xwriteActivated(Pipe pipe) {
    }
}
