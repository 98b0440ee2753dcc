package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;

/**
 * REQ: a DEALER that puts an empty delimiter in front of each request, strictly alternates
 * send and receive, and accepts the reply only from the peer the request went to.
 */
final class ReqSocket extends DealerSocket {

    private static final byte[] DELIMITER = new byte[0];

    private boolean awaitingReply;
    private Pipe replyPipe;

    ReqSocket(EngineContext context) {
        super(SocketType.REQ, context);
    }

    @Override
    protected boolean xsend(ZmqMessage message) {
        if (awaitingReply) {
            throw new ZmqException(ZmqError.EFSM, name() + ": cannot send another request before receiving the reply");
        }
        Pipe p = lb.send(message.prepend(DELIMITER));
        if (p == null) {
            return false;
        }
        replyPipe = p;
        awaitingReply = true;
        return true;
    }

    @Override
    protected ZmqMessage xrecv() {
        if (!awaitingReply) {
            throw new ZmqException(ZmqError.EFSM, name() + ": cannot receive before sending a request");
        }
        while (true) {
            ZmqMessage m = fq.recv();
            if (m == null) {
                return null;
            }
            // Anything not from the peer we asked, or without the delimiter, is a stray: drop it.
            if (fq.lastPipe() != replyPipe || m.size() < 2 || m.frameLength(0) != 0) {
                continue;
            }
            awaitingReply = false;
            replyPipe = null;
            return m.dropFirst(1);
        }
    }

    /** The REQ envelope and state machine apply: not DEALER's pass-through. */
    @Override
    protected boolean xsendFrame(byte[] frame) {
        return xsend(ZmqMessage.wrap(frame));
    }

    /** Replies are checked and unwrapped by {@link #xrecv()}, not passed through as DEALER's are. */
    @Override
    protected Object xrecvRaw() {
        return xrecv();
    }

    @Override
    protected void xterminated(Pipe pipe) {
        super.xterminated(pipe);
        if (pipe == replyPipe) {
            // The peer we asked is gone and its reply with it; like libzmq, the REQ stays waiting
            // (a reconnecting peer keeps its pipe, so this happens only on a bound REQ).
            replyPipe = null;
        }
    }
}
