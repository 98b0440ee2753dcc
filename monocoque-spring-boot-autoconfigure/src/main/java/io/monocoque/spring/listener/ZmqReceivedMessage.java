package io.monocoque.spring.listener;

import io.monocoque.spring.support.ZmqEnvelope;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;

import java.util.function.Consumer;

/**
 * A message a listener container received, with what is needed to reply to it.
 *
 * <p>{@link #message()} is the message as the listener's socket type presents it: a rep
 * listener sees the request without its envelope even when a router runs underneath.
 */
public final class ZmqReceivedMessage {

    private final ZmqMessage message;
    private final ZmqEnvelope parts;
    private final String socketName;
    private final SocketType socketType;
    private final Consumer<ZmqMessage> replier;
    private boolean replied;

    /**
     * @param replier sends a reply's frames back to the requester, or {@code null} when the
     *                socket type has no way back
     */
    public ZmqReceivedMessage(ZmqMessage message, ZmqEnvelope parts, String socketName, SocketType socketType,
            Consumer<ZmqMessage> replier) {
        this.message = message;
        this.parts = parts;
        this.socketName = socketName;
        this.socketType = socketType;
        this.replier = replier;
    }

    /** The message, as the socket type presents it to the application. */
    public ZmqMessage message() {
        return message;
    }

    /** The message split into envelope, topic and body. */
    public ZmqEnvelope parts() {
        return parts;
    }

    /** The name of the socket it came from. */
    public String socketName() {
        return socketName;
    }

    /** The socket's type as the listener sees it. */
    public SocketType socketType() {
        return socketType;
    }

    /** Whether this message can be replied to: it came on a rep, router or server socket. */
    public boolean canReply() {
        return replier != null;
    }

    /** Whether {@link #reply} was called. */
    public boolean replied() {
        return replied;
    }

    /**
     * Sends {@code reply} back to the requester (a router reply gets the request's envelope in
     * front, a server reply the request's routing id). One reply per message.
     *
     * @throws IllegalStateException when the socket type has no way back, or a reply was sent already
     */
    public void reply(ZmqMessage reply) {
        if (replier == null) {
            throw new IllegalStateException("a message received on " + socketType + " socket '" + socketName
                    + "' cannot be replied to: only rep, router and server sockets reply (use @SendTo to send the result elsewhere)");
        }
        if (replied) {
            throw new IllegalStateException("the message from socket '" + socketName + "' has been replied to already");
        }
        replied = true;
        replier.accept(reply);
    }
}
