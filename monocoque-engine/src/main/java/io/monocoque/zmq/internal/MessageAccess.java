package io.monocoque.zmq.internal;

import io.monocoque.zmq.PeerInfo;
import io.monocoque.zmq.ZmqMessage;

/**
 * Engine-internal access to a {@link ZmqMessage}'s frame arrays without copying them. Not for
 * application use: the arrays belong to an immutable message.
 */
public final class MessageAccess {

    /** What {@link ZmqMessage} lets the engine do. */
    public interface Accessor {
        byte[] frame(ZmqMessage message, int index);

        ZmqMessage wrap(byte[][] frames, PeerInfo peer);

        ZmqMessage wrap(byte[] frame, PeerInfo peer);

        ZmqMessage receivedFrom(ZmqMessage message, PeerInfo peer);

        ZmqMessage addressed(ZmqMessage message, PeerInfo peer, int routingId, String group);
    }

    private static volatile Accessor accessor;

    private MessageAccess() {
    }

    /**
     * Called once, by {@link ZmqMessage}'s static initializer; a second call (anyone else trying
     * to replace how the engine reaches message internals) fails.
     *
     * @throws IllegalStateException when an accessor is already installed
     */
    public static synchronized void install(Accessor a) {
        if (accessor != null) {
            throw new IllegalStateException("the message accessor is installed once, by ZmqMessage, and cannot be replaced");
        }
        accessor = java.util.Objects.requireNonNull(a, "accessor");
    }

    private static Accessor accessor() {
        Accessor a = accessor;
        if (a == null) {
            // Loading ZmqMessage runs its static initializer, which installs the accessor.
            ZmqMessage.wrap(new byte[0]);
            a = accessor;
        }
        return a;
    }

    /** Frame {@code index}'s own array: never modify it. */
    public static byte[] frame(ZmqMessage message, int index) {
        return accessor().frame(message, index);
    }

    /** A single-frame message that owns {@code frame} (no copy), received from {@code peer}. */
    public static ZmqMessage wrap(byte[] frame, PeerInfo peer) {
        return accessor().wrap(frame, peer);
    }

    /**
     * {@code message} as received from {@code peer}: itself when it already names where it came
     * from (it was decoded from a connection, perhaps forwarded since, as libzmq keeps a
     * message's metadata), else the same frames (shared, not copied) with {@code peer} — a
     * message an application sent over {@code inproc://}.
     */
    public static ZmqMessage receivedFrom(ZmqMessage message, PeerInfo peer) {
        return accessor().receivedFrom(message, peer);
    }

    /**
     * {@code message}'s frames (shared) as received from {@code peer} with a routing id (a
     * SERVER's or PEER's, 0 for none) and a group (a DISH's, null for none): what the draft socket
     * types hand the application. Unlike {@link ZmqMessage#withGroup} the group is not checked:
     * the wire already bounds it.
     */
    public static ZmqMessage addressed(ZmqMessage message, PeerInfo peer, int routingId, String group) {
        return accessor().addressed(message, peer, routingId, group);
    }

    /** A message that owns {@code frames} (no copy), received from {@code peer}. */
    public static ZmqMessage wrap(byte[][] frames, PeerInfo peer) {
        return accessor().wrap(frames, peer);
    }
}
