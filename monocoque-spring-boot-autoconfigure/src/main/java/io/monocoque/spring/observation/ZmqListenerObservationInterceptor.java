package io.monocoque.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.monocoque.spring.listener.ZmqListenerInterceptor;
import io.monocoque.spring.listener.ZmqListenerInvocation;
import io.monocoque.spring.support.micrometer.DefaultZmqListenerObservationConvention;
import io.monocoque.spring.support.micrometer.ZmqListenerObservation;
import io.monocoque.spring.support.micrometer.ZmqListenerObservationConvention;
import io.monocoque.spring.support.micrometer.ZmqReceiverContext;
import io.monocoque.spring.support.micrometer.ZmqTracePropagation;
import io.monocoque.zmq.SocketType;

import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.core.Ordered;

/**
 * Runs every {@code @ZmqListener} call inside a Micrometer {@link Observation} named
 * {@code zmq.listener} ({@link ZmqListenerObservation}), tagged with the listener id, socket name,
 * socket type and outcome, so that timers and tracing spans cover message handling. With
 * {@linkplain ZmqTracePropagation trace propagation} the span continues the trace whose context
 * came in the message's header frame. Outermost of the listener interceptors.
 */
public class ZmqListenerObservationInterceptor implements ZmqListenerInterceptor, Ordered {

    /** The observation's name (and so the timer's: {@code zmq.listener}). */
    public static final String OBSERVATION_NAME = "zmq.listener";

    private final ObservationRegistry registry;

    private final ZmqListenerObservationConvention convention;

    private final ZmqTracePropagation propagation;

    /** Observes with the default convention, continuing no trace from the wire. */
    public ZmqListenerObservationInterceptor(ObservationRegistry registry) {
        this(registry, null, null);
    }

    /**
     * @param convention  names and tags the observations ({@code null}: the default)
     * @param propagation reads the trace context from header frames ({@code null}: propagation off)
     */
    public ZmqListenerObservationInterceptor(ObservationRegistry registry, ZmqListenerObservationConvention convention,
            ZmqTracePropagation propagation) {
        this.registry = registry;
        this.convention = convention;
        this.propagation = propagation;
    }

    @Override
    public Object invoke(ZmqListenerInvocation invocation, Callable<Object> proceed) throws Exception {
        ZmqReceiverContext context = new ZmqReceiverContext(invocation.listenerId(), invocation.socketName(), invocation.socketType(),
                carried(invocation));
        Observation observation = ZmqListenerObservation.LISTENER_OBSERVATION
                .observation(convention, DefaultZmqListenerObservationConvention.INSTANCE, () -> context, registry)
                .start();
        try (Observation.Scope scope = observation.openScope()) {
            return proceed.call();
        } catch (Exception | Error e) {
            context.setFailed(true);
            observation.error(e);
            throw e;
        } finally {
            observation.stop();
        }
    }

    private Map<String, ?> carried(ZmqListenerInvocation invocation) {
        if (propagation == null || invocation.rawMessage() == null) {
            return Map.of();
        }
        SocketType type = invocation.socketType();
        return propagation.carriedHeaders(invocation.rawMessage(), type.isSubscriber() ? 1 : 0);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
