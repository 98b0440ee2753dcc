package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.LoadBalancer;
import io.netty.buffer.ByteBuf;

/**
 * PUSH: load-balances messages over its PULL peers; blocks when all are at their high-water mark.
 * SCATTER (RFC 49) is the same for single-frame messages to GATHER peers.
 */
final class PushSocket extends SocketBase {

    private final LoadBalancer lb = new LoadBalancer(wakeups);
    /** SCATTER: a multipart send is EINVAL. */
    private final boolean singleFrame;

    PushSocket(EngineContext context) {
        this(SocketType.PUSH, context);
    }

    /** A PUSH or a SCATTER. */
    PushSocket(SocketType type, EngineContext context) {
        super(type, context);
        this.singleFrame = type.isSingleFrame();
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
        if (singleFrame) {
            SingleFrame.checkSend(this, message);
        }
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
        throw Unsupported.receive(this);
    }

    @Override
    protected void xreadActivated(Pipe pipe) {
        // PULL (GATHER) peers never send; anything that arrives is discarded.
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
