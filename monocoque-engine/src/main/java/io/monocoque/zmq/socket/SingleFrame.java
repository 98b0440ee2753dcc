package io.monocoque.zmq.socket;

import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Msg;

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

    /** Whether a received message may be handed out; a multipart one is counted as dropped. */
    static boolean accept(SocketBase socket, ZmqMessage received) {
        return received.size() == 1 || dropped(socket);
    }

    /**
     * {@link #accept(SocketBase, ZmqMessage)} for a message as its pipe held it; a multipart one
     * is cleared from {@code received} as well.
     */
    static boolean accept(SocketBase socket, Msg received) {
        if (received.frames() == 1) {
            return true;
        }
        received.release();
        return dropped(socket);
    }

    private static boolean dropped(SocketBase socket) {
        socket.droppedMessages.incrementAndGet();
        return false;
    }
}
