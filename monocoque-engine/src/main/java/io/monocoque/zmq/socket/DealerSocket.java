package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.FairQueue;
import io.monocoque.zmq.routing.LoadBalancer;
import io.netty.buffer.ByteBuf;

/** DEALER: load-balances what it sends and fair-queues what it receives, with no envelope of its own. */
class DealerSocket extends SocketBase {

    protected final LoadBalancer lb = new LoadBalancer(wakeups);
    protected final FairQueue fq = new FairQueue(wakeups);

    DealerSocket(EngineContext context) {
        this(SocketType.DEALER, context);
    }

    DealerSocket(SocketType type, EngineContext context) {
        super(type, context);
    }

    @Override
    protected void xattach(Pipe pipe) {
        Probes.probe(this, pipe);
        lb.attach(pipe);
        fq.attach(pipe);
    }

    @Override
    protected void xterminated(Pipe pipe) {
        lb.terminated(pipe);
        fq.terminated(pipe);
    }

    @Override
    protected boolean xsend(ZmqMessage message) {
        return lb.send(message) != null;
    }

    @Override
    protected boolean passesFramesAsIs() {
        return true;
    }

    @Override
    protected boolean xsendArray(byte[] frame) {
        return lb.send(frame) != null;
    }

    @Override
    protected boolean xsendPooled(ByteBuf frame) {
        return lb.send(frame) != null;
    }

    @Override
    protected ZmqMessage xrecv() {
        return fq.recv();
    }

    @Override
    protected boolean receivesFramesAsIs() {
        return true;
    }

    @Override
    protected Pipe xrecvPipe() {
        return fq.readable();
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
        return lb.hasOut();
    }

    @Override
    protected void xwriteActivated(Pipe pipe) {
        lb.activated(pipe);
    }
}
