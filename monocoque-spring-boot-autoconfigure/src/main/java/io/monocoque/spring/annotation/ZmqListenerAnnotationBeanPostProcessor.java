package io.monocoque.spring.annotation;

import io.monocoque.spring.core.ZmqConfigurationException;
import io.monocoque.spring.core.ZmqEndpoints;
import io.monocoque.spring.listener.adapter.MethodZmqListenerEndpoint;
import io.monocoque.spring.listener.adapter.MultiMethodZmqListenerEndpoint;
import io.monocoque.spring.listener.ZmqListenerContainerFactory;
import io.monocoque.spring.listener.ZmqListenerEndpointRegistry;
import io.monocoque.spring.listener.ZmqListenerErrorHandler;
import io.monocoque.spring.listener.adapter.ZmqHandlerSelection;
import io.monocoque.zmq.SocketType;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Finds {@link ZmqListener} methods on beans, turns each into a
 * {@link MethodZmqListenerEndpoint}, and once every singleton exists registers them with the
 * {@link ZmqListenerEndpointRegistry}, through the container factory each one names.
 */
public class ZmqListenerAnnotationBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton, Ordered {

    private final Set<Class<?>> classesWithoutListeners = ConcurrentHashMap.newKeySet();
    private final List<Pending> pending = new ArrayList<>();
    private final Map<String, Integer> idCounts = new HashMap<>();
    private BeanFactory beanFactory;
    private BeanExpressionResolver expressionResolver;
    private BeanExpressionContext expressionContext;
    private boolean registering;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
        if (beanFactory instanceof ConfigurableBeanFactory cbf) {
            this.expressionResolver = cbf.getBeanExpressionResolver();
            this.expressionContext = new BeanExpressionContext(cbf, null);
        }
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (classesWithoutListeners.contains(targetClass)) {
            return bean;
        }
        Map<Method, Set<ZmqListener>> methods = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<Set<ZmqListener>>) m -> {
                    Set<ZmqListener> found = AnnotatedElementUtils.findMergedRepeatableAnnotations(m, ZmqListener.class, ZmqListeners.class);
                    return found.isEmpty() ? null : found;
                });
        Set<ZmqListener> classListeners = AnnotatedElementUtils.findMergedRepeatableAnnotations(targetClass, ZmqListener.class, ZmqListeners.class);
        Map<Method, ZmqHandler> handlers = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<ZmqHandler>) m -> AnnotatedElementUtils.findMergedAnnotation(m, ZmqHandler.class));
        if (methods.isEmpty() && classListeners.isEmpty() && handlers.isEmpty()) {
            classesWithoutListeners.add(targetClass);
            return bean;
        }
        if (classListeners.isEmpty() && !handlers.isEmpty()) {
            Method handler = handlers.keySet().iterator().next();
            throw new ZmqConfigurationException("@ZmqHandler", null, "@ZmqHandler " + ClassUtils.getShortName(targetClass) + "."
                    + handler.getName() + "() is on a class without a class-level @ZmqListener, so nothing would ever call it",
                    "Put @ZmqListener (with its socket) on the class " + ClassUtils.getShortName(targetClass)
                            + ", or make the method a @ZmqListener method.");
        }
        methods.forEach((method, annotations) -> annotations.forEach(annotation -> process(annotation, method, bean, beanName, targetClass)));
        classListeners.forEach(annotation -> processClass(annotation, handlers, bean, beanName, targetClass));
        return bean;
    }

    private void process(ZmqListener annotation, Method method, Object bean, String beanName, Class<?> targetClass) {
        String description = "@ZmqListener " + ClassUtils.getShortName(targetClass) + "." + method.getName() + "()";
        MethodZmqListenerEndpoint endpoint = new MethodZmqListenerEndpoint();
        endpoint.setBean(bean);
        endpoint.setMethod(AopUtils.selectInvocableMethod(method, bean.getClass()));
        endpoint.setDescription(description);
        endpoint.setId(id(resolve(annotation.id()), beanName + "." + method.getName()));
        configure(endpoint, annotation, description);
        String batchSize = resolve(annotation.batchSize());
        if (StringUtils.hasText(batchSize)) {
            try {
                int size = Integer.parseInt(batchSize.trim());
                if (size < 1) {
                    throw new NumberFormatException();
                }
                endpoint.setBatchSize(size);
            } catch (NumberFormatException e) {
                throw new ZmqConfigurationException("@ZmqListener(batchSize)", batchSize, description
                        + " gives a batch size that is not a number of 1 or more", "Give the most messages per call, such as \"100\".");
            }
            if (java.util.Arrays.stream(method.getParameterTypes()).noneMatch(List.class::isAssignableFrom)) {
                throw new ZmqConfigurationException("@ZmqListener(batchSize)", batchSize, description
                        + " is a batch listener without a List parameter for the batch", "Take the batch as a List, e.g. List<Order> orders.");
            }
        }
        String batchWindow = resolve(annotation.batchWindow());
        if (StringUtils.hasText(batchWindow)) {
            try {
                endpoint.setBatchWindow(org.springframework.boot.convert.DurationStyle.detectAndParse(batchWindow.trim()));
            } catch (IllegalArgumentException e) {
                throw new ZmqConfigurationException("@ZmqListener(batchWindow)", batchWindow, description
                        + " gives a batch window that is not a duration", "Give a duration such as \"50ms\".");
            }
        }
        endpoint.setSendTo(sendTo(method));
        enqueue(new Pending(endpoint, resolve(annotation.containerFactory()), resolve(annotation.errorHandler())));
    }

    /** A class-level listener: one endpoint whose messages go to the class's {@code @ZmqHandler} methods. */
    private void processClass(ZmqListener annotation, Map<Method, ZmqHandler> handlerMethods, Object bean, String beanName, Class<?> targetClass) {
        String description = "@ZmqListener " + ClassUtils.getShortName(targetClass);
        if (StringUtils.hasText(annotation.batchSize()) || StringUtils.hasText(annotation.batchWindow())) {
            throw new ZmqConfigurationException("@ZmqListener(batchSize)", annotation.batchSize(), description
                    + " is a class-level listener, whose messages go one by one to its @ZmqHandler methods: it cannot take batches",
                    "Remove batchSize and batchWindow, or make a @ZmqListener method that takes a List.");
        }
        MultiMethodZmqListenerEndpoint endpoint = new MultiMethodZmqListenerEndpoint();
        endpoint.setBean(bean);
        endpoint.setDescription(description);
        endpoint.setId(id(resolve(annotation.id()), beanName));
        configure(endpoint, annotation, description);
        String classSendTo = sendTo(targetClass);
        List<ZmqHandlerSelection.Handler> handlers = new ArrayList<>();
        handlerMethods.entrySet().stream()
                .sorted(java.util.Comparator.comparing((Map.Entry<Method, ZmqHandler> e) -> e.getKey().getName())
                        .thenComparing(e -> Arrays.toString(e.getKey().getParameterTypes())))
                .forEach(e -> {
                    Method invocable = AopUtils.selectInvocableMethod(e.getKey(), bean.getClass());
                    String methodSendTo = sendTo(e.getKey());
                    handlers.add(new ZmqHandlerSelection.Handler(invocable, ZmqHandlerSelection.payloadType(e.getKey()),
                            e.getValue().isDefault(), methodSendTo != null ? methodSendTo : classSendTo));
                });
        endpoint.setHandlers(new ZmqHandlerSelection(handlers, description));
        enqueue(new Pending(endpoint, resolve(annotation.containerFactory()), resolve(annotation.errorHandler())));
    }

    private String sendTo(java.lang.reflect.AnnotatedElement element) {
        SendTo sendTo = AnnotatedElementUtils.findMergedAnnotation(element, SendTo.class);
        return sendTo != null && sendTo.value().length > 0 && StringUtils.hasText(sendTo.value()[0]) ? resolve(sendTo.value()[0]) : null;
    }

    private void enqueue(Pending p) {
        synchronized (pending) {
            if (registering) {
                register(p, beanFactory.getBean(ZmqListenerConfigUtils.ZMQ_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME,
                        ZmqListenerEndpointRegistry.class));
            } else {
                pending.add(p);
            }
        }
    }

    /** What method and class-level listeners have in common: the socket, topics, concurrency and start-up. */
    private void configure(MethodZmqListenerEndpoint endpoint, ZmqListener annotation, String description) {
        String socket = resolve(annotation.socket());
        List<String> bind = resolveAll(annotation.bind());
        List<String> connect = resolveAll(annotation.connect());
        if (annotation.type().length > 1) {
            throw new ZmqConfigurationException("@ZmqListener(type)", Arrays.toString(annotation.type()), description
                    + " gives more than one socket type", "Give one type.");
        }
        SocketType type = annotation.type().length == 1 ? annotation.type()[0] : null;
        if (StringUtils.hasText(socket)) {
            if (type != null || !bind.isEmpty() || !connect.isEmpty()) {
                throw new ZmqConfigurationException("@ZmqListener(socket)", socket, description
                        + " names a configured socket and declares one inline (type, bind, connect) too",
                        "Keep one: either 'socket', or 'type' with 'bind' or 'connect'.");
            }
            endpoint.setSocket(socket);
        } else if (type == null) {
            throw new ZmqConfigurationException("@ZmqListener(socket)", null, description + " names no socket",
                    "Set 'socket' to the name of a socket under monocoque.sockets, or declare one with 'type' and 'bind' or 'connect'.");
        } else {
            if (bind.isEmpty() && connect.isEmpty()) {
                throw new ZmqConfigurationException("@ZmqListener(type)", type, description
                        + " declares a socket that neither binds nor connects", "Add bind = \"tcp://*:port\" or connect = \"tcp://host:port\".");
            }
            checkEndpoints(bind, true, description);
            checkEndpoints(connect, false, description);
            endpoint.setSocketType(type);
            endpoint.setBind(bind);
            endpoint.setConnect(connect);
        }
        endpoint.setTopics(resolveAll(annotation.topics()));
        endpoint.setGroups(resolveAll(annotation.groups()));
        String concurrency = resolve(annotation.concurrency());
        if (StringUtils.hasText(concurrency)) {
            try {
                endpoint.setConcurrency(Integer.valueOf(concurrency.trim()));
            } catch (NumberFormatException e) {
                throw new ZmqConfigurationException("@ZmqListener(concurrency)", concurrency, description
                        + " gives a concurrency that is not a number", "Give the number of receiving threads, such as \"4\".");
            }
        }
        String autoStartup = resolve(annotation.autoStartup());
        if (StringUtils.hasText(autoStartup)) {
            endpoint.setAutoStartup(Boolean.valueOf(autoStartup.trim()));
        }
    }

    private static void checkEndpoints(List<String> endpoints, boolean bind, String description) {
        for (int i = 0; i < endpoints.size(); i++) {
            String problem = ZmqEndpoints.problem(endpoints.get(i), bind);
            if (problem != null) {
                String attribute = "@ZmqListener(" + (bind ? "bind" : "connect") + ")[" + i + "]";
                throw new ZmqConfigurationException(attribute, endpoints.get(i), description + ": " + problem,
                        "Use one of: " + ZmqEndpoints.FORMS + ".");
            }
        }
    }

    private String id(String given, String made) {
        String id = StringUtils.hasText(given) ? given : made;
        synchronized (idCounts) {
            int n = idCounts.merge(id, 1, Integer::sum);
            if (n > 1) {
                if (StringUtils.hasText(given)) {
                    throw new ZmqConfigurationException("@ZmqListener(id)", given, "two listeners have the id '" + given + "'",
                            "Give each @ZmqListener a unique id.");
                }
                id = id + "#" + n;
            }
        }
        return id;
    }

    @Override
    public void afterSingletonsInstantiated() {
        ZmqListenerEndpointRegistry registry = beanFactory.getBean(ZmqListenerConfigUtils.ZMQ_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME,
                ZmqListenerEndpointRegistry.class);
        synchronized (pending) {
            for (Pending p : pending) {
                register(p, registry);
            }
            pending.clear();
            registering = true;
        }
    }

    private void register(Pending p, ZmqListenerEndpointRegistry registry) {
        MethodZmqListenerEndpoint endpoint = p.endpoint;
        if (StringUtils.hasText(p.errorHandler)) {
            try {
                endpoint.setErrorHandler(beanFactory.getBean(p.errorHandler, ZmqListenerErrorHandler.class));
            } catch (NoSuchBeanDefinitionException e) {
                throw new ZmqConfigurationException("@ZmqListener(errorHandler)", p.errorHandler, endpoint.getDescription()
                        + " names an error handler, and there is no ZmqListenerErrorHandler bean of that name",
                        "Declare a ZmqListenerErrorHandler bean named '" + p.errorHandler + "', or remove 'errorHandler'.", e);
            }
        }
        String factoryName = StringUtils.hasText(p.containerFactory) ? p.containerFactory
                : ZmqListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME;
        ZmqListenerContainerFactory<?> factory;
        try {
            factory = beanFactory.getBean(factoryName, ZmqListenerContainerFactory.class);
        } catch (NoSuchBeanDefinitionException e) {
            throw new ZmqConfigurationException("@ZmqListener(containerFactory)", factoryName, endpoint.getDescription()
                    + " needs a ZmqListenerContainerFactory bean named '" + factoryName + "', and there is none",
                    "Declare one (Spring Boot's auto-configuration declares 'zmqListenerContainerFactory'), or name an existing one.", e);
        }
        registry.registerListenerContainer(endpoint, factory);
    }

    private String resolve(String value) {
        if (!StringUtils.hasLength(value)) {
            return value;
        }
        String resolved = value;
        if (beanFactory instanceof ConfigurableBeanFactory cbf) {
            resolved = cbf.resolveEmbeddedValue(value);
        }
        if (expressionResolver != null && resolved != null && resolved.contains("#{")) {
            Object evaluated = expressionResolver.evaluate(resolved, expressionContext);
            resolved = evaluated == null ? null : evaluated.toString();
        }
        return resolved;
    }

    private List<String> resolveAll(String[] values) {
        List<String> out = new ArrayList<>(values.length);
        for (String v : values) {
            String r = resolve(v);
            if (r != null && !(r.isEmpty() && !v.isEmpty())) {
                out.add(r);
            }
        }
        return out;
    }

    private record Pending(MethodZmqListenerEndpoint endpoint, String containerFactory, String errorHandler) {
    }
}
