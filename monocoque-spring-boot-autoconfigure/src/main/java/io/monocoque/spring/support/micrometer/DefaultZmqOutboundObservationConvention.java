package io.monocoque.spring.support.micrometer;

import io.micrometer.common.KeyValues;
import io.monocoque.spring.support.micrometer.ZmqTemplateObservation.OutboundKeys;

/**
 * {@code zmq.outbound}, tagged like {@code zmq.template} and with the Spring Integration
 * component's name; the span is named {@code "<socket> send"} or {@code "<socket> request"}.
 */
public class DefaultZmqOutboundObservationConvention implements ZmqOutboundObservationConvention {

    /** The shared instance. */
    public static final DefaultZmqOutboundObservationConvention INSTANCE = new DefaultZmqOutboundObservationConvention();

    @Override
    public KeyValues getLowCardinalityKeyValues(ZmqSenderContext context) {
        KeyValues keyValues = DefaultZmqTemplateObservationConvention.senderKeyValues(context);
        return context.getComponentName() == null ? keyValues : keyValues.and(OutboundKeys.COMPONENT.withValue(context.getComponentName()));
    }

    @Override
    public String getContextualName(ZmqSenderContext context) {
        return context.getSocketName() + " " + DefaultZmqTemplateObservationConvention.lower(context.getOperation());
    }
}
