package io.monocoque.spring.autoconfigure;

import io.monocoque.zmq.ZmqSocket;

/**
 * Changes a socket Monocoque creates (from {@code monocoque.sockets}, or declared inline by a
 * {@code @ZmqListener}) after its options from configuration are set and before it binds or
 * connects: the place for what properties cannot express. Applied in {@code @Order}.
 */
@FunctionalInterface
public interface ZmqSocketCustomizer {

    /**
     * @param name   the socket's name (its bean name, or the listener id of an inline socket)
     * @param socket the socket, not yet bound or connected
     */
    void customize(String name, ZmqSocket socket);
}
