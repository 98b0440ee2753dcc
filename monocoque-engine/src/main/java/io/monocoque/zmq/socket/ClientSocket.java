package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.FairQueue;
import io.monocoque.zmq.routing.LoadBalancer;
import io.netty.buffer.ByteBuf;

/**
 * CLIENT (RFC 41): load-balances single-frame messages over its SERVER peers and fair-queues
 * what they send, as a DEALER does, but refuses multipart messages both ways.
 */
final class ClientSocket extends SocketBase {

    private final LoadBalancer lb = new LoadBalancer(wakeups);
    private final FairQueue fq = new FairQueue(wakeups);

    ClientSocket(EngineContext context) {
        super(SocketType.CLIENT, context);
    }

    @Override
    protected void xattach(Pipe pipe) {
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
        SingleFrame.checkSend(this, message);
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
        return SingleFrame.readable(this, fq);
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
