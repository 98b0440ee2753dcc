package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;

/**
 * DGRAM (a libzmq draft): datagrams over its one bound {@code udp://} endpoint. A message is two
 * frames, the address ({@code ip:port}) and the body: sent, the body goes to that address;
 * received, the address is the sender's. As libzmq's dgram.cpp: one endpoint only, any other
 * number of frames is EINVAL, and a send waits (per the send timeout) while nothing is bound or
 * the queue to the channel is full.
 */
final class DgramSocket extends SocketBase {

    private Pipe pipe;

    DgramSocket(EngineContext context) {
        super(SocketType.DGRAM, context);
    }

    @Override
    protected boolean xacceptsPipe(Pipe candidate) {
        return pipe == null;
    }

    @Override
    protected void xattach(Pipe p) {
        pipe = p;
    }

    @Override
    protected void xterminated(Pipe p) {
        if (p == pipe) {
            pipe = null;
        }
    }

    @Override
    protected boolean xsend(ZmqMessage message) {
        if (message.size() != 2) {
            throw new ZmqException(ZmqError.EINVAL, name() + ": a DGRAM message is two frames, the address (ip:port)"
                    + " and the body, not " + message.size());
        }
        Pipe p = pipe;
        if (p == null || !p.checkWrite()) {
            return false;
        }
        p.write(message);
        wakeups.afterWrite(p);
        return true;
    }

    @Override
    protected ZmqMessage xrecv() {
        Pipe p = pipe;
        if (p == null) {
            return null;
        }
        ZmqMessage m = p.read();
        wakeups.afterRead(p);
        return m;
    }

    @Override
    protected boolean xhasIn() {
        return pipe != null && pipe.checkRead();
    }

    @Override
    protected boolean xhasOut() {
        return pipe != null && pipe.checkWrite();
    }

    @Override
    protected void xreadActivated(Pipe p) {
    }

    @Override
    protected void xwriteActivated(Pipe p) {
    }
}
