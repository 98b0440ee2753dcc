package io.monocoque.spring.listener.adapter;

import io.monocoque.spring.core.ZmqConfigurationException;
import io.monocoque.zmq.PeerInfo;
import io.monocoque.zmq.ZmqMessage;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.util.ClassUtils;

/**
 * The {@code @ZmqHandler} methods of a class-level listener and the rules that choose one for a
 * message: (1) the handler whose payload type the message's type id names (fully qualified, or
 * by simple name when only one handler has a type of that simple name), else (2) the handler
 * that takes the raw payload ({@code byte[]}, {@code String}, {@code ZmqMessage},
 * {@code Object}), else (3) the default handler. Built once at start-up, where handlers the
 * rules cannot tell apart are refused.
 */
public final class ZmqHandlerSelection {

    /**
     * One handler method.
     *
     * @param method      the method (as the bean's class declares it)
     * @param payloadType what its payload parameter asks for ({@code Message<T>} gives {@code T})
     * @param isDefault   whether it is marked {@code @ZmqHandler(isDefault = true)}
     * @param sendTo      the socket its return values go to, or {@code null} to reply
     */
    public record Handler(Method method, Class<?> payloadType, boolean isDefault, String sendTo) {

        /** Whether it takes any message as it comes: the payload's bytes or text, or every frame. */
        public boolean raw() {
            return isRaw(payloadType);
        }

        /** {@code Class.method(PayloadType)}, as start-up errors name it. */
        public String describe() {
            return ClassUtils.getShortName(method.getDeclaringClass()) + "." + method.getName() + "("
                    + ClassUtils.getShortName(payloadType) + ")";
        }
    }

    private final List<Handler> handlers;
    private final Map<String, Handler> byName = new HashMap<>();
    private final Map<String, List<Handler>> bySimpleName = new HashMap<>();
    private final Handler withoutTypeId;

    /**
     * @param description the listener, as errors name it
     * @throws ZmqConfigurationException when there is no handler, or two of them could take the
     *                                   same message
     */
    public ZmqHandlerSelection(List<Handler> handlers, String description) {
        if (handlers.isEmpty()) {
            throw new ZmqConfigurationException("@ZmqHandler", null, description + " is on a class without @ZmqHandler methods",
                    "Mark the methods that handle its messages with @ZmqHandler, or put @ZmqListener on a method instead.");
        }
        this.handlers = List.copyOf(handlers);
        List<Handler> anyMessage = new ArrayList<>();
        for (Handler h : this.handlers) {
            if (h.raw() || h.isDefault()) {
                anyMessage.add(h);
            }
            if (h.raw()) {
                continue;
            }
            Handler same = byName.putIfAbsent(h.payloadType().getName(), h);
            if (same != null) {
                throw new ZmqConfigurationException("@ZmqHandler", h.payloadType().getName(), description + ": " + same.describe()
                        + " and " + h.describe() + " both take " + h.payloadType().getName() + ", and no type id tells them apart",
                        "Keep one @ZmqHandler per payload type.");
            }
            bySimpleName.computeIfAbsent(h.payloadType().getSimpleName(), k -> new ArrayList<>()).add(h);
        }
        if (anyMessage.size() > 1) {
            Handler a = anyMessage.get(0);
            Handler b = anyMessage.get(1);
            throw new ZmqConfigurationException("@ZmqHandler", null, description + ": " + a.describe() + " and " + b.describe()
                    + " could both take a message without a type id (" + why(a) + "; " + why(b) + ")",
                    "Keep one handler for such messages: one that takes the raw payload (byte[], String, ZmqMessage, Object) "
                            + "or one marked @ZmqHandler(isDefault = true), not both, and not two.");
        }
        this.withoutTypeId = anyMessage.isEmpty() ? null : anyMessage.get(0);
    }

    private static String why(Handler h) {
        return h.method().getName() + "()" + (h.raw() ? " takes the raw payload" : " is the default");
    }

    /** Every handler, in the order given. */
    public List<Handler> handlers() {
        return handlers;
    }

    /**
     * The handler for a message with type id {@code typeId} ({@code null}: the message carries
     * none), or {@code null} when no rule picks one.
     */
    public Handler select(String typeId) {
        if (typeId != null) {
            Handler named = byName.get(typeId);
            if (named != null) {
                return named;
            }
            List<Handler> simple = bySimpleName.get(simpleName(typeId));
            if (simple != null && simple.size() == 1) {
                return simple.get(0);
            }
        }
        return withoutTypeId;
    }

    /** {@code Order} of {@code com.example.Order} and of {@code com.example.Events$Order}. */
    static String simpleName(String typeId) {
        return typeId.substring(Math.max(typeId.lastIndexOf('.'), typeId.lastIndexOf('$')) + 1);
    }

    /**
     * The payload type of a handler method: its {@code @Payload} parameter's, else that of the
     * first parameter that is not a header, the headers or the peer; {@code Object} when it takes
     * no payload.
     */
    public static Class<?> payloadType(Method method) {
        MethodParameter payload = null;
        for (int i = 0; i < method.getParameterCount() && payload == null; i++) {
            MethodParameter p = new MethodParameter(method, i);
            if (p.hasParameterAnnotation(Payload.class)) {
                payload = p;
            }
        }
        for (int i = 0; i < method.getParameterCount() && payload == null; i++) {
            MethodParameter p = new MethodParameter(method, i);
            Class<?> type = p.getParameterType();
            if (!p.hasParameterAnnotation(Header.class) && !p.hasParameterAnnotation(Headers.class) && type != PeerInfo.class
                    && !MessageHeaders.class.isAssignableFrom(type)) {
                payload = p;
            }
        }
        if (payload == null) {
            return Object.class;
        }
        if (Message.class.isAssignableFrom(payload.getParameterType())) {
            return ResolvableType.forMethodParameter(payload).as(Message.class).getGeneric(0).resolve(Object.class);
        }
        return ClassUtils.resolvePrimitiveIfNecessary(payload.getParameterType());
    }

    static boolean isRaw(Class<?> type) {
        return type == byte[].class || type == String.class || type == ZmqMessage.class || type == Object.class;
    }

    @Override
    public String toString() {
        return handlers.stream().map(Handler::describe).collect(Collectors.joining(", ", "ZmqHandlerSelection[", "]"));
    }
}
