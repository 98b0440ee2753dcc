package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.internal.MessageAccess;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.Distributor;
import io.monocoque.zmq.routing.FairQueue;
import io.monocoque.zmq.routing.SubscriptionTrie;
import io.monocoque.zmq.wire.SubscriptionFrames;

import java.util.Arrays;

/**
 * SUB and XSUB: fair-queue messages from publishers, keep those whose first frame starts with
 * a subscribed prefix, and send subscriptions to every publisher — again after each reconnect.
 * XSUB takes subscriptions as messages ({@code 0x01}/{@code 0x00} + topic); SUB through
 * {@code subscribe}/{@code unsubscribe}.
 */
class XSubSocket extends SocketBase {

    private final FairQueue fq = new FairQueue(wakeups);
    private final Distributor distributor = new Distributor(wakeups);
    private final SubscriptionTrie subscriptions = new SubscriptionTrie();

    XSubSocket(EngineContext context) {
        this(SocketType.XSUB, context);
    }

    XSubSocket(SocketType type, EngineContext context) {
        super(type, context);
    }

    @Override
    protected void xattach(Pipe pipe) {
        distributor.attach(pipe);
        fq.attach(pipe);
    }

    @Override
    protected boolean xpipeReady(Pipe pipe) {
        if (!subscriptions.isEmpty()) {
            subscriptions.forEach(topic -> pipe.write(ZmqMessage.wrap(SubscriptionFrames.subscribeMessageBody(topic))));
            wakeups.afterWrite(pipe);
        }
        return true;
    }

    @Override
    protected void xterminated(Pipe pipe) {
        distributor.terminated(pipe);
        fq.terminated(pipe);
    }

    @Override
    protected void xsubscribe(byte[] topic, boolean subscribe) {
        applySubscription(ZmqMessage.wrap(subscribe ? SubscriptionFrames.subscribeMessageBody(topic) : SubscriptionFrames.cancelMessageBody(topic)));
    }

    @Override
    protected boolean xsend(ZmqMessage message) {
        byte[] first = MessageAccess.frame(message, 0);
        if (message.size() == 1 && first.length > 0 && (first[0] == 1 || first[0] == 0)) {
            applySubscription(message);
        } else {
            distributor.sendToAll(message);
        }
        return true;
    }

    private void applySubscription(ZmqMessage message) {
        byte[] first = MessageAccess.frame(message, 0);
        byte[] topic = Arrays.copyOfRange(first, 1, first.length);
        if (first[0] == 1) {
            subscriptions.add(topic);
            distributor.sendToAll(message);
        } else if (subscriptions.remove(topic)) {
            distributor.sendToAll(message);
        }
    }

    @Override
    protected ZmqMessage xrecv() {
        ZmqMessage m;
        while ((m = fq.recv()) != null) {
            if (subscriptions.matches(MessageAccess.frame(m, 0))) {
                return m;
            }
        }
        return null;
    }

    @Override
    protected void xreadActivated(Pipe pipe) {
        fq.activated(pipe);
    }

    @Override
    protected void xwriteActivated(Pipe pipe) {
    }
}
