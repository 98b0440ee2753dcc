package io.monocoque.spring.integration;

import io.micrometer.observation.ObservationRegistry;
import io.monocoque.spring.core.ZmqReplyTimeoutException;
import io.monocoque.spring.support.ZmqHeaderFrameMapper;
import io.monocoque.spring.support.micrometer.DefaultZmqOutboundObservationConvention;
import io.monocoque.spring.support.micrometer.ZmqOutboundObservationConvention;
import io.monocoque.spring.support.micrometer.ZmqSenderContext;
import io.monocoque.spring.support.micrometer.ZmqSenderObservations;
import io.monocoque.spring.support.micrometer.ZmqTemplateObservation;
import io.monocoque.spring.support.micrometer.ZmqTracePropagation;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;

import java.util.Map;
import java.util.function.Function;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.integration.MessageTimeoutException;
import org.springframework.messaging.Message;

/**
 * The {@code zmq.outbound} observation of an outbound adapter or gateway: its registry,
 * convention and trace propagation, each given to the component or else taken from the
 * application context when the component initializes.
 */
final class ZmqOutboundObservations {

    private ObservationRegistry registry;
    private ZmqOutboundObservationConvention convention;
    private ZmqTracePropagation propagation;
    private boolean propagationSet;

    void setRegistry(ObservationRegistry registry) {
        this.registry = registry;
    }

    void setConvention(ZmqOutboundObservationConvention convention) {
        this.convention = convention;
    }

    void setPropagation(ZmqTracePropagation propagation) {
        this.propagation = propagation;
        this.propagationSet = true;
    }

    /** Takes from {@code beanFactory} what was not given. */
    void init(BeanFactory beanFactory) {
        if (beanFactory == null) {
            return;
        }
        if (registry == null) {
            registry = beanFactory.getBeanProvider(ObservationRegistry.class).getIfUnique();
        }
        if (convention == null) {
            convention = beanFactory.getBeanProvider(ZmqOutboundObservationConvention.class).getIfUnique();
        }
        if (!propagationSet) {
            propagation = beanFactory.getBeanProvider(ZmqTracePropagation.class).getIfAvailable();
        }
    }

    boolean observed() {
        return registry != null && !registry.isNoop();
    }

    /**
     * Runs {@code work} inside a {@code zmq.outbound} observation, handing it the header frame
     * function to send with: the component's header mapper's frame, with the trace context added
     * when propagation is on.
     */
    <T> T observe(String socketName, SocketType type, ZmqSenderContext.Operation operation, String componentName,
            ZmqHeaderFrameMapper headerMapper, Function<Function<Message<?>, byte[]>, T> work) {
        ZmqSenderContext context = new ZmqSenderContext(socketName, type, operation, componentName);
        return ZmqSenderObservations.observe(ZmqTemplateObservation.OUTBOUND_OBSERVATION, convention,
                DefaultZmqOutboundObservationConvention.INSTANCE, context, registry, c -> work.apply(headerFrame(c, headerMapper)),
                ZmqOutboundObservations::isTimeout);
    }

    private Function<Message<?>, byte[]> headerFrame(ZmqSenderContext context, ZmqHeaderFrameMapper headerMapper) {
        ZmqTracePropagation p = propagation;
        Map<String, String> traceContext = context.getPropagatedHeaders();
        if (p == null || traceContext.isEmpty()) {
            return headerMapper == null ? null : headerMapper::toFrame;
        }
        return message -> p.headerFrame(message, headerMapper, traceContext);
    }

    private static boolean isTimeout(Throwable e) {
        return e instanceof ZmqReplyTimeoutException || e instanceof MessageTimeoutException
                || e instanceof ZmqException z && z.error() == ZmqError.EAGAIN;
    }
}
