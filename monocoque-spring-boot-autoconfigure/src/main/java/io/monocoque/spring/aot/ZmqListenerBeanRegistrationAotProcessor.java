package io.monocoque.spring.aot;

import io.monocoque.spring.annotation.ZmqHandler;
import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.zmq.PeerInfo;
import io.monocoque.zmq.ZmqMessage;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Set;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Runtime hints for the {@code @ZmqListener} and {@code @ZmqHandler} methods of a bean, found at build time: each method
 * invoked reflectively, and the payload and reply types (converted from and to JSON) bound by
 * reflection, so that listeners work in a GraalVM native image as on the JVM.
 */
class ZmqListenerBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

    private final BindingReflectionHintsRegistrar bindingHints = new BindingReflectionHintsRegistrar();

    @Override
    public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        Class<?> beanClass = ClassUtils.getUserClass(registeredBean.getBeanClass());
        Set<Method> listeners = MethodIntrospector.selectMethods(beanClass,
                (ReflectionUtils.MethodFilter) method -> AnnotatedElementUtils.hasAnnotation(method, ZmqListener.class)
                        || AnnotatedElementUtils.hasAnnotation(method, ZmqHandler.class));
        if (listeners.isEmpty()) {
            return null;
        }
        return (generationContext, code) -> {
            ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
            for (Method listener : listeners) {
                reflection.registerMethod(listener, ExecutableMode.INVOKE);
                for (int i = 0; i < listener.getParameterCount(); i++) {
                    MethodParameter parameter = new MethodParameter(listener, i);
                    if (!parameter.hasParameterAnnotation(Header.class) && !parameter.hasParameterAnnotation(Headers.class)) {
                        registerConverted(reflection, parameter.getGenericParameterType());
                    }
                }
                registerConverted(reflection, listener.getGenericReturnType());
            }
        };
    }

    /** Binding hints for a type a converter makes or reads, unwrapping {@code Message<T>}. */
    private void registerConverted(ReflectionHints reflection, Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Message.class) {
            registerConverted(reflection, parameterized.getActualTypeArguments()[0]);
            return;
        }
        if (type instanceof Class<?> c && (c == void.class || c.isPrimitive() || c == String.class || c == byte[].class
                || c == Object.class || Message.class.isAssignableFrom(c) || c == MessageHeaders.class || c == ZmqMessage.class
                || c == PeerInfo.class)) {
            return; // nothing to bind by reflection
        }
        bindingHints.registerReflectionHints(reflection, type);
    }
}
