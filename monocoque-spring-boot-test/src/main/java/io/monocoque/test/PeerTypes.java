package io.monocoque.test;

import io.monocoque.zmq.SocketType;

/** The socket type a test peer takes to talk to a socket of a given type. */
public final class PeerTypes {

    private PeerTypes() {
    }

    /**
     * The type that pairs with {@code type} the way an application's counterpart would: PULL for
     * PUSH, SUB for PUB and XPUB, PUB for SUB and XSUB, REQ for REP, REP for REQ, ROUTER for
     * DEALER, DEALER for ROUTER, PAIR for PAIR, STREAM for STREAM (raw bytes either way); and for
     * the draft types CLIENT for SERVER, SERVER for CLIENT, GATHER for SCATTER, SCATTER for GATHER,
     * CHANNEL for CHANNEL, PEER for PEER, DISH for RADIO, RADIO for DISH and DGRAM for DGRAM (udp).
     */
    public static SocketType peerOf(SocketType type) {
        return switch (type) {
            case PUSH -> SocketType.PULL;
            case PULL -> SocketType.PUSH;
            case PUB, XPUB -> SocketType.SUB;
            case SUB, XSUB -> SocketType.PUB;
            case REQ -> SocketType.REP;
            case REP -> SocketType.REQ;
            case DEALER -> SocketType.ROUTER;
            case ROUTER -> SocketType.DEALER;
            case PAIR -> SocketType.PAIR;
            case STREAM -> SocketType.STREAM;
            case SERVER -> SocketType.CLIENT;
            case CLIENT -> SocketType.SERVER;
            case SCATTER -> SocketType.GATHER;
            case GATHER -> SocketType.SCATTER;
            case CHANNEL -> SocketType.CHANNEL;
            case PEER -> SocketType.PEER;
            case RADIO -> SocketType.DISH;
            case DISH -> SocketType.RADIO;
            case DGRAM -> SocketType.DGRAM;
        };
    }
}
