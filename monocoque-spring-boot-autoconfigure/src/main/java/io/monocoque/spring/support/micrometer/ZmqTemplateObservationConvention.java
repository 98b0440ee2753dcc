package io.monocoque.spring.support.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * How {@code ZmqTemplate}'s observations are named and tagged. Declare a bean of this type (often
 * a subclass of {@link DefaultZmqTemplateObservationConvention}) to replace the default.
 */
public interface ZmqTemplateObservationConvention extends ObservationConvention<ZmqSenderContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ZmqSenderContext;
    }

    @Override
    default String getName() {
        return "zmq.template";
    }
}
