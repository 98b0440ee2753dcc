package io.monocoque.spring.support.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * How the {@code @ZmqListener} observations are named and tagged. Declare a bean of this type
 * (often a subclass of {@link DefaultZmqListenerObservationConvention}) to replace the default.
 */
public interface ZmqListenerObservationConvention extends ObservationConvention<ZmqReceiverContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ZmqReceiverContext;
    }

    @Override
    default String getName() {
        return "zmq.listener";
    }
}
