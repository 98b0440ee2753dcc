package io.monocoque.spring.support.micrometer;

import io.micrometer.common.KeyValues;
import io.monocoque.spring.support.micrometer.ZmqTemplateObservation.SenderKeys;

import java.util.Locale;

/**
 * {@code zmq.template}, tagged with the socket, its type, the operation and the outcome; the
 * span is named {@code "<socket> send"} or {@code "<socket> request"}.
 */
public class DefaultZmqTemplateObservationConvention implements ZmqTemplateObservationConvention {

    /** The shared instance. */
    public static final DefaultZmqTemplateObservationConvention INSTANCE = new DefaultZmqTemplateObservationConvention();

    @Override
    public KeyValues getLowCardinalityKeyValues(ZmqSenderContext context) {
        return senderKeyValues(context);
    }

    @Override
    public String getContextualName(ZmqSenderContext context) {
        return context.getSocketName() + " " + lower(context.getOperation());
    }

    static KeyValues senderKeyValues(ZmqSenderContext context) {
        return KeyValues.of(
                SenderKeys.SOCKET.withValue(context.getSocketName()),
                SenderKeys.SOCKET_TYPE.withValue(context.getSocketType().name()),
                SenderKeys.OPERATION.withValue(lower(context.getOperation())),
                SenderKeys.OUTCOME.withValue(lower(context.getOutcome())));
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
