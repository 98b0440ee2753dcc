package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketOption;
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
 * a subscribed prefix (or, inverted, those that match none), and send subscriptions to every
 * publisher — again after each reconnect. XSUB takes subscriptions as messages
 * ({@code 0x01}/{@code 0x00} + topic); SUB through {@code subscribe}/{@code unsubscribe}.
 */
class XSubSocket extends SocketBase {

    private final FairQueue fq = new FairQueue(wakeups);
    private final Distributor distributor = new Distributor(wakeups);
    private final SubscriptionTrie subscriptions = new SubscriptionTrie();
    private boolean verboseUnsubscribe;
    private boolean onlyFirstSubscribe;
    private boolean invert;
    /** A matching message {@link #xhasIn()} took to know there is one; the next receive returns it. */
    private ZmqMessage prefetched;

    XSubSocket(EngineContext context) {
        this(SocketType.XSUB, context);
    }

    XSubSocket(SocketType type, EngineContext context) {
        super(type, context);
    }

    @Override
    protected void xoptionChanged(SocketOption<?> option) {
        verboseUnsubscribe = getOption(SocketOption.XSUB_VERBOSE_UNSUBSCRIBE);
        onlyFirstSubscribe = getOption(SocketOption.ONLY_FIRST_SUBSCRIBE);
        invert = getOption(SocketOption.INVERT_MATCHING);
    }

    @Override
    protected void xattach(Pipe pipe) {
        distributor.attach(pipe);
        fq.attach(pipe);
    }

    @Override
    protected boolean xpipeReady(Pipe pipe) {
        // Every subscription is sent again on a new connection, so older queued ones would double
        // up. Dropped here, under the lock, so that none made meanwhile is lost or sent twice; the
        // connection's reader is this (I/O) thread, which has not started reading the pipe yet.
        pipe.peer().discardUnread();
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
        byte[] body = subscribe ? SubscriptionFrames.subscribeMessageBody(topic) : SubscriptionFrames.cancelMessageBody(topic);
        applySubscription(body, ZmqMessage.wrap(body));
    }

    @Override
    protected boolean xsend(ZmqMessage message) {
        byte[] first = MessageAccess.frame(message, 0);
        if (!XPubSocket.isSubscription(first)) {
            distributor.sendToAll(message);
        } else if (message.size() == 1) {
            applySubscription(first, message);
        } else if (onlyFirstSubscribe) {
            // As libzmq 4.3 reads it: each subscription frame of the message applies; it travels whole.
            for (int i = 0; i < message.size(); i++) {
                byte[] f = MessageAccess.frame(message, i);
                if (XPubSocket.isSubscription(f)) {
                    apply(f);
                }
            }
            distributor.sendToAll(message);
        } else {
            distributor.sendToAll(message); // only a single-frame message is a subscription
        }
        return true;
    }

    /** Applies subscription {@code body} and forwards {@code message} (which is it) when it changes something upstream. */
    private void applySubscription(byte[] body, ZmqMessage message) {
        if (apply(body) || body[0] == 1 || verboseUnsubscribe) {
            distributor.sendToAll(message);
        }
    }

    /** Applies subscription {@code body} to the trie; whether a topic was added or its last count removed. */
    private boolean apply(byte[] body) {
        byte[] topic = Arrays.copyOfRange(body, 1, body.length);
        return body[0] == 1 ? subscriptions.add(topic) : subscriptions.remove(topic);
    }

    @Override
    protected ZmqMessage xrecv() {
        ZmqMessage m = prefetched;
        if (m != null) {
            prefetched = null;
            return m;
        }
        while ((m = fq.recv()) != null) {
            if (subscriptions.matches(MessageAccess.frame(m, 0)) != invert) {
                return m;
            }
        }
        return null;
    }

    /** Looks for a message that matches a subscription, and keeps it for the receive that follows (as libzmq's xsub does). */
    @Override
    protected int xtopicsCount() {
        return subscriptions.size();
    }

    @Override
    protected boolean xhasIn() {
        if (prefetched == null) {
            prefetched = xrecv();
        }
        return prefetched != null;
    }

    /** Always writable: subscriptions and messages go to every publisher and are never held back. */
    @Override
    protected boolean xhasOut() {
        return true;
    }

    @Override
    protected void xreadActivated(Pipe pipe) {
        fq.activated(pipe);
    }

    @Override
    protected void xwriteActivated(Pipe pipe) {
    }
}
