package io.monocoque.zmq.wire;

import io.monocoque.zmq.SocketType;

/**
 * The socket-type octet of the ZMTP 2.0 greeting (spec 15): {@code PAIR=0x00 PUB=0x01 SUB=0x02
 * REQ=0x03 REP=0x04 DEALER=0x05 ROUTER=0x06 PULL=0x07 PUSH=0x08}.
 *
 * <p>The spec says XPUB and XSUB are PUB and SUB on the wire, and that is what {@link #code}
 * sends for them, so that a 2.0 peer checking the spec's table accepts us. libzmq 3.x and 4.x
 * send their own API numbers instead ({@code XPUB=0x09}, {@code XSUB=0x0A}), so {@link #fromCode}
 * reads those too. Socket types that ZMTP 2.0 does not know have no code.
 */
public final class Zmtp2SocketType {

    private static final SocketType[] BY_CODE = {
        SocketType.PAIR, SocketType.PUB, SocketType.SUB, SocketType.REQ, SocketType.REP,
        SocketType.DEALER, SocketType.ROUTER, SocketType.PULL, SocketType.PUSH,
        // libzmq's ZMQ_XPUB and ZMQ_XSUB: not in spec 15, but what libzmq 3.x sends.
        SocketType.XPUB, SocketType.XSUB,
    };

    private Zmtp2SocketType() {
    }

    /**
     * The octet this side sends for {@code type}, or -1 when ZMTP 2.0 has no such socket type
     * (such a socket cannot talk to a 2.0 peer).
     */
    public static int code(SocketType type) {
        switch (type) {
            case PAIR: return 0x00;
            case PUB: case XPUB: return 0x01;
            case SUB: case XSUB: return 0x02;
            case REQ: return 0x03;
            case REP: return 0x04;
            case DEALER: return 0x05;
            case ROUTER: return 0x06;
            case PULL: return 0x07;
            case PUSH: return 0x08;
            default: return -1;
        }
    }

    /** The socket type a peer's octet names, or {@code null} for an octet that names none. */
    public static SocketType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
