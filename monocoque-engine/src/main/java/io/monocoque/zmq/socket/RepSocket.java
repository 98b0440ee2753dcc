package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.FairQueue;

/**
 * REP: fair-queues requests, hands the application the body without its envelope (every frame
 * up to and including the empty delimiter) and sends the reply back with that envelope to the
 * peer the request came from.
 */
final class RepSocket extends SocketBase {

    private final FairQueue fq = new FairQueue(wakeups);
    private boolean replying;
    private Pipe replyPipe;
    private ZmqMessage envelope;

    RepSocket(EngineContext context) {
        super(SocketType.REP, context);
    }

    @Override
    protected void xattach(Pipe pipe) {
        fq.attach(pipe);
    }

    @Override
    protected void xterminated(Pipe pipe) {
        fq.terminated(pipe);
        if (pipe == replyPipe) {
            replyPipe = null;
        }
    }

    @Override
    protected boolean xsend(ZmqMessage message) {
        if (!replying) {
            throw new ZmqException(ZmqError.EFSM, name() + ": cannot send a reply before receiving a request");
        }
        Pipe p = replyPipe;
        replying = false;
        replyPipe = null;
        ZmqMessage env = envelope;
        envelope = null;
        // A requester that went away loses its reply, as in libzmq; a full one drops it too.
        if (p != null && p.checkWrite()) {
            p.write(prependEnvelope(env, message));
            wakeups.afterWrite(p);
        }
        return true;
    }

    private static ZmqMessage prependEnvelope(ZmqMessage envelope, ZmqMessage body) {
        byte[][] prefix = new byte[envelope.size()][];
        for (int i = 0; i < prefix.length; i++) {
            prefix[i] = io.monocoque.zmq.internal.MessageAccess.frame(envelope, i);
        }
        return body.prepend(prefix);
    }

    @Override
    protected ZmqMessage xrecv() {
        if (replying) {
            throw new ZmqException(ZmqError.EFSM, name() + ": cannot receive another request before sending the reply");
        }
        while (true) {
            ZmqMessage m = fq.recv();
            if (m == null) {
                return null;
            }
            int delimiter = -1;
            for (int i = 0; i < m.size(); i++) {
                if (m.frameLength(i) == 0) {
                    delimiter = i;
                    break;
                }
            }
            if (delimiter < 0 || delimiter == m.size() - 1) {
                continue; // no envelope or no body: not a request, drop it as libzmq does
            }
            byte[][] env = new byte[delimiter + 1][];
            for (int i = 0; i <= delimiter; i++) {
                env[i] = io.monocoque.zmq.internal.MessageAccess.frame(m, i);
            }
            envelope = io.monocoque.zmq.internal.MessageAccess.wrap(env, null);
            replyPipe = fq.lastPipe();
            replying = true;
            return m.dropFirst(delimiter + 1);
        }
    }

    @Override
    protected void xreadActivated(Pipe pipe) {
        fq.activated(pipe);
    }

    @Override
    protected void xwriteActivated(Pipe pipe) {
    }
}
