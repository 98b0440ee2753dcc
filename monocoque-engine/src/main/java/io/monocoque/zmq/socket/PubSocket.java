package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;

/** PUB: an XPUB that keeps its subscribers' subscriptions to itself and cannot receive. */
final class PubSocket extends XPubSocket {

    PubSocket(EngineContext context) {
        super(SocketType.PUB, context);
    }
}
