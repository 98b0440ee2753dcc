package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.LoadBalancer;

/**
 * SCATTER (RFC 49): load-balances single-frame messages over its GATHER peers, as PUSH does;
 * blocks when all are at their high-water mark; cannot receive.
 */
final class ScatterSocket extends SocketBase {

    private final LoadBalancer lb = new LoadBalancer(wakeups);

    ScatterSocket(EngineContext context) {
        super(SocketType.SCATTER, context);
    }

    @Override
    protected void xattach(Pipe pipe) {
        lb.attach(pipe);
    }

    @Override
    protected void xterminated(Pipe pipe) {
        lb.terminated(pipe);
    }

    @Override
    protected boolean xsend(ZmqMessage message) {
        SingleFrame.checkSend(this, message);
        return lb.send(message) != null;
    }

    @Override
    protected boolean xsendFrame(byte[] frame) {
        return lb.send(frame) != null;
    }

    @Override
    protected ZmqMessage xrecv() {
        throw Unsupported.receive(this);
    }

    @Override
    protected void xreadActivated(Pipe pipe) {
        // GATHER peers never send; anything that arrives is discarded.
        pipe.discardUnread();
    }

    @Override
    protected boolean xhasIn() {
        return false;
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
