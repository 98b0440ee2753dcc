package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.pipe.Pipe;

/**
 * PEER: a SERVER whose peers are PEERs, that learns the routing id of each connection it makes
 * at once ({@link #connectPeer}), so it can send to a peer it connected to before that peer has
 * said anything, as libzmq's {@code peer_t} does.
 */
final class PeerSocket extends ServerSocket {

    /** Serializes connects, so each {@link #connectPeer} sees the id of its own connection. */
    private final Object connecting = new Object();
    /** The thread inside {@link #connectPeer}: the pipe it attaches is its connection's. */
    private volatile Thread connectingThread;
    /** The id that thread's connection got; written and read by that thread only. */
    private int connectedId;

    PeerSocket(EngineContext context) {
        super(SocketType.PEER, context);
    }

    @Override
    void attached(Pipe pipe, int id) {
        if (Thread.currentThread() == connectingThread) {
            connectedId = id;
        }
    }

    @Override
    public void connect(String endpoint) {
        synchronized (connecting) {
            super.connect(endpoint);
        }
    }

    /**
     * Connects to {@code endpoint} and returns the routing id of the new connection (libzmq's
     * {@code zmq_connect_peer}). The connection's pipe is there at once, so a message sent with
     * that id is queued until the connection is up.
     *
     * @throws ZmqException EFAULT with {@link SocketOption#IMMEDIATE} set (there is no pipe before
     *     the connection is up, so no id to return), else as {@code connect}
     */
    @Override
    public int connectPeer(String endpoint) {
        checkOpen();
        if (getOption(SocketOption.IMMEDIATE)) {
            throw new ZmqException(ZmqError.EFAULT, name() + ": connectPeer cannot work with immediate set:"
                    + " a connection's routing id is known only once its pipe exists");
        }
        synchronized (connecting) {
            connectedId = 0;
            connectingThread = Thread.currentThread();
            try {
                super.connect(endpoint);
            } finally {
                connectingThread = null;
            }
            if (connectedId == 0) {
                throw new ZmqException(ZmqError.EFAULT, name() + ": the connection to " + endpoint + " got no routing id");
            }
            return connectedId;
        }
    }
}
