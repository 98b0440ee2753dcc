package io.monocoque.spring.annotation;

/** Bean names of the {@code @ZmqListener} infrastructure. */
public final class ZmqListenerConfigUtils {

    /** The bean post-processor that finds {@code @ZmqListener} methods. */
    public static final String ZMQ_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME = "io.monocoque.spring.annotation.internalZmqListenerAnnotationProcessor";

    /** The {@code ZmqListenerEndpointRegistry}. */
    public static final String ZMQ_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME = "io.monocoque.spring.annotation.internalZmqListenerEndpointRegistry";

    /** The listener container factory {@code @ZmqListener} methods use unless they name another. */
    public static final String DEFAULT_CONTAINER_FACTORY_BEAN_NAME = "zmqListenerContainerFactory";

    private ZmqListenerConfigUtils() {
    }
}
