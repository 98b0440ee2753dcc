package io.monocoque.spring.support.micrometer;

import io.micrometer.common.KeyValues;
import io.monocoque.spring.support.micrometer.ZmqListenerObservation.ListenerKeys;

/**
 * {@code zmq.listener}, tagged with the listener id, the socket, its type and the outcome; the
 * span is named {@code "<socket> receive"}.
 */
public class DefaultZmqListenerObservationConvention implements ZmqListenerObservationConvention {

    /** The shared instance. */
    public static final DefaultZmqListenerObservationConvention INSTANCE = new DefaultZmqListenerObservationConvention();

    @Override
    public KeyValues getLowCardinalityKeyValues(ZmqReceiverContext context) {
        return KeyValues.of(
                ListenerKeys.LISTENER_ID.withValue(context.getListenerId() == null ? "none" : context.getListenerId()),
                ListenerKeys.SOCKET.withValue(context.getSocketName()),
                ListenerKeys.SOCKET_TYPE.withValue(context.getSocketType().name()),
                ListenerKeys.OUTCOME.withValue(context.isFailed() ? "failure" : "success"));
    }

    @Override
    public String getContextualName(ZmqReceiverContext context) {
        return context.getSocketName() + " receive";
    }
}
