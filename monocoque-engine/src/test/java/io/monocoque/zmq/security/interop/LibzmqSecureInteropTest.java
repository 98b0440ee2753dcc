package io.monocoque.zmq.security.interop;

import io.monocoque.zmq.testing.PyzmqInterpreter;

import org.junit.jupiter.api.BeforeAll;

/** CURVE and PLAIN against libzmq (pyzmq), both directions. */
class LibzmqSecureInteropTest extends SecureInteropTestBase {

    @BeforeAll
    static void needsPyzmq() {
        PyzmqInterpreter.assumeAvailable();
    }

    @Override
    SecurePeer.Launcher launcher() {
        return new PythonSecurePeer.Launcher();
    }

    @Override
    int count() {
        return 3000;
    }
}
