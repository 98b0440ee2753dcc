package io.monocoque.spring.support;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;

import java.nio.charset.StandardCharsets;

/**
 * A received message split the way its socket type frames it: the envelope a reply must carry
 * back (router), the topic (sub), and the body whose last frame is the payload.
 *
 * @param envelope  the frames a reply must start with on a router socket (the routing id, then
 *                  every frame up to and including the empty delimiter if there is one) or a
 *                  stream socket (the connection's routing id), or
 *                  {@code null} for socket types that route replies themselves
 * @param body      the frames after the envelope (the whole message for most types)
 * @param routingId the peer's routing id on a router or stream socket, else {@code null}
 * @param topic     the first frame of a multipart message on a sub or xsub socket, else {@code null}
 */
public record ZmqEnvelope(ZmqMessage envelope, ZmqMessage body, byte[] routingId, String topic) {

    /**
     * Splits {@code message} as received on a socket of type {@code type}.
     *
     * @return the parts, or {@code null} when a router socket standing in for a rep socket got a
     *         message without the empty delimiter a request must have (rep drops those too)
     */
    public static ZmqEnvelope split(ZmqMessage message, SocketType type, boolean requestsOnly) {
        switch (type) {
            case ROUTER:
                return splitRouter(message, requestsOnly);
            case STREAM:
                // [routing id][bytes]: the connection's id, then what it read (empty: it opened or closed)
            case DGRAM:
                // [address][body]: the sender's ip:port, then the datagram
                return splitRouter(message, false);
            case SUB:
            case XSUB:
                return message.size() > 1
                        ? new ZmqEnvelope(null, message, null, message.frameString(0))
                        : new ZmqEnvelope(null, message, null, null);
            case DEALER:
                // A rep or router peer's reply starts with the empty delimiter its request had.
                return message.size() > 1 && message.frameLength(0) == 0
                        ? new ZmqEnvelope(null, message.dropFirst(1), null, null)
                        : new ZmqEnvelope(null, message, null, null);
            default:
                return new ZmqEnvelope(null, message, null, null);
        }
    }

    private static ZmqEnvelope splitRouter(ZmqMessage message, boolean requestsOnly) {
        if (message.size() < 2) {
            return null; // a routing id and nothing else: there is no body to handle
        }
        int delimiter = -1;
        for (int i = 1; i < message.size() - 1; i++) {
            if (message.frameLength(i) == 0) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0 && requestsOnly) {
            return null;
        }
        int envelopeSize = delimiter < 0 ? 1 : delimiter + 1;
        byte[][] env = new byte[envelopeSize][];
        for (int i = 0; i < envelopeSize; i++) {
            env[i] = message.frame(i);
        }
        return new ZmqEnvelope(ZmqMessage.wrap(env), message.dropFirst(envelopeSize), message.frame(0), null);
    }

    /** The payload: the body's last frame. */
    public byte[] payload() {
        return body.frame(body.size() - 1);
    }

    /** The routing id as UTF-8 text, or {@code null}. */
    public String routingIdString() {
        return routingId == null ? null : new String(routingId, StandardCharsets.UTF_8);
    }
}
