package io.monocoque.spring.listener;

/**
 * Makes the container that runs a listener endpoint. The auto-configured one is the bean
 * {@code zmqListenerContainerFactory}; a {@code @ZmqListener(containerFactory)} can name another.
 *
 * @param <C> the container type
 */
@FunctionalInterface
public interface ZmqListenerContainerFactory<C extends ZmqListenerContainer> {

    /** A new, not yet started, container for {@code endpoint}. */
    C createListenerContainer(ZmqListenerEndpoint endpoint);
}
