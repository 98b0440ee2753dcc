package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.FairQueue;

/** PULL: fair-queues messages from its PUSH peers. */
final class PullSocket extends SocketBase {

    private final FairQueue fq = new FairQueue(wakeups);

    PullSocket(EngineContext context) {
        super(SocketType.PULL, context);
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
        return fq.recv();
    }

    @Override
    protected Object xrecvRaw() {
        return fq.recvRaw();
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
