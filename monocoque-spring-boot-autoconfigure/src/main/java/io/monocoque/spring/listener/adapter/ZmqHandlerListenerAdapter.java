package io.monocoque.spring.listener.adapter;

import io.monocoque.spring.listener.ZmqListenerExecutionFailedException;
import io.monocoque.spring.listener.ZmqMessageListener;
import io.monocoque.spring.listener.ZmqReceivedMessage;
import io.monocoque.spring.support.ZmqEnvelope;
import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.spring.support.ZmqMessageMapper;

import java.lang.reflect.Method;
import java.util.Map;

import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The listener of a class-level {@code @ZmqListener}: reads each message's type id (from its
 * header frame, when it has one), lets the {@link ZmqHandlerSelection} choose the
 * {@code @ZmqHandler} method, and hands the message to that method's adapter, with the type id
 * as the {@link ZmqHeaders#TYPE_ID} header.
 */
public class ZmqHandlerListenerAdapter implements ZmqMessageListener {

    private final String listenerId;
    private final String description;
    private final ZmqHandlerSelection selection;
    private final Map<Method, MessagingZmqListenerAdapter> adapters;
    private final ZmqMessageMapper mapper;
    private final ZmqHeaderFrameMapper headerFrames;

    /**
     * @param adapters     one per handler method of {@code selection}
     * @param headerFrames reads type ids from header frames; {@code null}: messages carry none
     */
    public ZmqHandlerListenerAdapter(String listenerId, String description, ZmqHandlerSelection selection,
            Map<Method, MessagingZmqListenerAdapter> adapters, ZmqMessageMapper mapper, ZmqHeaderFrameMapper headerFrames) {
        this.listenerId = listenerId;
        this.description = description;
        this.selection = selection;
        this.adapters = Map.copyOf(adapters);
        this.mapper = mapper;
        this.headerFrames = headerFrames;
    }

    @Override
    public void onMessage(ZmqReceivedMessage received) throws Exception {
        String typeId = typeId(received);
        Message<byte[]> message = mapper.toMessage(received.message(), received.parts(), received.socketName(), received.socketType());
        if (typeId != null) {
            message = MessageBuilder.fromMessage(message).setHeader(ZmqHeaders.TYPE_ID, typeId).build();
        }
        ZmqHandlerSelection.Handler handler = selection.select(typeId);
        if (handler == null) {
            throw new ZmqListenerExecutionFailedException(listenerId, received.socketName(), message, new MessageConversionException(message,
                    description + " has no @ZmqHandler for a message " + (typeId == null ? "without a type id" : "of type id '" + typeId + "'")
                            + ": none takes the raw payload (byte[], String, ZmqMessage) and none is marked isDefault"));
        }
        adapters.get(handler.method()).invoke(received, message);
    }

    /** The handler the message went to, or the first one when none was chosen, handles the failure. */
    @Override
    public boolean handleFailure(ZmqReceivedMessage received, Throwable failure) throws Exception {
        ZmqHandlerSelection.Handler handler = selection.select(typeId(received));
        Method method = handler != null ? handler.method() : selection.handlers().get(0).method();
        return adapters.get(method).handleFailure(received, failure);
    }

    @Override
    public void checkReady() {
        adapters.values().forEach(MessagingZmqListenerAdapter::checkReady);
    }

    private String typeId(ZmqReceivedMessage received) {
        if (headerFrames == null) {
            return null;
        }
        ZmqEnvelope parts = received.parts();
        return headerFrames.typeIdOf(parts.body(), parts.topic() != null ? 1 : 0);
    }
}
