package io.monocoque.zmq.socket;

import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Msg;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.FairQueue;

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
     * The next peer in turn of {@code fq} whose waiting message may be handed out, multipart
     * ones on the way taken and counted as dropped; null when none is waiting.
     */
    static Pipe readable(SocketBase socket, FairQueue fq) {
        Pipe p;
        while ((p = fq.readable()) != null && !acceptNext(socket, p)) {
            fq.taken(p);
        }
        return p;
    }

    /**
     * Whether the message waiting in {@code p} may be handed out. A multipart one is taken and
     * counted as dropped instead, and the caller marks it taken and looks again.
     */
    static boolean acceptNext(SocketBase socket, Pipe p) {
        if (p.nextForm() != Msg.MESSAGE || p.peekMessage().size() == 1) {
            return true;
        }
        p.readMessage();
        return dropped(socket);
    }

    private static boolean dropped(SocketBase socket) {
        socket.droppedMessages.incrementAndGet();
        return false;
    }
}
