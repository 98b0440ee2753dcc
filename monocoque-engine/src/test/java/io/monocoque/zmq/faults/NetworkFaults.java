package io.monocoque.zmq.faults;

import io.monocoque.zmq.faults.FaultRun.Pattern;
import io.monocoque.zmq.testing.FaultProxy;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The network fault scenarios, each proving one guarantee through a {@link FaultProxy} with a
 * real peer on the far side; {@link NetworkFaultTest} runs a representative few in the fast suite,
 * {@link NetworkFaultMatrixSoakTest} every peer, pattern and side.
 */
final class NetworkFaults {

    /** Shorter than the heartbeat timeout (1 s) on both sides. */
    static final Duration SHORT_BLACKHOLE = Duration.ofMillis(300);
    /** Longer than the heartbeat timeout on both sides, with room for a loaded machine. */
    static final Duration LONG_BLACKHOLE = Duration.ofMillis(2500);
    private static final Duration PACE = Duration.ofMillis(1);

    private NetworkFaults() {
    }

    private static FaultRun run(FarPeer.Kind kind, Pattern pattern, boolean nearBinds, int payload) throws Exception {
        return new FaultRun(pattern, kind, nearBinds, true, payload, PACE);
    }

    static void assertLossless(SequenceLedger.Tally t) {
        assertThat(t.lost()).as("lost: %s", t).isZero();
        assertThat(t.duplicated()).as("duplicated: %s", t).isZero();
        assertThat(t.reordered()).as("reordered: %s", t).isZero();
        assertThat(t.corrupt()).as("corrupt: %s", t).isZero();
    }

    /**
     * After a connection died: nothing duplicated, reordered or corrupt, and nothing lost that was
     * sent after the near side reported the disconnect ({@code mark}).
     */
    static void assertLossOnlyBefore(long mark, SequenceLedger.Tally t) {
        assertThat(t.reordered()).as("reordered: %s", t).isZero();
        assertStaleOnlyBefore(mark, t);
    }

    /**
     * As {@link #assertLossOnlyBefore} but with one allowance: messages the far peer had already
     * received on the dropped connection, and delivers only later, may come interleaved with those
     * of the new connection (ZeroMQ orders per connection; a receiver fair-queues between its
     * connections). Every message that came out of order is then one sent before the disconnect.
     */
    static void assertStaleOnlyBefore(long mark, SequenceLedger.Tally t) {
        assertThat(t.duplicated()).as("duplicated: %s", t).isZero();
        assertThat(t.lastReordered()).as("every message out of order was sent before the disconnect (#%d): %s", mark, t)
                .isLessThanOrEqualTo(mark);
        assertThat(t.corrupt()).as("corrupt: %s", t).isZero();
        assertThat(t.lastLost()).as("the last lost message is one sent before the disconnect (#%d): %s", mark, t)
                .isLessThanOrEqualTo(mark);
    }

    /** Delay (50 ms each way) and a bandwidth limit (200 kB/s) while traffic flows: nothing lost, duplicated or reordered. */
    static void delayAndThrottleLoseDuplicateAndReorderNothing(FarPeer.Kind kind, Pattern pattern, boolean nearBinds) throws Exception {
        try (FaultRun r = run(kind, pattern, nearBinds, 100)) {
            r.awaitFlowing();
            long before = r.disconnects();
            r.proxy().delay(Duration.ofMillis(50));
            r.awaitFlowing();
            r.proxy().throttle(200_000);
            r.awaitFlowing();
            Thread.sleep(500);
            r.proxy().throttle(0).delay(Duration.ZERO);
            r.awaitFlowing();
            SequenceLedger.Tally t = r.finish();
            assertLossless(t);
            assertThat(r.disconnects()).as("no disconnect").isEqualTo(before);
        }
    }

    /** A blackhole shorter than the heartbeat timeout: the connection survives and nothing is lost, duplicated or reordered. */
    static void shortBlackholeKeepsTheConnectionAndLosesNothing(FarPeer.Kind kind, Pattern pattern, boolean nearBinds) throws Exception {
        try (FaultRun r = run(kind, pattern, nearBinds, 100)) {
            r.awaitFlowing();
            long before = r.disconnects();
            int connections = r.proxy().connectionsAccepted();
            r.proxy().blackhole(true);
            Thread.sleep(SHORT_BLACKHOLE.toMillis());
            r.proxy().blackhole(false);
            r.awaitFlowing();
            SequenceLedger.Tally t = r.finish();
            assertLossless(t);
            assertThat(r.disconnects()).as("no disconnect").isEqualTo(before);
            assertThat(r.proxy().connectionsAccepted()).as("no reconnect").isEqualTo(connections);
        }
    }

    /**
     * A blackhole longer than the heartbeat timeout: the near side drops the silent connection,
     * and once the network is back traffic resumes on a new one, with nothing duplicated or
     * reordered and nothing lost that was sent after the disconnect.
     */
    static void longBlackholeDropsTheConnectionAndTrafficResumes(FarPeer.Kind kind, Pattern pattern, boolean nearBinds) throws Exception {
        try (FaultRun r = run(kind, pattern, nearBinds, 100)) {
            r.awaitFlowing();
            long before = r.disconnects();
            r.proxy().blackhole(true);
            long mark = r.awaitDisconnected(before);
            Thread.sleep(LONG_BLACKHOLE.toMillis() - FaultRun.HEARTBEAT_TIMEOUT_MILLIS);
            r.proxy().blackhole(false);
            r.awaitFlowing();
            SequenceLedger.Tally t = r.finish();
            assertLossOnlyBefore(mark, t);
            assertThat(r.disconnects()).as("the silent connection dropped").isGreaterThan(before);
        }
    }

    /** An RST to both sides: both reconnect, nothing duplicated or reordered, nothing lost that was sent after the disconnect. */
    static void resetReconnectsAndLosesOnlyWhatWasInFlight(FarPeer.Kind kind, Pattern pattern, boolean nearBinds) throws Exception {
        try (FaultRun r = run(kind, pattern, nearBinds, 100)) {
            r.awaitFlowing();
            long before = r.disconnects();
            r.proxy().reset();
            long mark = r.awaitDisconnected(before);
            r.awaitFlowing();
            SequenceLedger.Tally t = r.finish();
            assertLossOnlyBefore(mark, t);
        }
    }

    /**
     * The stream toward the far side cut in the middle of a 20 kB frame, then reset: the far side
     * delivers no partial or corrupt message, and traffic resumes on a new connection.
     */
    static void midFrameCutDeliversNoPartialMessage(FarPeer.Kind kind, Pattern pattern, boolean nearBinds) throws Exception {
        try (FaultRun r = run(kind, pattern, nearBinds, 20_000)) {
            r.awaitFlowing();
            long before = r.disconnects();
            // 50,007 bytes from now: inside the payload frame unless it falls on one of the two
            // frame boundaries of a 20,019-byte message (and then it is still a cut stream).
            r.proxy().cutAfter(r.towardFar(), 50_007);
            long mark = r.awaitDisconnected(before);
            r.awaitFlowing();
            SequenceLedger.Tally t = r.finish();
            assertLossOnlyBefore(mark, t);
        }
    }

    /**
     * A minute of traffic while the proxy switches, every 300 ms, between a clean link, a 30 ms
     * delay, a 150 kB/s limit and a 200 ms blackhole: nothing lost, duplicated or reordered, and
     * the connection never dropped. The soak profile's long run.
     */
    static void sustainedTrafficThroughSwitchingFaultsLosesNothing(FarPeer.Kind kind, Pattern pattern, boolean nearBinds,
            Duration length) throws Exception {
        try (FaultRun r = run(kind, pattern, nearBinds, 100)) {
            r.awaitFlowing();
            long before = r.disconnects();
            long end = System.nanoTime() + length.toNanos();
            for (int step = 0; System.nanoTime() < end; step++) {
                FaultProxy p = r.proxy();
                switch (step % 4) {
                    case 0 -> p.blackhole(false).throttle(0).delay(Duration.ZERO);
                    case 1 -> p.delay(Duration.ofMillis(30));
                    case 2 -> p.delay(Duration.ZERO).throttle(150_000);
                    default -> p.throttle(0).blackhole(true);
                }
                Thread.sleep(step % 4 == 3 ? 200 : 300);
            }
            r.proxy().blackhole(false).throttle(0).delay(Duration.ZERO);
            r.awaitFlowing();
            SequenceLedger.Tally t = r.finish();
            assertLossless(t);
            assertThat(r.disconnects()).as("no disconnect").isEqualTo(before);
        }
    }
}
