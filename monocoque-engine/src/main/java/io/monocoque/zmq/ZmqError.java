package io.monocoque.zmq;

/**
 * The libzmq errno a {@link ZmqException} corresponds to, so that code ported from libzmq,
 * pyzmq or JeroMQ can branch on the same conditions.
 */
public enum ZmqError {
    /** The operation would block: nothing to receive, or every peer is at its high-water mark. */
    EAGAIN,
    /** The operation is not allowed in the socket's current state (e.g. REQ sending twice). */
    EFSM,
    /** The message cannot be routed (ROUTER with router-mandatory and an unknown routing id). */
    EHOSTUNREACH,
    /** The operation is not supported by this socket type. */
    ENOTSUP,
    /** The context or the socket has been closed. */
    ETERM,
    /** An argument or option value is invalid. */
    EINVAL,
    /** The endpoint's transport is not supported. */
    EPROTONOSUPPORT,
    /** The address is already in use. */
    EADDRINUSE,
    /** The address is not local or cannot be resolved. */
    EADDRNOTAVAIL,
    /** The endpoint was never bound or connected on this socket. */
    ENOENT,
    /** A message exceeds the maximum message size. */
    EMSGSIZE,
    /** The peer violated the ZMTP protocol. */
    EPROTO,
    /** The thread was interrupted while blocked. */
    EINTR,
    /** An operation that cannot work with the socket's options (PEER's connectPeer with immediate set). */
    EFAULT,
    /** The transport cannot carry this socket type (libzmq's ENOCOMPATPROTO: e.g. a PUB over udp, a RADIO binding udp). */
    ENOCOMPATPROTO
}
