package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.internal.MessageAccess;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.DistributionTrie;
import io.monocoque.zmq.routing.Distributor;
import io.monocoque.zmq.wire.SubscriptionFrames;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * PUB and XPUB: fan a message out to every peer subscribed to a prefix of its first frame,
 * dropping (and counting) it for peers at their high-water mark. XPUB also hands the
 * application each subscription that is new (or every one, with xpub-verbose) and each
 * unsubscription that leaves a topic with no subscriber.
 */
class XPubSocket extends SocketBase {

    private final DistributionTrie<Pipe> subscriptions = new DistributionTrie<>();
    private final Distributor distributor = new Distributor(wakeups);
    private final ArrayDeque<ZmqMessage> upstream = new ArrayDeque<>();
    private final boolean passUpstream;

    XPubSocket(EngineContext context) {
        this(SocketType.XPUB, context);
    }

    XPubSocket(SocketType type, EngineContext context) {
        super(type, context);
        this.passUpstream = type == SocketType.XPUB;
    }

    @Override
    protected void xattach(Pipe pipe) {
        distributor.attach(pipe);
    }

    @Override
    protected void xterminated(Pipe pipe) {
        distributor.terminated(pipe);
        subscriptions.removeAll(pipe, topic -> {
            if (passUpstream) {
                upstream.add(ZmqMessage.wrap(SubscriptionFrames.cancelMessageBody(topic)));
            }
        });
    }

    @Override
    protected boolean xsend(ZmqMessage message) {
        subscriptions.match(MessageAccess.frame(message, 0), distributor::match);
        int dropped = distributor.sendToMatched(message);
        if (dropped > 0) {
            droppedMessages.addAndGet(dropped);
        }
        return true;
    }

    @Override
    protected ZmqMessage xrecv() {
        if (!passUpstream) {
            throw Unsupported.receive(this);
        }
        return upstream.poll();
    }

    @Override
    protected void xreadActivated(Pipe pipe) {
        boolean verbose = passUpstream && getOption(SocketOption.XPUB_VERBOSE);
        ZmqMessage m;
        while ((m = pipe.read()) != null) {
            byte[] first = MessageAccess.frame(m, 0);
            if (m.size() == 1 && first.length > 0 && (first[0] == 1 || first[0] == 0)) {
                byte[] topic = Arrays.copyOfRange(first, 1, first.length);
                boolean changed = first[0] == 1 ? subscriptions.add(topic, pipe) : subscriptions.remove(topic, pipe);
                if (passUpstream && (changed || (verbose && first[0] == 1))) {
                    upstream.add(m);
                }
            } else if (passUpstream) {
                upstream.add(m); // a plain message from an XSUB travels upstream too
            }
        }
        wakeups.afterRead(pipe);
    }

    @Override
    protected void xwriteActivated(Pipe pipe) {
    }
}
