package io.monocoque.zmq.wire;

/**
 * What {@link ZmtpVersionDetector} has learnt about a peer's protocol version from the bytes it has
 * sent so far.
 *
 * @param stage how far detection has come
 * @param major the octet at offset 10 of a versioned greeting (ZMTP 2.0 calls it the revision: 0
 *     or 1, or 2 in spec 23's reading; 3 and above is the ZMTP 3.x major version), or -1 when the
 *     peer is unversioned ZMTP 1.0 or the octet has not arrived
 * @param minor the ZMTP 3.x minor version (offset 11), or -1 when not 3.x or not arrived yet
 * @param socketTypeCode the ZMTP 2.0 socket-type octet (offset 11, see {@link Zmtp2SocketType}) of
 *     a 2.0 peer or a revision-0 1.0 peer, or -1 when not applicable or not arrived yet
 * @param greetingSize how many of the peer's first bytes are its greeting, to be consumed before
 *     framing starts: 0 for unversioned ZMTP 1.0 (its first frame, the identity, starts at byte 0),
 *     12 for a versioned 1.0 or a 2.0 peer, 64 for 3.x (which {@link Greeting#decode} consumes);
 *     -1 while unknown
 * @param complete whether all {@code greetingSize} bytes have arrived
 */
public record PeerVersion(Stage stage, int major, int minor, int socketTypeCode, int greetingSize, boolean complete) {

    /** How far detection has come, and which protocol the peer speaks once that is known. */
    public enum Stage {
        /** Too few bytes to tell anything: send nothing beyond the signature yet. */
        NEED_MORE,
        /**
         * The peer sent a ZMTP 2.0-or-later signature but not its version octet yet: send our major
         * version now (both sides may be waiting for the other's octet 10).
         */
        VERSIONED,
        /** ZMTP 1.0 framing (unversioned libzmq 2.x, or a revision-0 versioned greeting). */
        ZMTP_1_0,
        /** ZMTP 2.0 (libzmq 3.x): 2.0 framing after a 12-octet greeting. */
        ZMTP_2_0,
        /** ZMTP 3.0 or later: the 64-octet greeting and a security handshake follow. */
        ZMTP_3
    }

    static final PeerVersion NEED_MORE = new PeerVersion(Stage.NEED_MORE, -1, -1, -1, -1, false);
    static final PeerVersion VERSIONED = new PeerVersion(Stage.VERSIONED, -1, -1, -1, -1, false);
    static final PeerVersion UNVERSIONED_1_0 = new PeerVersion(Stage.ZMTP_1_0, -1, -1, -1, 0, true);

    /** Whether the peer speaks 1.0 or 2.0, which have no security mechanism, no commands and no heartbeats. */
    public boolean isLegacy() {
        return stage == Stage.ZMTP_1_0 || stage == Stage.ZMTP_2_0;
    }

    /**
     * Whether the peer is unversioned ZMTP 1.0 (libzmq 2.x). Such a peer sent no greeting: its
     * bytes, from the first, are 1.0 frames starting with its identity. Its subscribers never
     * send subscriptions (2.x filters on the subscriber's side), so a PUB or XPUB must act as if
     * it had subscribed to everything, as libzmq does; see {@link LegacyIdentity}.
     */
    public boolean isUnversioned() {
        return stage == Stage.ZMTP_1_0 && major < 0;
    }

    /**
     * Whether a 3.x peer is to be spoken to with ZMTP 3.1 rules (commands for subscriptions,
     * PING/PONG): minor 1 or more, or a major above 3, as libzmq chooses. Only meaningful for
     * {@link Stage#ZMTP_3} with a known minor.
     */
    public boolean isZmtp31() {
        return stage == Stage.ZMTP_3 && (major > 3 || minor >= 1);
    }
}
