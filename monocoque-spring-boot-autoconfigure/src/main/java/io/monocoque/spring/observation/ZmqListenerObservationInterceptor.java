package io.monocoque.spring.observation;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.monocoque.spring.listener.ZmqListenerInterceptor;
import io.monocoque.spring.listener.ZmqListenerInvocation;
import org.springframework.core.Ordered;

import java.util.concurrent.Callable;

/**
 * Runs every {@code @ZmqListener} call inside a Micrometer {@link Observation} named
 * {@code zmq.listener}, tagged with the listener id, socket name and socket type, so that
 * timers and tracing spans cover message handling. Outermost of the listener interceptors.
 */
public class ZmqListenerObservationInterceptor implements ZmqListenerInterceptor, Ordered {

    /** The observation's name (and so the timer's: {@code zmq.listener}). */
    public static final String OBSERVATION_NAME = "zmq.listener";

    private final ObservationRegistry registry;

    public ZmqListenerObservationInterceptor(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Object invoke(ZmqListenerInvocation invocation, Callable<Object> proceed) throws Exception {
        Observation observation = Observation.createNotStarted(OBSERVATION_NAME, registry)
                .contextualName(invocation.socketName() + " receive")
                .lowCardinalityKeyValues(KeyValues.of(
                        "zmq.listener.id", invocation.listenerId(),
                        "zmq.socket", invocation.socketName(),
                        "zmq.socket.type", invocation.socketType().name()))
                .start();
        try (Observation.Scope scope = observation.openScope()) {
            return proceed.call();
        } catch (Exception | Error e) {
            observation.error(e);
            throw e;
        } finally {
            observation.stop();
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
