package io.monocoque.spring.support;

import io.monocoque.zmq.PeerInfo;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.Assert;

/**
 * Maps between ZeroMQ messages and Spring {@link Message}s, converting payloads with a
 * {@link MessageConverter} chain (byte[], UTF-8 text, JSON, and the application's converters).
 *
 * <p>Inbound, the payload is the last frame of the message's body (after a router's envelope;
 * after a sub socket's topic frame) and the {@link ZmqHeaders} describe the rest. Outbound, a
 * payload becomes one frame ({@code ZmqMessage} payloads are sent as they are, every frame), and
 * only the {@link ZmqHeaders#TOPIC} and {@link ZmqHeaders#ROUTING_ID} headers become frames.
 */
public class ZmqMessageMapper {

    private final MessageConverter converter;

    public ZmqMessageMapper(MessageConverter converter) {
        Assert.notNull(converter, "converter is required");
        this.converter = converter;
    }

    /** The converter chain payloads go through. */
    public MessageConverter getMessageConverter() {
        return converter;
    }

    /**
     * The Spring message for a message received on socket {@code socketName} of type
     * {@code socketType}: the payload frame as {@code byte[]} with the {@link ZmqHeaders}.
     */
    public Message<byte[]> toMessage(ZmqMessage received, ZmqEnvelope parts, String socketName, SocketType socketType) {
        PeerInfo peer = received.peer();
        MessageBuilder<byte[]> builder = MessageBuilder.withPayload(parts.payload())
                .setHeader(ZmqHeaders.RAW_MESSAGE, received)
                .setHeader(ZmqHeaders.PEER, peer);
        if (socketName != null) {
            builder.setHeader(ZmqHeaders.SOCKET, socketName);
        }
        if (socketType != null) {
            builder.setHeader(ZmqHeaders.SOCKET_TYPE, socketType);
        }
        if (parts.topic() != null) {
            builder.setHeader(ZmqHeaders.TOPIC, parts.topic());
        }
        if (parts.routingId() != null) {
            builder.setHeader(ZmqHeaders.ROUTING_ID, parts.routingId());
        } else if (received.routingId() != 0) {
            builder.setHeader(ZmqHeaders.ROUTING_ID, received.routingId());
        }
        if (received.group() != null) {
            builder.setHeader(ZmqHeaders.GROUP, received.group());
        }
        if (peer.userId() != null) {
            builder.setHeader(ZmqHeaders.USER_ID, peer.userId());
        }
        if (peer.remoteAddress() != null) {
            builder.setHeader(ZmqHeaders.PEER_ADDRESS, peer.remoteAddress());
        }
        return builder.build();
    }

    /**
     * Converts a received message's payload to {@code targetType}: {@code ZmqMessage} gives the
     * raw message, {@code Message} the message itself, anything else goes through the converters.
     *
     * @throws MessageConversionException when no converter can produce {@code targetType}
     */
    @SuppressWarnings("unchecked")
    public <T> T fromMessage(Message<?> message, Class<T> targetType) {
        if (targetType == ZmqMessage.class) {
            return (T) message.getHeaders().get(ZmqHeaders.RAW_MESSAGE, ZmqMessage.class);
        }
        if (targetType == Message.class) {
            return (T) message;
        }
        if (targetType.isInstance(message.getPayload()) && targetType != Object.class) {
            return (T) message.getPayload();
        }
        Object converted = converter.fromMessage(message, targetType);
        if (converted == null) {
            throw new MessageConversionException(message, "no MessageConverter converts a ZeroMQ payload to " + targetType.getName());
        }
        return (T) converted;
    }

    /**
     * The frames for {@code payload} (a {@code Message}, a {@code ZmqMessage}, or an object to
     * convert), without any topic or routing frame.
     */
    public ZmqMessage toZmqMessage(Object payload) {
        if (payload instanceof Message<?> message) {
            return toBody(message.getPayload(), message.getHeaders());
        }
        return toBody(payload, null);
    }

    /**
     * The frames to send {@code payload} on a socket of type {@code target}: on pub and xpub a
     * {@link ZmqHeaders#TOPIC} header becomes the first frame, on router the
     * {@link ZmqHeaders#ROUTING_ID} header (which a router needs to know where to send); on server
     * the {@link ZmqHeaders#ROUTING_ID} header (an {@code Integer}) addresses the message, on
     * radio the {@link ZmqHeaders#GROUP} header puts it in its group.
     */
    public ZmqMessage toZmqMessage(Object payload, SocketType target) {
        MessageHeaders headers = payload instanceof Message<?> message ? message.getHeaders() : null;
        Object body = payload instanceof Message<?> message ? message.getPayload() : payload;
        ZmqMessage frames = toBody(body, headers);
        if (target == SocketType.PUB || target == SocketType.XPUB) {
            byte[] topic = headers == null ? null : frameOf(headers.get(ZmqHeaders.TOPIC), ZmqHeaders.TOPIC);
            return topic == null ? frames : frames.prepend(topic);
        }
        if (target == SocketType.SERVER || target == SocketType.PEER) {
            return addressed(frames, headers, body);
        }
        if (target == SocketType.RADIO) {
            return grouped(frames, headers, body);
        }
        if (target == SocketType.ROUTER || target == SocketType.STREAM || target == SocketType.DGRAM) {
            byte[] routingId = headers == null ? null : frameOf(headers.get(ZmqHeaders.ROUTING_ID), ZmqHeaders.ROUTING_ID);
            if (routingId != null) {
                return frames.prepend(routingId);
            }
            if (body instanceof ZmqMessage) {
                return frames; // whole frames: the first one is the routing id
            }
            throw new MessageConversionException("a " + target.name().toLowerCase(java.util.Locale.ROOT)
                    + " socket sends only to the peer named in the "
                    + ZmqHeaders.ROUTING_ID + " header: send a Message with that header, or a ZmqMessage whose first frame is the routing id");
        }
        return frames;
    }

    /** A server's message to the client the routing id header names (or the id the frames already carry). */
    private static ZmqMessage addressed(ZmqMessage frames, MessageHeaders headers, Object body) {
        Object id = headers == null ? null : headers.get(ZmqHeaders.ROUTING_ID);
        if (id != null) {
            return frames.withRoutingId(routingId(id));
        }
        if (body instanceof ZmqMessage zmq && zmq.routingId() != 0) {
            return frames;
        }
        throw new MessageConversionException("a server or peer socket sends only to the connection named in the " + ZmqHeaders.ROUTING_ID
                + " header: send a Message with that header (the Integer a request on the server carried), or a ZmqMessage "
                + "withRoutingId(id)");
    }

    /** A radio's message in the group the group header names (or the group the frames already carry). */
    private static ZmqMessage grouped(ZmqMessage frames, MessageHeaders headers, Object body) {
        Object group = headers == null ? null : headers.get(ZmqHeaders.GROUP);
        if (group != null) {
            if (!(group instanceof String text)) {
                throw new MessageConversionException("header " + ZmqHeaders.GROUP + " must be a String, not " + group.getClass().getName());
            }
            try {
                return frames.withGroup(text);
            } catch (IllegalArgumentException e) {
                throw new MessageConversionException("header " + ZmqHeaders.GROUP + ": " + e.getMessage(), e);
            }
        }
        if (body instanceof ZmqMessage zmq && zmq.group() != null) {
            return frames;
        }
        throw new MessageConversionException("a radio socket sends each message in a group: send a Message with the " + ZmqHeaders.GROUP
                + " header, a ZmqMessage withGroup(group), or use ZmqTemplate.send(socket, group, payload)");
    }

    /**
     * A server routing id from a header value: an {@code Integer} as received (its 32 bits
     * unsigned), or a {@code Long} from 1 to 2<sup>32</sup>-1.
     *
     * @throws MessageConversionException for 0, a value out of range or another type
     */
    public static int routingId(Object value) {
        long id;
        if (value instanceof Integer i) {
            id = Integer.toUnsignedLong(i);
        } else if (value instanceof Long l) {
            id = l;
        } else {
            throw new MessageConversionException("header " + ZmqHeaders.ROUTING_ID + " on a server socket must be the Integer routing id "
                    + "a request carried (or a Long), not " + (value == null ? "null" : value.getClass().getName()));
        }
        if (id <= 0 || id > 0xFFFF_FFFFL) {
            throw new MessageConversionException("header " + ZmqHeaders.ROUTING_ID + " on a server socket must be a routing id from 1 to "
                    + 0xFFFF_FFFFL + ", not " + id);
        }
        return (int) id;
    }

    private ZmqMessage toBody(Object payload, MessageHeaders headers) {
        if (payload instanceof ZmqMessage zmq) {
            return zmq;
        }
        if (payload instanceof byte[] bytes) {
            return ZmqMessage.wrap(bytes);
        }
        if (payload instanceof String text) {
            return ZmqMessage.wrap(text.getBytes(StandardCharsets.UTF_8));
        }
        Message<?> converted = converter.toMessage(payload, headers == null ? new MessageHeaders(Map.of()) : headers);
        if (converted == null) {
            throw new MessageConversionException("no MessageConverter converts a " + payload.getClass().getName()
                    + " to a ZeroMQ frame");
        }
        Object frame = converted.getPayload();
        if (frame instanceof byte[] bytes) {
            return ZmqMessage.wrap(bytes);
        }
        if (frame instanceof String text) {
            return ZmqMessage.wrap(text.getBytes(StandardCharsets.UTF_8));
        }
        throw new MessageConversionException("the MessageConverter for " + payload.getClass().getName()
                + " produced a " + frame.getClass().getName() + ", not byte[] or String");
    }

    private static byte[] frameOf(Object value, String header) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new MessageConversionException("header " + header + " must be a String or byte[], not " + value.getClass().getName());
    }
}
