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

    /**
     * A fresh socket made, bound and connected as the configured socket {@code name}
     * ({@code monocoque.sockets.<name>}) is: for a socket whose state cannot be reset otherwise,
     * such as a REQ socket whose request timed out (the "lazy pirate" pattern). The caller owns
     * and closes it.
     *
     * @return the socket, or {@code null} when this factory configures no socket of that name (or
     *         the bean of that name is the application's own)
     */
    default ZmqSocket recreateConfigured(String name) {
        return null;
    }
}
