package io.monocoque.spring.messaging;

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
import org.springframework.util.Assert;

/**
 * A {@link MessageHandler} that sends every message on a ZeroMQ socket, payload converted by the
 * {@link ZmqMessageMapper} (the converter chain of {@code @ZmqListener} and {@code ZmqTemplate}).
 *
 * <p>On PUB and XPUB sockets the topic frame comes from the {@linkplain #setTopicFunction topic
 * function}, else the {@linkplain #setTopic fixed topic}, else the {@link ZmqHeaders#TOPIC}
 * header; on ROUTER sockets the {@link ZmqHeaders#ROUTING_ID} header names the peer. Nothing else
 * of the message's headers goes on the wire. Usable without Spring Integration.
 */
public class ZmqSocketMessageHandler implements MessageHandler {

    private final ZmqSocketSource source;
    private final ZmqMessageMapper mapper;
    private Function<Message<?>, ?> topicFunction;

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

    /** The topic (a {@code String} or {@code byte[]}) of each message, e.g. from a header (PUB/XPUB). */
    public void setTopicFunction(Function<Message<?>, ?> topicFunction) {
        this.topicFunction = topicFunction;
    }

    @Override
    public void handleMessage(Message<?> message) throws MessagingException {
        ZmqSocket socket = source.current();
        if (socket == null) {
            socket = source.open(null);
        }
        socket.send(frames(message, socket.type(), mapper, topicFunction));
    }

    /** The frames to send {@code message} with on a socket of type {@code type}. */
    public static ZmqMessage frames(Message<?> message, SocketType type, ZmqMessageMapper mapper, Function<Message<?>, ?> topicFunction) {
        if (topicFunction != null && (type == SocketType.PUB || type == SocketType.XPUB)) {
            Object topic = topicFunction.apply(message);
            ZmqMessage body = mapper.toZmqMessage(message);
            if (topic == null) {
                return body;
            }
            if (topic instanceof byte[] bytes) {
                return body.prepend(bytes);
            }
            if (topic instanceof CharSequence text) {
                return body.prepend(text.toString().getBytes(StandardCharsets.UTF_8));
            }
            throw new MessageConversionException(message, "a topic must be a String or byte[], not " + topic.getClass().getName());
        }
        return mapper.toZmqMessage(message, type);
    }
}
