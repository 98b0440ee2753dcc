package io.monocoque.zmq.socket;

import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;

/**
 * The rule of the single-frame types (CLIENT, SERVER, SCATTER, GATHER, PEER, CHANNEL), as
 * libzmq has it: sending a multipart message fails with EINVAL, and a multipart message that
 * arrives from a peer is dropped whole (counted among the socket's dropped messages), the next
 * one taken instead.
 */
final class SingleFrame {

    private SingleFrame() {
    }

    /** Throws EINVAL unless {@code message} has exactly one frame. */
    static void checkSend(SocketBase socket, ZmqMessage message) {
        if (message.size() != 1) {
            throw new ZmqException(ZmqError.EINVAL, socket.name() + ": a " + socket.type()
                    + " socket sends single-frame messages only, not one of " + message.size() + " frames");
        }
    }

    /**
     * Whether a received message, a {@link ZmqMessage} or a bare frame (an array or a pooled
     * buffer) as its pipe held it, may be handed out; a multipart one is counted as dropped.
     */
    static boolean accept(SocketBase socket, Object received) {
        if (!(received instanceof ZmqMessage) || ((ZmqMessage) received).size() == 1) {
            return true;
        }
        socket.droppedMessages.incrementAndGet();
        return false;
    }
}
