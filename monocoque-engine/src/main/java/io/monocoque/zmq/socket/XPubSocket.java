package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.internal.MessageAccess;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.DistributionTrie;
import io.monocoque.zmq.routing.Distributor;
import io.monocoque.zmq.wire.SubscriptionFrames;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PUB and XPUB: fan a message out to every peer subscribed to a prefix of its first frame
 * (or, inverted, to every peer that is not), dropping (and counting) it for peers at their
 * high-water mark, or with xpub-nodrop waiting for them. XPUB also hands the application each
 * subscription that is new (or every one, with xpub-verbose) and each unsubscription that
 * leaves a topic with no subscriber (or every one, with xpub-verboser); with xpub-manual the
 * application decides which subscriptions apply.
 */
class XPubSocket extends SocketBase {

    private final DistributionTrie<Pipe> subscriptions = new DistributionTrie<>();
    /** With xpub-manual: what each peer asked for, so that its going away can be told upstream. */
    private final DistributionTrie<Pipe> requested = new DistributionTrie<>();
    private final Distributor distributor = new Distributor(wakeups);
    private final ArrayDeque<Upstream> upstream = new ArrayDeque<>();
    private final boolean passUpstream;

    private boolean lossless;
    private boolean verboseSubscribe;
    private boolean verboseUnsubscribe;
    private boolean manual;
    private boolean lastValue;
    private boolean onlyFirstSubscribe;
    private boolean invert;
    private ZmqMessage welcome;
    /** With xpub-manual: the peer whose (un)subscription the application received last, or null. */
    private Pipe lastPipe;

    /** A message for the application, and with xpub-manual the peer it came from (null: none left). */
    private record Upstream(ZmqMessage message, Pipe from) {
    }

    XPubSocket(EngineContext context) {
        this(SocketType.XPUB, context);
    }

    XPubSocket(SocketType type, EngineContext context) {
        super(type, context);
        this.passUpstream = type == SocketType.XPUB;
    }

    @Override
    protected void xoptionChanged(SocketOption<?> option) {
        lossless = getOption(SocketOption.XPUB_NODROP);
        verboseUnsubscribe = getOption(SocketOption.XPUB_VERBOSER);
        lastValue = getOption(SocketOption.XPUB_MANUAL_LAST_VALUE);
        manual = lastValue || getOption(SocketOption.XPUB_MANUAL);
        onlyFirstSubscribe = getOption(SocketOption.ONLY_FIRST_SUBSCRIBE);
        invert = getOption(SocketOption.INVERT_MATCHING);
        byte[] w = getOption(SocketOption.XPUB_WELCOME_MSG);
        welcome = w == null || w.length == 0 ? null : ZmqMessage.wrap(w.clone());
    }

    @Override
    protected void xattach(Pipe pipe) {
        distributor.attach(pipe);
        if (welcome != null) {
            pipe.write(welcome);
            wakeups.afterWrite(pipe);
        }
    }

    @Override
    protected void xterminated(Pipe pipe) {
        distributor.terminated(pipe);
        if (manual) {
            // Every topic the peer had asked for goes upstream, whoever else still wants it.
            subscriptions.removeAll(pipe, topic -> { });
            requested.removeAll(pipe, false, this::cancelledUpstream);
            if (lastPipe == pipe) {
                lastPipe = null;
            }
            forgetPeerOfPending(pipe);
        } else {
            subscriptions.removeAll(pipe, !verboseUnsubscribe, this::cancelledUpstream);
        }
    }

    private void cancelledUpstream(byte[] topic) {
        if (passUpstream) {
            upstream.add(new Upstream(ZmqMessage.wrap(SubscriptionFrames.cancelMessageBody(topic)), null));
        }
    }

    /** A peer that is gone cannot be subscribed by the application any more. */
    private void forgetPeerOfPending(Pipe pipe) {
        if (upstream.stream().noneMatch(u -> u.from() == pipe)) {
            return;
        }
        Upstream[] all = upstream.toArray(new Upstream[0]);
        upstream.clear();
        for (Upstream u : all) {
            upstream.add(u.from() == pipe ? new Upstream(u.message(), null) : u);
        }
    }

    @Override
    protected boolean xsend(ZmqMessage message) {
        byte[] first = MessageAccess.frame(message, 0);
        boolean toLastPipeOnly = lastValue && lastPipe != null;
        if (toLastPipeOnly) {
            Pipe only = lastPipe;
            subscriptions.match(first, p -> {
                if (p == only) {
                    distributor.match(p);
                }
            });
        } else {
            subscriptions.match(first, distributor::match);
        }
        if (invert) {
            distributor.invertMatch();
        }
        if (lossless && !distributor.matchedHaveRoom()) {
            distributor.unmatch();
            return false;
        }
        int dropped = distributor.sendToMatched(message);
        if (dropped > 0) {
            droppedMessages.addAndGet(dropped);
        }
        if (toLastPipeOnly) {
            lastPipe = null;
        }
        return true;
    }

    @Override
    protected ZmqMessage xrecv() {
        if (!passUpstream) {
            throw Unsupported.receive(this);
        }
        Upstream u = upstream.poll();
        if (u == null) {
            return null;
        }
        if (manual) {
            lastPipe = u.from();
        }
        return u.message();
    }

    /** With xpub-manual, applies a topic for the peer whose subscription was received last. */
    @Override
    protected void xsubscribe(byte[] topic, boolean subscribe) {
        if (!passUpstream) {
            super.xsubscribe(topic, subscribe);
        }
        if (!manual) {
            throw new ZmqException(ZmqError.ENOTSUP, name() + ": subscribe and unsubscribe on an XPUB need "
                    + SocketOption.XPUB_MANUAL + " (the peers' own subscriptions apply otherwise)");
        }
        if (lastPipe != null) {
            if (subscribe) {
                subscriptions.add(topic, lastPipe);
            } else {
                subscriptions.remove(topic, lastPipe);
            }
        }
    }

    @Override
    protected int xtopicsCount() {
        return subscriptions.prefixCount();
    }

    @Override
    protected boolean xhasIn() {
        return !upstream.isEmpty();
    }

    /** Always writable: a peer at its high-water mark loses the message (counted), nobody waits. */
    @Override
    protected boolean xhasOut() {
        return true;
    }

    @Override
    protected void xreadActivated(Pipe pipe) {
        boolean verbose = getOption(SocketOption.XPUB_VERBOSE);
        verboseSubscribe = verbose || verboseUnsubscribe;
        ZmqMessage m;
        while ((m = pipe.read()) != null) {
            if (!isSubscription(MessageAccess.frame(m, 0))) {
                if (passUpstream) {
                    upstream.add(new Upstream(m, pipe)); // a plain message from an XSUB travels upstream too
                }
            } else if (m.size() == 1) {
                subscription(pipe, m, MessageAccess.frame(m, 0));
            } else if (onlyFirstSubscribe) {
                subscriptionWithData(pipe, m);
            } else if (passUpstream) {
                upstream.add(new Upstream(m, pipe)); // only a single-frame message is a subscription
            }
        }
        wakeups.afterRead(pipe);
    }

    static boolean isSubscription(byte[] frame) {
        return frame.length > 0 && (frame[0] == 1 || frame[0] == 0);
    }

    /**
     * With only-first-subscribe, a multipart message that starts with a subscription: as libzmq
     * 4.3 reads it, each of its frames that is a subscription is one, and the others are data,
     * handed upstream as one message.
     */
    private void subscriptionWithData(Pipe pipe, ZmqMessage m) {
        List<byte[]> data = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            byte[] f = MessageAccess.frame(m, i);
            if (isSubscription(f)) {
                subscription(pipe, ZmqMessage.wrap(f), f);
            } else {
                data.add(f);
            }
        }
        if (passUpstream && !data.isEmpty()) {
            upstream.add(new Upstream(ZmqMessage.wrap(data.toArray(new byte[0][])), pipe));
        }
    }

    /** A peer's (un)subscription {@code body} ({@code 0x01}/{@code 0x00} + topic), as message {@code m}. */
    private void subscription(Pipe pipe, ZmqMessage m, byte[] body) {
        byte[] topic = Arrays.copyOfRange(body, 1, body.length);
        boolean subscribe = body[0] == 1;
        if (manual) {
            if (subscribe) {
                requested.add(topic, pipe);
            } else {
                requested.remove(topic, pipe);
            }
            if (passUpstream) {
                upstream.add(new Upstream(m, pipe));
            }
            return;
        }
        boolean notify = subscribe
                ? subscriptions.add(topic, pipe) || verboseSubscribe
                : subscriptions.remove(topic, pipe) || verboseUnsubscribe;
        if (passUpstream && notify) {
            upstream.add(new Upstream(m, pipe));
        }
    }

    @Override
    protected void xwriteActivated(Pipe pipe) {
        // A lossless send waiting for room retries on the state change this brings.
    }
}
