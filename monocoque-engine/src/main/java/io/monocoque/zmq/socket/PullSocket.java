package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.FairQueue;

/**
 * PULL: fair-queues messages from its PUSH peers. GATHER (RFC 49) is the same for single-frame
 * messages from SCATTER peers.
 */
final class PullSocket extends SocketBase {

    private final FairQueue fq = new FairQueue(wakeups);
    /** GATHER: a multipart message from a peer is dropped whole, as libzmq's gather_t drops it. */
    private final boolean singleFrame;

    PullSocket(EngineContext context) {
        this(SocketType.PULL, context);
    }

    /** A PULL or a GATHER. */
    PullSocket(SocketType type, EngineContext context) {
        super(type, context);
        this.singleFrame = type.isSingleFrame();
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
        if (!singleFrame) {
            return fq.recv();
        }
        ZmqMessage m;
        do {
            m = fq.recv();
        } while (m != null && !SingleFrame.accept(this, m));
        return m;
    }

    @Override
    protected boolean receivesFramesAsIs() {
        return true;
    }

    @Override
    protected Pipe xrecvPipe() {
        return singleFrame ? SingleFrame.readable(this, fq) : fq.readable();
    }

    @Override
    protected void xrecvTaken(Pipe pipe) {
        fq.taken(pipe);
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
