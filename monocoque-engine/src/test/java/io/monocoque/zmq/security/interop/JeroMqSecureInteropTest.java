package io.monocoque.zmq.security.interop;

/**
 * CURVE and PLAIN against JeroMQ 0.6.0, both directions. JeroMQ's CURVE is slow, and as a
 * CURVE receiver under backpressure it may hand its application raw ciphertext (JeroMQ #1009),
 * so these runs are smaller and Monocoque paces what it sends to JeroMQ: a failure there is
 * not necessarily ours (Monocoque itself closes a connection whose MESSAGE does not decrypt).
 */
class JeroMqSecureInteropTest extends SecureInteropTestBase {

    @Override
    SecurePeer.Launcher launcher() {
        return new JeroMqSecurePeer.Launcher();
    }

    @Override
    int count() {
        return 1000;
    }

    @Override
    boolean pacedReceiver() {
        return true;
    }
}
