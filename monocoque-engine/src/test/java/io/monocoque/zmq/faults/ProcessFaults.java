package io.monocoque.zmq.faults;

import io.monocoque.zmq.faults.FaultRun.Pattern;

import java.time.Duration;

import static io.monocoque.zmq.faults.NetworkFaults.assertLossOnlyBefore;
import static io.monocoque.zmq.faults.NetworkFaults.assertLossless;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The process fault scenarios: the far peer (pyzmq, or Monocoque in a child JVM) killed with
 * SIGKILL and started again, or frozen with SIGSTOP for less or more than the heartbeat timeout
 * and thawed with SIGCONT; the two sides connect straight, with no proxy.
 */
final class ProcessFaults {

    private static final Duration PACE = Duration.ofMillis(1);

    private ProcessFaults() {
    }

    private static FaultRun run(FarPeer.Kind kind, Pattern pattern, boolean nearBinds) throws Exception {
        return new FaultRun(pattern, kind, nearBinds, false, 100, PACE);
    }

    /**
     * kill -9 of the far peer, then a new one where it was: nothing duplicated or reordered, and
     * every message sent after the disconnect was reported arrives once the peer is back (a
     * connecting Monocoque socket keeps them queued; a binding one blocks until the peer returns).
     */
    static void killedPeerLosesOnlyWhatItHeldAndLaterMessagesArrive(FarPeer.Kind kind, Pattern pattern, boolean nearBinds)
            throws Exception {
        try (FaultRun r = run(kind, pattern, nearBinds)) {
            r.awaitFlowing();
            long before = r.disconnects();
            r.far().kill();
            long mark = r.awaitDisconnected(before);
            Thread.sleep(300); // messages meet a peer that is down
            r.restartFar();
            r.awaitFlowing();
            SequenceLedger.Tally t = r.finish();
            assertLossOnlyBefore(mark, t);
        }
    }

    /** SIGSTOP for less than the heartbeat timeout, then SIGCONT: the connection survives and nothing is lost. */
    static void briefFreezeKeepsTheConnectionAndLosesNothing(FarPeer.Kind kind, Pattern pattern, boolean nearBinds) throws Exception {
        try (FaultRun r = run(kind, pattern, nearBinds)) {
            r.awaitFlowing();
            long before = r.disconnects();
            r.far().freeze();
            Thread.sleep(300);
            r.far().thaw();
            r.awaitFlowing();
            SequenceLedger.Tally t = r.finish();
            assertLossless(t);
            assertThat(r.disconnects()).as("no disconnect").isEqualTo(before);
        }
    }

    /**
     * SIGSTOP for longer than the heartbeat timeout: the near side drops the frozen peer; after
     * SIGCONT traffic resumes, nothing duplicated, nothing lost that was sent after the disconnect,
     * and nothing out of order but messages sent before it: what the frozen peer's kernel had
     * already received on the dropped connection it may deliver interleaved with the new
     * connection's messages (a PULL fair-queues between its connections; seen with libzmq).
     */
    static void longFreezeDropsThePeerAndTrafficResumesAfterItThaws(FarPeer.Kind kind, Pattern pattern, boolean nearBinds)
            throws Exception {
        try (FaultRun r = run(kind, pattern, nearBinds)) {
            r.awaitFlowing();
            long before = r.disconnects();
            r.far().freeze();
            long mark;
            try {
                mark = r.awaitDisconnected(before);
                Thread.sleep(500);
            } finally {
                r.far().thaw();
            }
            r.awaitFlowing();
            SequenceLedger.Tally t = r.finish();
            NetworkFaults.assertStaleOnlyBefore(mark, t);
        }
    }
}
