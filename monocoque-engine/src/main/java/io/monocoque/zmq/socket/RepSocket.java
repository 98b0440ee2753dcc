package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.Envelope;
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
    private Envelope envelope;

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
        Envelope env = envelope;
        replying = false;
        replyPipe = null;
        envelope = null;
        // A requester that went away loses its reply, as in libzmq; a full one drops it too.
        if (p != null && p.checkWrite()) {
            p.write(env.wrap(message));
            wakeups.afterWrite(p);
        }
        return true;
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
            Envelope env = Envelope.ofRequest(m);
            if (env == null) {
                continue; // no envelope or no body: not a request, drop it as libzmq does
            }
            envelope = env;
            replyPipe = fq.lastPipe();
            replying = true;
            return env.unwrap(m);
        }
    }

    @Override
    protected void xreadActivated(Pipe pipe) {
        fq.activated(pipe);
    }

    @Override
    protected boolean xhasIn() {
        return !replying && fq.hasIn();
    }

    /** A reply can always be sent once a request was received: it is dropped if its requester is gone or full. */
    @Override
    protected boolean xhasOut() {
        return replying;
    }

    @Override
    protected void xwriteActivated(Pipe pipe) {
    }
}
