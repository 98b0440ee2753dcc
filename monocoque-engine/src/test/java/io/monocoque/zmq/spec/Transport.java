package io.monocoque.zmq.spec;

/** The transports the specification tests run over. */
enum Transport {
    /** {@code tcp://127.0.0.1:*}, the real endpoint taken from {@code lastEndpoint()}. */
    TCP,
    /** {@code ipc://} on a path in the test's temporary directory. */
    IPC,
    /** {@code inproc://} with a name unique to the test. */
    INPROC;

    /** Whether connections go through a Netty channel (and so have a ZMTP handshake). */
    boolean isNetworked() {
        return this != INPROC;
    }
}
