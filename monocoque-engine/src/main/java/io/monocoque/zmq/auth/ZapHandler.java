package io.monocoque.zmq.auth;

/**
 * Decides ZAP requests in-process: register one on the context with
 * {@link io.monocoque.zmq.ZmqContext#setAuthenticator(ZapHandler)} ({@link ZmqAuthenticator}
 * is the ready-made one). It is called on the context's authentication thread, never on an
 * I/O thread, so it may take its time (look a user up in a database, say); the connection's
 * handshake simply waits, within the socket's handshake interval.
 */
@FunctionalInterface
public interface ZapHandler {

    /**
     * Decides a request.
     *
     * @return the reply; {@code null} means "no opinion" (a {@link ZmqAuthenticator} then
     *     applies its own rules; at the top level it is a refusal)
     */
    ZapReply authenticate(ZapRequest request);
}
