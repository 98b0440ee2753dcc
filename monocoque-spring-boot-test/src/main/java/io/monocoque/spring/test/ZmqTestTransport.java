package io.monocoque.spring.test;

/** Where {@link LocalZmqEndpoints} moves an application's ZeroMQ endpoints in a test. */
public enum ZmqTestTransport {

    /**
     * {@code inproc://} names in the application's context: no network and no port, the fastest;
     * test peers then come from the application's own {@code ZmqContext}.
     */
    INPROC,

    /**
     * {@code tcp://127.0.0.1:*}, an ephemeral port on the loopback interface for each bind, and
     * a test peer bound the same way for each connect: the real wire, so pyzmq, JeroMQ or any
     * other ZeroMQ client can take part.
     */
    TCP
}
