package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;

/** CHANNEL (RFC 51): a PAIR for single-frame messages, exclusive to one CHANNEL peer. */
final class ChannelSocket extends PairSocket {

    ChannelSocket(EngineContext context) {
        super(SocketType.CHANNEL, context);
    }

    @Override
    protected boolean xsend(ZmqMessage message) {
        SingleFrame.checkSend(this, message);
        return super.xsend(message);
    }

    @Override
    protected ZmqMessage xrecv() {
        ZmqMessage m;
        do {
            m = super.xrecv();
        } while (m != null && !SingleFrame.accept(this, m));
        return m;
    }

    @Override
    protected Pipe xrecvPipe() {
        Pipe p;
        while ((p = super.xrecvPipe()) != null && !SingleFrame.acceptNext(this, p)) {
            super.xrecvTaken(p);
        }
        return p;
    }
}
