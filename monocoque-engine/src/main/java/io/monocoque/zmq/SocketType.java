package io.monocoque.zmq;

import java.util.Locale;
import java.util.Set;

/**
 * The ZeroMQ socket types, with the name each one announces in the ZMTP {@code Socket-Type}
 * property, the peer types it accepts (ZMTP 3.1, spec 37, as libzmq checks them) and what it
 * can do: send, receive, publish or subscribe.
 */
public enum SocketType {
    PAIR,
    PUB,
    SUB,
    REQ,
    REP,
    DEALER,
    ROUTER,
    PULL,
    PUSH,
    XPUB,
    XSUB,
    /**
     * libzmq's raw TCP socket: no ZMTP on its connections, each peer addressed by a routing-id
     * frame, the bytes as they were read or are to be written in the frame after it. See
     * {@link #isRaw()}.
     */
    STREAM,
    /** Draft (RFC 41): talks to CLIENT peers, addressing each by a numeric routing id; single-frame. */
    SERVER,
    /** Draft (RFC 41): load-balances to and fair-queues from SERVER peers; single-frame. */
    CLIENT,
    /** Draft (RFC 49): fair-queues messages from SCATTER peers; single-frame, cannot send. */
    GATHER,
    /** Draft (RFC 49): load-balances messages over GATHER peers; single-frame, cannot receive. */
    SCATTER,
    /** Draft: a SERVER that also connects ({@code connectPeer}) to other PEERs; single-frame. */
    PEER,
    /** Draft (RFC 51): an exclusive connection to one CHANNEL peer, like PAIR; single-frame. */
    CHANNEL,
    /** Draft (RFC 48): sends single-frame messages to the DISHes that joined their group. */
    RADIO,
    /** Draft (RFC 48): receives the messages of the groups it joined. */
    DISH,
    /** Draft: {@code udp://} only; each message an address frame ({@code ip:port}) and a body. */
    DGRAM;

    /** The name on the wire, e.g. {@code "DEALER"}. */
    public String wireName() {
        return name();
    }

    /** Whether a peer announcing {@code peer} may talk to a socket of this type. */
    public boolean isCompatibleWith(SocketType peer) {
        return compatiblePeers().contains(peer);
    }

    /** The peer socket types this type accepts. */
    public Set<SocketType> compatiblePeers() {
        switch (this) {
            case PAIR: return Set.of(PAIR);
            case PUB: case XPUB: return Set.of(SUB, XSUB);
            case SUB: case XSUB: return Set.of(PUB, XPUB);
            case REQ: return Set.of(REP, ROUTER);
            case REP: return Set.of(REQ, DEALER);
            case DEALER: return Set.of(REP, DEALER, ROUTER);
            case ROUTER: return Set.of(REQ, DEALER, ROUTER);
            case PULL: return Set.of(PUSH);
            case PUSH: return Set.of(PULL);
            case STREAM: return Set.of(); // raw bytes: no ZMTP peer, whatever its type
            case SERVER: return Set.of(CLIENT);
            case CLIENT: return Set.of(SERVER);
            case GATHER: return Set.of(SCATTER);
            case SCATTER: return Set.of(GATHER);
            case PEER: return Set.of(PEER);
            case CHANNEL: return Set.of(CHANNEL);
            case RADIO: return Set.of(DISH);
            case DISH: return Set.of(RADIO);
            case DGRAM: return Set.of(); // udp:// only: no ZMTP peer at all
            default: throw new AssertionError(this);
        }
    }

    /**
     * Whether the application can send on this type: every type but SUB, PULL, GATHER and DISH (an XSUB
     * sends subscriptions and messages upstream).
     */
    public boolean canSend() {
        return this != SUB && this != PULL && this != GATHER && this != DISH;
    }

    /** Whether the application can receive on this type: every type but PUB, PUSH, SCATTER and RADIO. */
    public boolean canReceive() {
        return this != PUB && this != PUSH && this != SCATTER && this != RADIO;
    }

    /**
     * Whether sends and receives must alternate (REQ: send, then receive; REP: receive, then
     * send). Such a socket cannot both send and receive whenever it likes, so a proxy or a
     * forwarding loop cannot use it.
     */
    public boolean alternatesSendAndReceive() {
        return this == REQ || this == REP;
    }

    /** Whether this type takes subscriptions from its peers and filters what it sends by them (PUB, XPUB). */
    public boolean isPublisher() {
        return this == PUB || this == XPUB;
    }

    /** Whether this type sends subscriptions to its peers (SUB, XSUB). */
    public boolean isSubscriber() {
        return this == SUB || this == XSUB;
    }

    /**
     * Whether this type's {@code tcp://} and {@code ipc://} connections carry raw bytes instead of
     * ZMTP (STREAM): no greeting, no handshake, no framing; the socket gives each connection a
     * routing id and passes on what is read and written as it is.
     */
    public boolean isRaw() {
        return this == STREAM;
    }

    /**
     * Whether libzmq has this type only in its draft API (built with {@code ZMQ_BUILD_DRAFT_API}):
     * SERVER, CLIENT, RADIO, DISH, GATHER, SCATTER, DGRAM, PEER and CHANNEL. A libzmq peer built
     * without it (Debian's, for one) cannot talk to such a socket; JeroMQ has them all.
     */
    public boolean isDraft() {
        switch (this) {
            case SERVER: case CLIENT: case GATHER: case SCATTER: case PEER: case CHANNEL: case RADIO: case DISH: case DGRAM:
                return true;
            default:
                return false;
        }
    }

    /**
     * Whether this type refuses multipart messages: sending one fails with EINVAL, and one that
     * arrives from a peer is dropped, as libzmq does (every draft type but DGRAM).
     */
    public boolean isSingleFrame() {
        return isDraft() && this != DGRAM;
    }

    /**
     * The socket type with this wire or configuration name, case-insensitively.
     *
     * @throws ZmqException ({@link ZmqError#EINVAL}) for a name that is not a socket type
     */
    public static SocketType fromName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ZmqException(ZmqError.EINVAL, "unknown socket type '" + name + "'; expected one of "
                    + java.util.Arrays.toString(values()));
        }
    }
}
