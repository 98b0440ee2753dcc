package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.Envelope;

import java.util.concurrent.ThreadLocalRandom;

/**
 * REQ: a DEALER that sends each request in an envelope (the empty delimiter, after a request id
 * with {@link SocketOption#REQ_CORRELATE}), alternates send and receive (unless
 * {@link SocketOption#REQ_RELAXED}), and accepts as the reply only a message in that envelope
 * from the peer the request went to.
 */
final class ReqSocket extends DealerSocket {

    private boolean awaitingReply;
    private Pipe replyPipe;
    /** The envelope of the outstanding request, which its reply must come back in. */
    private Envelope request;
    private int requestId = ThreadLocalRandom.current().nextInt();

    ReqSocket(EngineContext context) {
        super(SocketType.REQ, context);
    }

    @Override
    protected boolean xsend(ZmqMessage message) {
        if (awaitingReply && !getOption(SocketOption.REQ_RELAXED)) {
            throw new ZmqException(ZmqError.EFSM, name() + ": cannot send another request before receiving the reply"
                    + " (set req-relaxed to allow it)");
        }
        // Replies already here belong to earlier requests (or are strays): a new request must
        // not take one of them for its own, as libzmq's REQ makes sure too.
        while (fq.recv() != null) {
            // discarded
        }
        boolean correlate = getOption(SocketOption.REQ_CORRELATE);
        int id = requestId + 1;
        Envelope env = correlate ? Envelope.of(idFrame(id), Envelope.DELIMITER) : Envelope.delimiter();
        Pipe p = lb.send(env.wrap(message));
        if (p == null) {
            return false;
        }
        if (correlate) {
            requestId = id;
        }
        request = env;
        replyPipe = p;
        awaitingReply = true;
        return true;
    }

    /** A request id as libzmq writes its {@code uint32_t} on the little-endian machines it runs on. */
    private static byte[] idFrame(int id) {
        return new byte[] {(byte) id, (byte) (id >>> 8), (byte) (id >>> 16), (byte) (id >>> 24)};
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
            // Anything not from the peer we asked, or not in our request's envelope, is a stray
            // (or a late reply to an abandoned request): drop it. Once the peer we asked is gone
            // (replyPipe null) a reply may come from any peer, as in libzmq.
            if ((replyPipe != null && fq.lastPipe() != replyPipe) || !request.encloses(m)) {
                continue;
            }
            awaitingReply = false;
            replyPipe = null;
            Envelope env = request;
            request = null;
            return env.unwrap(m);
        }
    }

    /** The REQ envelope and state machine apply: not DEALER's pass-through. */
    @Override
    protected boolean xsendArray(byte[] frame) {
        return xsend(ZmqMessage.wrap(frame));
    }

    /** Nor for pooled frames: a REQ is given a copy of one's bytes, sent as {@link #xsendArray} sends. */
    @Override
    protected boolean passesFramesAsIs() {
        return false;
    }

    /** Replies are checked and unwrapped by {@link #xrecv()}, not passed through as DEALER's are. */
    @Override
    protected boolean receivesFramesAsIs() {
        return false;
    }

    /** Readable only while a reply is awaited (a stray may still be dropped by the receive, as in libzmq). */
    @Override
    protected boolean xhasIn() {
        return awaitingReply && super.xhasIn();
    }

    @Override
    protected boolean xhasOut() {
        return (!awaitingReply || getOption(SocketOption.REQ_RELAXED)) && super.xhasOut();
    }

    @Override
    protected void xterminated(Pipe pipe) {
        super.xterminated(pipe);
        if (pipe == replyPipe) {
            // The peer we asked is gone and its reply with it (a reconnecting peer keeps its
            // pipe, so this happens only on a bound REQ): like libzmq, the REQ stays waiting and
            // takes a reply from whichever peer sends one.
            replyPipe = null;
        }
    }
}
