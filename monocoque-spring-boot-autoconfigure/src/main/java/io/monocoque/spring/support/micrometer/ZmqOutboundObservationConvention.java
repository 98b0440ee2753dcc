package io.monocoque.spring.support.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * How the observations of Spring Integration outbound channel adapters and gateways are named and
 * tagged. Declare a bean of this type (often a subclass of
 * {@link DefaultZmqOutboundObservationConvention}) to replace the default.
 */
public interface ZmqOutboundObservationConvention extends ObservationConvention<ZmqSenderContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ZmqSenderContext;
    }

    @Override
    default String getName() {
        return "zmq.outbound";
    }
}
