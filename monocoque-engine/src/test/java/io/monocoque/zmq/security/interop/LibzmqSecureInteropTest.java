package io.monocoque.zmq.security.interop;

import org.junit.jupiter.api.BeforeAll;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** CURVE and PLAIN against libzmq (pyzmq), both directions. */
class LibzmqSecureInteropTest extends SecureInteropTestBase {

    @BeforeAll
    static void needsPyzmq() {
        assumeTrue(PythonSecurePeer.available(), PythonSecurePeer::unavailableReason);
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
