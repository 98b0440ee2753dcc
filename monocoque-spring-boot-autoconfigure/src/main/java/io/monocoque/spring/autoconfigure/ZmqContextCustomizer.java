package io.monocoque.spring.autoconfigure;

import io.monocoque.zmq.ZmqContext;

/**
 * Changes the auto-configured {@link ZmqContext} before it is built, after
 * {@code monocoque.io-threads} and {@code monocoque.transport} are applied. Applied in
 * {@code @Order}.
 */
@FunctionalInterface
public interface ZmqContextCustomizer {

    void customize(ZmqContext.Builder builder);
}
