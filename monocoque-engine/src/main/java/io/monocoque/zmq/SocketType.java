package io.monocoque.zmq;

import java.util.Locale;
import java.util.Set;

/**
 * The ZeroMQ socket types, with the name each one announces in the ZMTP {@code Socket-Type}
 * property and the peer types it accepts (ZMTP 3.1, spec 37, as libzmq checks them).
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
    XSUB;

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
            default: throw new AssertionError(this);
        }
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
