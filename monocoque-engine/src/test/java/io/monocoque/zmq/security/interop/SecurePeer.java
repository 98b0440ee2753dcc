package io.monocoque.zmq.security.interop;

import java.time.Duration;
import java.util.List;

/**
 * The foreign side of a security interop test: libzmq in a python process or JeroMQ on a thread,
 * playing one role with CURVE or PLAIN and checking by itself what it receives. The conversation
 * is that of {@code security/secure_peer.py}: READY, WARMED, FINISHED from the peer; GO and DONE
 * to it.
 */
interface SecurePeer extends AutoCloseable {

    Duration STEP = Duration.ofSeconds(30);

    /** The endpoint the peer bound (resolved) or connects to. */
    String awaitReady();

    /** Whether the peer reported {@code word} within {@code timeout}. */
    boolean pollReport(String word, Duration timeout);

    void tell(String word);

    /**
     * What went wrong with the peer so far, or {@code null} while it is still playing its part:
     * lets a test that waits on its own socket fail at once, with the peer's reason, instead of
     * timing out blind.
     */
    String problem();

    /** The peer's state for a failure message: where it is and what it said. */
    String describe();

    /** Waits for FINISHED, tells DONE, waits for a clean end; returns the count reported. */
    int awaitFinished();

    @Override
    void close();

    /** What a peer is asked to be. */
    record Spec(String mode, boolean bind, String endpoint, int count, List<String> security) {
    }

    /** Starts peers of one implementation. */
    interface Launcher extends AutoCloseable {

        String implementation();

        SecurePeer start(Spec spec);

        @Override
        void close();
    }
}
