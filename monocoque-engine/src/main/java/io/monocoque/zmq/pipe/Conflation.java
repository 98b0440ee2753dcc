package io.monocoque.zmq.pipe;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;

/**
 * Which directions of a socket's pipes keep only the newest message ({@code conflate}): the
 * direction that carries the socket's data, outgoing for PUB and PUSH, incoming for SUB and
 * PULL, both for DEALER. Subscriptions travel the other way and are never conflated: libzmq 4.3
 * conflates them too and so keeps only a subscriber's last subscription.
 *
 * @param outgoing whether what the socket writes is conflated
 * @param incoming whether what the socket reads is conflated
 */
public record Conflation(boolean outgoing, boolean incoming) {

    /** Nothing conflated. */
    public static final Conflation NONE = new Conflation(false, false);

    /** What {@code socket}'s {@link SocketOption#CONFLATE} setting means for its pipes. */
    public static Conflation of(PipeHost socket) {
        SocketType type = socket.type();
        if (!SocketOption.CONFLATE.appliesTo(type) || !socket.getOption(SocketOption.CONFLATE)) {
            return NONE;
        }
        boolean sendsData = type == SocketType.PUB || type == SocketType.PUSH || type == SocketType.DEALER;
        boolean receivesData = type == SocketType.SUB || type == SocketType.PULL || type == SocketType.DEALER;
        return new Conflation(sendsData, receivesData);
    }

    /**
     * An inproc pipe between a connecting and a binding socket: a direction is conflated when
     * its writer conflates what it sends or its reader what it receives. Seen from {@code this}
     * (the connecting) side.
     */
    public Conflation with(Conflation binder) {
        return new Conflation(outgoing || binder.incoming, incoming || binder.outgoing);
    }
}
