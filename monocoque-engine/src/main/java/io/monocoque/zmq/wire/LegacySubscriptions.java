package io.monocoque.zmq.wire;

import io.monocoque.zmq.SocketType;

/**
 * How subscriptions travel to and from peers older than ZMTP 3.1, which have no SUBSCRIBE and
 * CANCEL commands.
 *
 * <ul>
 *   <li>ZMTP 3.0 and 2.0 (libzmq 3.x) subscribers send each subscription as a one-frame message
 *       {@code 0x01 topic} and each cancel as {@code 0x00 topic}, and expect the same from us
 *       (spec 15 "Publish-Subscribe"); {@link SubscriptionFrames} converts between that form and
 *       the commands.</li>
 *   <li>Unversioned ZMTP 1.0 (libzmq 2.x) subscribers send no subscriptions at all: they filter
 *       on their own side and expect every message. A PUB or XPUB facing one therefore acts as if
 *       it had subscribed to everything, as libzmq 4.3 does by injecting a subscribe message for
 *       the empty prefix ({@link #subscribeAllMessageBody()}) once the identity is read. (A
 *       revision-0 1.0 peer is a libzmq 3.1 and subscribes itself.) Our SUB filters on its own
 *       side too, so a 1.0 publisher that sends everything is served correctly.</li>
 * </ul>
 */
public final class LegacySubscriptions {

    private LegacySubscriptions() {
    }

    /** Whether subscriptions to and from this peer are messages ({@code 0x01}/{@code 0x00} + topic) rather than commands. */
    public static boolean asMessages(PeerVersion peer) {
        return !peer.isZmtp31();
    }

    /**
     * Whether a socket of type {@code ours} must assume that this peer subscribed to everything,
     * because the peer will never say what it wants.
     */
    public static boolean assumeSubscribeAll(PeerVersion peer, SocketType ours) {
        return peer.isUnversioned() && (ours == SocketType.PUB || ours == SocketType.XPUB);
    }

    /** The subscription assumed from such a peer: {@code {0x01}}, a subscribe message for the empty prefix. */
    public static byte[] subscribeAllMessageBody() {
        return SubscriptionFrames.subscribeMessageBody(new byte[0]);
    }
}
