package io.monocoque.zmq.pipe;

import io.monocoque.zmq.SocketOption;

/**
 * How many messages each direction of a socket's pipe may hold, from the high-water marks of the
 * sockets at its ends, and how a change of those marks reaches the pipes a socket already has
 * (libzmq's {@code update_pipe_options}, which applies a new SNDHWM or RCVHWM to attached pipes
 * and sends it to their peers). Over a connection the socket's send mark bounds what it queues
 * for the peer and its receive mark what the connection queues for it; between two sockets over
 * inproc each direction holds the sender's send mark plus the receiver's receive mark. Zero on
 * either side means no limit.
 */
public final class HighWaterMarks {

    private HighWaterMarks() {
    }

    /** An inproc direction's mark: the sender's send mark plus the receiver's receive mark, or none if either is 0. */
    public static int sum(int sendHwm, int receiveHwm) {
        return sendHwm == 0 || receiveHwm == 0 ? 0 : sendHwm + receiveHwm;
    }

    /**
     * Applies {@code socket}'s current marks to both directions of {@code socketEnd}, one of its
     * pipes, and wakes a writer on either side that a higher mark lets go on (the socket's own
     * blocked senders, a connection that stopped reading, an inproc peer socket). Call it
     * without holding any socket's lock.
     */
    public static void update(PipeHost socket, Pipe socketEnd) {
        int send = socket.getOption(SocketOption.SEND_HIGH_WATER_MARK);
        int receive = socket.getOption(SocketOption.RECEIVE_HIGH_WATER_MARK);
        Pipe peerEnd = socketEnd.peer();
        int out;
        int in;
        if (!socketEnd.joinsSockets()) {
            out = send;
            in = receive;
        } else if (peerEnd.owner() instanceof PipeHost other) {
            out = sum(send, other.getOption(SocketOption.RECEIVE_HIGH_WATER_MARK));
            in = sum(other.getOption(SocketOption.SEND_HIGH_WATER_MARK), receive);
        } else {
            // An inproc connect whose binder is not there yet: the connecter's own marks both
            // ways, until the bind sets the pair's (from the connecter's marks as they are then).
            out = sum(send, receive);
            in = out;
        }
        if (socketEnd.setHighWaterMark(out)) {
            socket.writeActivated(socketEnd);
        }
        if (peerEnd.setHighWaterMark(in)) {
            PipeOwner writer = peerEnd.owner();
            if (writer != null) {
                writer.writeActivated(peerEnd);
            }
        }
    }
}
