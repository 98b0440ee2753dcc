package io.monocoque.spring.listener.adapter;

import io.monocoque.spring.listener.ZmqListenerContainer;
import io.monocoque.spring.listener.ZmqListenerErrorHandler;
import io.monocoque.spring.listener.ZmqListenerSupport;
import io.monocoque.spring.listener.ZmqMessageListener;
import io.monocoque.spring.support.ZmqHeaderFrameMapper;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * A listener endpoint whose messages go to one of several methods of a bean, chosen by payload
 * type: what a class-level {@code @ZmqListener} with {@code @ZmqHandler} methods becomes.
 */
public class MultiMethodZmqListenerEndpoint extends MethodZmqListenerEndpoint {

    /** Header frames are JSON: without Jackson no type id can be read (nor written). */
    private static final boolean JACKSON = ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper",
            MultiMethodZmqListenerEndpoint.class.getClassLoader());

    private ZmqHandlerSelection handlers;

    /** The handler methods and the rules that choose among them. */
    public ZmqHandlerSelection getHandlers() {
        return handlers;
    }

    public void setHandlers(ZmqHandlerSelection handlers) {
        this.handlers = handlers;
    }

    @Override
    public ZmqMessageListener createMessageListener(ZmqListenerContainer container, ZmqListenerSupport support) {
        Assert.state(getBean() != null && handlers != null, "a bean and its handlers are required");
        Map<Method, MessagingZmqListenerAdapter> adapters = new LinkedHashMap<>();
        ZmqListenerErrorHandler errorHandler = getErrorHandler() != null ? getErrorHandler() : support.errorHandler();
        for (ZmqHandlerSelection.Handler h : handlers.handlers()) {
            InvocableHandlerMethod method = support.messageHandlerMethodFactory().createInvocableHandlerMethod(getBean(), h.method());
            adapters.put(h.method(), new MessagingZmqListenerAdapter(getId(), getDescription() + " -> " + h.describe(), method,
                    support.messageMapper(), support.interceptors(), errorHandler, h.sendTo(), support.beanFactory()));
        }
        ZmqHeaderFrameMapper headerFrames = support.beanFactory() == null ? null
                : support.beanFactory().getBeanProvider(ZmqHeaderFrameMapper.class).getIfUnique();
        if (headerFrames == null && JACKSON) {
            headerFrames = new ZmqHeaderFrameMapper(); // type ids are read with or without a header mapper bean
        }
        return new ZmqHandlerListenerAdapter(getId(), getDescription(), handlers, adapters, support.messageMapper(), headerFrames);
    }

    @Override
    public String toString() {
        return "MultiMethodZmqListenerEndpoint[" + getId() + ": " + handlers + "]";
    }
}
