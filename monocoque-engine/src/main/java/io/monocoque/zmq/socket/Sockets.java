package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;

/** Creates the socket class for each {@link SocketType}. */
public final class Sockets {

    private Sockets() {
    }

    public static SocketBase create(SocketType type, EngineContext context) {
        switch (type) {
            case PAIR: return new PairSocket(context);
            case PUB: return new PubSocket(context);
            case SUB: return new SubSocket(context);
            case XPUB: return new XPubSocket(context);
            case XSUB: return new XSubSocket(context);
            case REQ: return new ReqSocket(context);
            case REP: return new RepSocket(context);
            case DEALER: return new DealerSocket(context);
            case ROUTER: return new RouterSocket(context);
            case PUSH: return new PushSocket(context);
            case PULL: return new PullSocket(context);
            case STREAM: return new StreamSocket(context);
            case SERVER: return new ServerSocket(context);
            case CLIENT: return new ClientSocket(context);
            case GATHER: return new PullSocket(SocketType.GATHER, context);
            case SCATTER: return new PushSocket(SocketType.SCATTER, context);
            case PEER: return new PeerSocket(context);
            case CHANNEL: return new ChannelSocket(context);
            case RADIO: return new RadioSocket(context);
            case DISH: return new DishSocket(context);
            case DGRAM: return new DgramSocket(context);
            default: throw new AssertionError(type);
        }
    }
}
