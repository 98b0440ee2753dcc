package io.monocoque.spring.listener.adapter;

import io.monocoque.spring.core.ZmqConfigurationException;
import io.monocoque.spring.listener.ZmqListenerErrorHandler;
import io.monocoque.spring.listener.ZmqListenerExecutionFailedException;
import io.monocoque.spring.listener.ZmqListenerInterceptor;
import io.monocoque.spring.listener.ZmqListenerInvocation;
import io.monocoque.spring.listener.ZmqMessageListener;
import io.monocoque.spring.listener.ZmqReceivedMessage;
import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.spring.support.ZmqMessageMapper;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqSocket;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

/**
 * Runs a listener method for each message: maps the frames to a Spring message, lets
 * spring-messaging resolve the method's parameters (converting the payload), calls it through
 * the interceptors, and sends what it returns back to the requester or to its
 * {@code @SendTo} socket. A failure goes to the error handler, whose return value is the reply.
 */
public class MessagingZmqListenerAdapter implements ZmqMessageListener {

    private final String listenerId;
    private final String description;
    private final InvocableHandlerMethod handlerMethod;
    private final ZmqMessageMapper mapper;
    private final List<ZmqListenerInterceptor> interceptors;
    private final ZmqListenerErrorHandler errorHandler;

    /** The header of a batch message that holds the number of messages in it. */
    public static final String BATCH_SIZE_HEADER = "zmq_batchSize";

    private final String sendTo;
    private final BeanFactory beanFactory;
    private volatile ZmqSocket sendToSocket;

    /**
     * @param sendTo the name of the socket bean return values go to, or {@code null} to reply to
     *               the requester
     */
    public MessagingZmqListenerAdapter(String listenerId, String description, InvocableHandlerMethod handlerMethod, ZmqMessageMapper mapper,
            List<ZmqListenerInterceptor> interceptors, ZmqListenerErrorHandler errorHandler, String sendTo, BeanFactory beanFactory) {
        this.listenerId = listenerId;
        this.description = description;
        this.handlerMethod = handlerMethod;
        this.mapper = mapper;
        this.interceptors = List.copyOf(interceptors);
        this.errorHandler = errorHandler;
        this.sendTo = sendTo;
        this.beanFactory = beanFactory;
    }

    @Override
    public void onMessage(ZmqReceivedMessage received) throws Exception {
        invoke(received, mapper.toMessage(received.message(), received.parts(), received.socketName(), received.socketType()));
    }

    /**
     * Calls the method with {@code message}, the Spring message already made of {@code received}
     * (by a caller that chose this listener for it), and sends what it returns.
     */
    public void invoke(ZmqReceivedMessage received, Message<?> message) throws Exception {
        ZmqListenerInvocation invocation = new ZmqListenerInvocation(listenerId, received.socketName(), received.socketType(), message,
                received.message(), handlerMethod.getMethod());
        Object result;
        try {
            result = intercept(invocation, 0, () -> handlerMethod.invoke(message));
        } catch (Exception | LinkageError | AssertionError e) {
            throw e instanceof ZmqListenerExecutionFailedException f ? f
                    : new ZmqListenerExecutionFailedException(listenerId, received.socketName(), message, e);
        }
        if (result != null) {
            sendResult(result, received);
        }
    }

    /**
     * A batch: the method's {@code List} parameter gets the payloads, each converted to the list's
     * element type ({@code byte[]}, {@code String}, {@code ZmqMessage} for every frame, or a
     * type the converters make, e.g. from JSON).
     */
    @Override
    public void onBatch(List<ZmqReceivedMessage> received) throws Exception {
        Class<?> element = batchElementType();
        List<Object> payloads = new ArrayList<>(received.size());
        for (ZmqReceivedMessage r : received) {
            if (element == ZmqMessage.class) {
                payloads.add(r.message());
                continue;
            }
            Message<byte[]> m = mapper.toMessage(r.message(), r.parts(), r.socketName(), r.socketType());
            if (element == byte[].class || element == Object.class) {
                payloads.add(m.getPayload());
            } else if (element == String.class) {
                payloads.add(new String(m.getPayload(), StandardCharsets.UTF_8));
            } else {
                payloads.add(mapper.fromMessage(m, element));
            }
        }
        ZmqReceivedMessage first = received.get(0);
        Message<List<Object>> batch = MessageBuilder.withPayload(payloads).setHeader(ZmqHeaders.SOCKET, first.socketName())
                .setHeader(BATCH_SIZE_HEADER, payloads.size()).build();
        ZmqListenerInvocation invocation = new ZmqListenerInvocation(listenerId, first.socketName(), first.socketType(), batch,
                first.message(), handlerMethod.getMethod());
        try {
            intercept(invocation, 0, () -> handlerMethod.invoke(batch));
        } catch (Exception | LinkageError | AssertionError e) {
            throw e instanceof ZmqListenerExecutionFailedException f ? f
                    : new ZmqListenerExecutionFailedException(listenerId, first.socketName(), batch, e);
        }
    }

    private Class<?> batchElementType() {
        Method method = handlerMethod.getMethod();
        for (int i = 0; i < method.getParameterCount(); i++) {
            if (List.class.isAssignableFrom(method.getParameterTypes()[i])) {
                return ResolvableType.forMethodParameter(method, i).getGeneric(0).resolve(Object.class);
            }
        }
        throw new IllegalStateException(description + " is a batch listener and takes no List parameter for the batch");
    }

    /** The listener's error handler, if it has one, gets the failure; what it returns is the reply. */
    @Override
    public boolean handleFailure(ZmqReceivedMessage received, Throwable failure) throws Exception {
        if (errorHandler == null) {
            return false;
        }
        Message<byte[]> message = mapper.toMessage(received.message(), received.parts(), received.socketName(), received.socketType());
        ZmqListenerExecutionFailedException f = failure instanceof ZmqListenerExecutionFailedException e ? e
                : new ZmqListenerExecutionFailedException(listenerId, received.socketName(), message, failure);
        Object result = errorHandler.handleError(message, f);
        if (result != null) {
            sendResult(result, received);
        }
        return true;
    }

    private Object intercept(ZmqListenerInvocation invocation, int index, Callable<Object> target) throws Exception {
        if (index == interceptors.size()) {
            return target.call();
        }
        return interceptors.get(index).invoke(invocation, () -> intercept(invocation, index + 1, target));
    }

    private void sendResult(Object result, ZmqReceivedMessage received) {
        if (sendTo != null) {
            ZmqSocket target = sendToSocket();
            target.send(mapper.toZmqMessage(inGroup(result, received, target.type()), target.type()));
        } else if (received.canReply()) {
            received.reply(mapper.toZmqMessage(result));
        } else {
            throw new IllegalStateException(description + " returned a value, and a message from " + received.socketType()
                    + " socket '" + received.socketName() + "' has no way back: add @SendTo(\"socket\") or return void");
        }
    }

    /**
     * A result for a RADIO socket goes out in the group its {@link ZmqHeaders#GROUP} header names
     * (when it is a {@code Message} with one), else in the group of the message it answers (a
     * DISH listener relaying to a RADIO); without either the mapper refuses it.
     */
    private static Object inGroup(Object result, ZmqReceivedMessage received, SocketType target) {
        String group = received.message().group();
        if (target != SocketType.RADIO || group == null) {
            return result;
        }
        if (result instanceof Message<?> message) {
            return message.getHeaders().containsKey(ZmqHeaders.GROUP) ? message
                    : MessageBuilder.fromMessage(message).setHeader(ZmqHeaders.GROUP, group).build();
        }
        if (result instanceof ZmqMessage zmq) {
            return zmq.group() != null ? zmq : zmq.withGroup(group);
        }
        return MessageBuilder.withPayload(result).setHeader(ZmqHeaders.GROUP, group).build();
    }

    /** The {@code @SendTo} socket exists and can send a result on its own: checked when the container starts. */
    @Override
    public void checkReady() {
        if (sendTo != null) {
            sendToSocket = null;
            sendToSocket();
        }
    }

    private ZmqSocket sendToSocket() {
        ZmqSocket s = sendToSocket;
        if (s == null) {
            try {
                s = beanFactory.getBean(sendTo, ZmqSocket.class);
            } catch (NoSuchBeanDefinitionException e) {
                throw new ZmqConfigurationException("@SendTo", sendTo, description + " sends its results to socket '" + sendTo
                        + "', and there is no ZmqSocket bean of that name", "Declare it under monocoque.sockets." + sendTo
                        + " (with a type that sends, such as push or pub), or correct the name in @SendTo.", e);
            }
            if (!canSendResults(s.type())) {
                throw new ZmqConfigurationException("@SendTo", sendTo, description + " sends its results to socket '" + sendTo
                        + "', a " + s.type() + " socket, which " + cannotSend(s.type()),
                        "Send the results on a socket of type " + resultTypes()
                                + " (e.g. monocoque.sockets." + sendTo + ".type=push), or name such a socket in @SendTo.");
            }
            sendToSocket = s;
        }
        return s;
    }

    /**
     * Whether a socket of {@code type} can send a result on its own ({@code @SendTo} targets): it
     * sends, does not alternate with receiving (REQ, REP) and is not a subscriber (an XSUB sends
     * subscriptions upstream).
     */
    static boolean canSendResults(SocketType type) {
        return type.canSend() && !type.alternatesSendAndReceive() && !type.isSubscriber();
    }

    private static String resultTypes() {
        return java.util.Arrays.stream(SocketType.values()).filter(MessagingZmqListenerAdapter::canSendResults)
                .map(t -> t.name().toLowerCase(java.util.Locale.ROOT)).toList().toString();
    }

    private static String cannotSend(SocketType type) {
        return switch (type) {
            case REP -> "sends only the reply to the request it received";
            case REQ -> "sends only requests and waits for each reply";
            case XSUB -> "sends subscriptions upstream";
            default -> "only receives";
        };
    }

    /** The listener method. */
    public InvocableHandlerMethod getHandlerMethod() {
        return handlerMethod;
    }
}
