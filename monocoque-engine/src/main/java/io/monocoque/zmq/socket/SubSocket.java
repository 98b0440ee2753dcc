package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;

/** SUB: an XSUB whose subscriptions come from {@code subscribe}/{@code unsubscribe} only. */
final class SubSocket extends XSubSocket {

    SubSocket(EngineContext context) {
        super(SocketType.SUB, context);
    }

    @Override
    protected boolean xsend(ZmqMessage message) {
        throw Unsupported.send(this);
    }

    @Override
    protected boolean xhasOut() {
        return false;
    }
}
