package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.FairQueue;

/** GATHER (RFC 49): fair-queues single-frame messages from its SCATTER peers, as PULL does; cannot send. */
final class GatherSocket extends SocketBase {

    private final FairQueue fq = new FairQueue(wakeups);

    GatherSocket(EngineContext context) {
        super(SocketType.GATHER, context);
    }

    @Override
    protected void xattach(Pipe pipe) {
        fq.attach(pipe);
    }

    @Override
    protected void xterminated(Pipe pipe) {
        fq.terminated(pipe);
    }

    @Override
    protected boolean xsend(ZmqMessage message) {
        throw Unsupported.send(this);
    }

    @Override
    protected ZmqMessage xrecv() {
        ZmqMessage m;
        do {
            m = fq.recv();
        } while (m != null && !SingleFrame.accept(this, m));
        return m;
    }

    @Override
    protected Object xrecvRaw() {
        Object m;
        do {
            m = fq.recvRaw();
        } while (m != null && !SingleFrame.accept(this, m));
        return m;
    }

    @Override
    protected void xreadActivated(Pipe pipe) {
        fq.activated(pipe);
    }

    @Override
    protected boolean xhasIn() {
        return fq.hasIn();
    }

    @Override
    protected boolean xhasOut() {
        return false;
    }

    @Override
    protected void xwriteActivated(Pipe pipe) {
    }
}
