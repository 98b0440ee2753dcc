package io.monocoque.zmq.interop;

import java.time.Duration;

/**
 * The other side of an interop test: a foreign ZeroMQ implementation (libzmq in a python
 * process, or JeroMQ on a thread of its own) playing one role of a pattern against a Monocoque
 * socket, and checking what it receives by itself.
 *
 * <p>Both kinds follow the same little conversation (see {@code interop/zmq_peer.py}):
 * the peer reports {@code READY <endpoint>} once bound or connecting, a subscriber reports
 * {@code WARMED} when the first warm-up arrived, a publisher waits for {@code GO} before
 * publishing for real, and every peer reports {@code FINISHED <n>} when its work is done and
 * verified, then waits for {@code DONE} before closing its socket.
 */
interface InteropPeer extends AutoCloseable {

    /** How long any one step of the conversation may take. */
    Duration STEP = Duration.ofSeconds(20);

    /**
     * Waits for the next {@code READY} report and returns its endpoint: resolved when the peer
     * bound (so the test learns an ephemeral port), as given when it connected.
     */
    String awaitReady();

    /** Waits up to {@code timeout} for the peer to report {@code word}; false if it did not. */
    boolean pollReport(String word, Duration timeout);

    /** Tells the peer {@code word} ({@code GO}, {@code DONE}). */
    void tell(String word);

    /**
     * Waits for {@code FINISHED}, tells the peer {@code DONE} and waits for it to end cleanly.
     *
     * @return the number of messages the peer reported
     * @throws AssertionError if the peer failed, with its own explanation
     */
    int awaitFinished();

    /**
     * What the peer is doing, for a failure message: its state and, where the implementation
     * offers them, its monitor events and where its thread is, so a failure says which side stalled.
     */
    default String describe() {
        return toString();
    }

    /** Stops the peer, forcibly if it is still running. */
    @Override
    void close();

    /** Starts peers of one implementation. */
    interface Launcher {

        /** A name for messages: {@code "libzmq"} or {@code "JeroMQ"}. */
        String implementation();

        /**
         * Starts a peer.
         *
         * @param mode     what it plays: push, pull, pub, sub, req, rep, dealer, router, pair, xpub, xsub
         *                 or idle (just a socket of {@code --type}, bound or connected)
         * @param bind     whether it binds {@code endpoint} (else connects to it, or to each of a
         *                 comma-separated list)
         * @param endpoint where
         * @param count    how many messages (per dealer, for dealer and router)
         * @param options  further {@code --name value} pairs, e.g. {@code --type push}
         */
        InteropPeer start(String mode, boolean bind, String endpoint, int count, String... options);
    }
}
