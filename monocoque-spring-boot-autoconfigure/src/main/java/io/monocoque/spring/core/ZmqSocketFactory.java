package io.monocoque.spring.core;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqSocket;

/**
 * Creates the sockets Monocoque manages itself, such as those a {@code @ZmqListener} declares
 * inline, with the application's defaults and socket customizers applied (not yet bound or
 * connected).
 */
@FunctionalInterface
public interface ZmqSocketFactory {

    /**
     * A new socket of type {@code type}; {@code name} identifies it to customizers and in
     * logs.
     */
    ZmqSocket createSocket(String name, SocketType type);
}
