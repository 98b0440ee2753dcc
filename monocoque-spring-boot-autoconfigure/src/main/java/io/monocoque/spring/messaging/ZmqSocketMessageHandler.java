package io.monocoque.spring.messaging;

import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.Assert;

/**
 * A {@link MessageHandler} that sends every message on a ZeroMQ socket, payload converted by the
 * {@link ZmqMessageMapper} (the converter chain of {@code @ZmqListener} and {@code ZmqTemplate}).
 * Usable without Spring Integration.
 *
 * <p>On PUB and XPUB sockets the topic frame comes from the {@linkplain #setTopicFunction topic
 * function}, else the {@linkplain #setTopic fixed topic}, else the {@link ZmqHeaders#TOPIC}
 * header ("topic wrap"; with {@linkplain #setWrapTopic wrapTopic} an empty frame follows it, as
 * {@code spring-integration-zeromq} frames topics); on ROUTER sockets the
 * {@link ZmqHeaders#ROUTING_ID} header names the peer, on SERVER sockets too (an {@code Integer}).
 * Other headers go on the wire only with a {@linkplain #setHeaderMapper header mapper}, in a frame
 * of their own before the payload; the single-frame draft types carry no header frame (a header
 * mapper on one is refused when a message is sent).
 */
public class ZmqSocketMessageHandler implements MessageHandler {

    private static final byte[] EMPTY = new byte[0];

    private final ZmqSocketSource source;
    private final ZmqMessageMapper mapper;
    private Function<Message<?>, ?> topicFunction;
    private boolean wrapTopic;
    private ZmqHeaderFrameMapper headerMapper;
    private ZmqMessageFailures failures;

    /** Sends on {@code socket}, which the caller owns (binds, connects and closes). */
    public ZmqSocketMessageHandler(ZmqSocket socket, ZmqMessageMapper mapper) {
        this(ZmqSocketSource.of(socket), mapper);
    }

    /** Sends on the socket {@code source} has open (a declared socket must be opened by its owner). */
    public ZmqSocketMessageHandler(ZmqSocketSource source, ZmqMessageMapper mapper) {
        Assert.notNull(source, "source is required");
        Assert.notNull(mapper, "mapper is required");
        this.source = source;
        this.mapper = mapper;
    }

    /** Every message goes out under this topic (PUB/XPUB). */
    public void setTopic(String topic) {
        this.topicFunction = topic == null ? null : m -> topic;
    }

    /**
     * The topic (a {@code String} or {@code byte[]}) of each message, e.g. from a header (PUB/XPUB);
     * on a RADIO socket its group (else the {@link ZmqHeaders#GROUP} header gives it).
     */
    public void setTopicFunction(Function<Message<?>, ?> topicFunction) {
        this.topicFunction = topicFunction;
    }

    /**
     * Whether an empty frame goes between the topic and the rest ({@code [topic, "", payload]}),
     * as {@code spring-integration-zeromq}'s {@code wrapTopic} does; default {@code false}: the
     * plain ZeroMQ {@code [topic, payload]}. Receivers in Monocoque read either.
     */
    public void setWrapTopic(boolean wrapTopic) {
        this.wrapTopic = wrapTopic;
    }

    /** Carries the message's headers in a frame before the payload (default: none travel). */
    public void setHeaderMapper(ZmqHeaderFrameMapper headerMapper) {
        this.headerMapper = headerMapper;
    }

    /** Where messages that could not be sent are counted (default: nowhere). */
    public void setMessageFailures(ZmqMessageFailures failures) {
        this.failures = failures;
    }

    @Override
    public void handleMessage(Message<?> message) throws MessagingException {
        ZmqSocket socket = source.current();
        if (socket == null) {
            socket = source.open(null);
        }
        if (headerMapper != null && socket.type().isSingleFrame()) {
            throw new MessageConversionException(message, "socket '" + source.getName() + "' is a " + socket.type()
                    + " socket, which sends single-frame messages only: it cannot carry a header frame (remove the header mapper)");
        }
        try {
            socket.send(frames(message, socket.type(), mapper, topicFunction, wrapTopic, headerMapper));
        } catch (RuntimeException e) {
            if (failures != null) {
                failures.record(source.getName());
            }
            throw e;
        }
    }

    /** The frames to send {@code message} with on a socket of type {@code type}, without header frame or topic delimiter. */
    public static ZmqMessage frames(Message<?> message, SocketType type, ZmqMessageMapper mapper, Function<Message<?>, ?> topicFunction) {
        return frames(message, type, mapper, topicFunction, false, null);
    }

    /**
     * The frames to send {@code message} with on a socket of type {@code type}: on PUB and XPUB
     * the topic (from {@code topicFunction} if not {@code null}, else the {@link ZmqHeaders#TOPIC}
     * header), then an empty frame if {@code wrapTopic}; on RADIO {@code topicFunction} gives the
     * group (else the {@link ZmqHeaders#GROUP} header); on ROUTER the
     * {@link ZmqHeaders#ROUTING_ID} header's peer; then the header frame if
     * {@code headerMapper} is not {@code null}; then the payload. A {@code ZmqMessage} payload
     * is sent as its own frames, with no header frame.
     */
    public static ZmqMessage frames(Message<?> message, SocketType type, ZmqMessageMapper mapper, Function<Message<?>, ?> topicFunction,
            boolean wrapTopic, ZmqHeaderFrameMapper headerMapper) {
        return framesWithHeaderFrame(message, type, mapper, topicFunction, wrapTopic, headerMapper == null ? null : headerMapper::toFrame);
    }

    /**
     * {@link #frames(Message, SocketType, ZmqMessageMapper, Function, boolean, ZmqHeaderFrameMapper)}
     * with the header frame from {@code headerFrame} (none when it is {@code null} or returns
     * {@code null}).
     */
    public static ZmqMessage framesWithHeaderFrame(Message<?> message, SocketType type, ZmqMessageMapper mapper,
            Function<Message<?>, ?> topicFunction, boolean wrapTopic, Function<Message<?>, byte[]> headerFrame) {
        boolean raw = message.getPayload() instanceof ZmqMessage;
        if (type.isSingleFrame()) {
            // One frame, addressed by the message itself (a server's routing id, a radio's group): no header frame, no topic frame.
            Object group = type == SocketType.RADIO && topicFunction != null ? topicFunction.apply(message) : null;
            if (group != null) {
                String text = group instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : group.toString();
                message = MessageBuilder.fromMessage(message).setHeader(ZmqHeaders.GROUP, text).build();
            }
            return mapper.toZmqMessage(message, type);
        }
        boolean routed = type == SocketType.ROUTER || type == SocketType.STREAM || type == SocketType.DGRAM;
        if (routed && (raw || message.getHeaders().get(ZmqHeaders.ROUTING_ID) == null)) {
            return mapper.toZmqMessage(message, type); // its own frames, or the mapper's explanation of what a router needs
        }
        ZmqMessage body = mapper.toZmqMessage(message);
        byte[] header = headerFrame == null || raw ? null : headerFrame.apply(message);
        if (header != null) {
            body = body.prepend(header);
        }
        if (type == SocketType.PUB || type == SocketType.XPUB) {
            Object topic = topicFunction != null ? topicFunction.apply(message) : message.getHeaders().get(ZmqHeaders.TOPIC);
            if (topic == null) {
                return body;
            }
            byte[] frame = topicFrame(message, topic);
            return wrapTopic ? body.prepend(frame, EMPTY) : body.prepend(frame);
        }
        if (routed) {
            return body.prepend(topicFrame(message, message.getHeaders().get(ZmqHeaders.ROUTING_ID)));
        }
        return body;
    }

    private static byte[] topicFrame(Message<?> message, Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof CharSequence text) {
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
        throw new MessageConversionException(message, "a topic or routing id must be a String or byte[], not " + value.getClass().getName());
    }
}
