package io.monocoque.zmq.faults;

import io.monocoque.zmq.faults.FarPeer.Kind;
import io.monocoque.zmq.faults.FaultRun.Pattern;
import io.monocoque.zmq.testing.PyzmqInterpreter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Network faults between a Monocoque socket and a real peer, through a {@link io.monocoque.zmq.testing.FaultProxy}:
 * the fast suite's representative set (every fault against Monocoque on both sides, a few against
 * libzmq and JeroMQ, DEALER/ROUTER once each way). Every peer, pattern and side:
 * {@link NetworkFaultMatrixSoakTest} ({@code mvn -Psoak verify}).
 */
@Timeout(120)
class NetworkFaultTest {

    @ParameterizedTest(name = "Monocoque binds: {0}")
    @ValueSource(booleans = {false, true})
    void delayAndThrottleLoseDuplicateAndReorderNothing(boolean nearBinds) throws Exception {
        NetworkFaults.delayAndThrottleLoseDuplicateAndReorderNothing(Kind.MONOCOQUE, Pattern.PUSH_PULL, nearBinds);
    }

    @ParameterizedTest(name = "Monocoque binds: {0}")
    @ValueSource(booleans = {false, true})
    void shortBlackholeKeepsTheConnectionAndLosesNothing(boolean nearBinds) throws Exception {
        NetworkFaults.shortBlackholeKeepsTheConnectionAndLosesNothing(Kind.MONOCOQUE, Pattern.PUSH_PULL, nearBinds);
    }

    @ParameterizedTest(name = "Monocoque binds: {0}")
    @ValueSource(booleans = {false, true})
    void longBlackholeDropsTheConnectionAndTrafficResumes(boolean nearBinds) throws Exception {
        NetworkFaults.longBlackholeDropsTheConnectionAndTrafficResumes(Kind.MONOCOQUE, Pattern.PUSH_PULL, nearBinds);
    }

    @ParameterizedTest(name = "Monocoque binds: {0}")
    @ValueSource(booleans = {false, true})
    void resetReconnectsAndLosesOnlyWhatWasInFlight(boolean nearBinds) throws Exception {
        NetworkFaults.resetReconnectsAndLosesOnlyWhatWasInFlight(Kind.MONOCOQUE, Pattern.PUSH_PULL, nearBinds);
    }

    @ParameterizedTest(name = "Monocoque binds: {0}")
    @ValueSource(booleans = {false, true})
    void midFrameCutDeliversNoPartialMessage(boolean nearBinds) throws Exception {
        NetworkFaults.midFrameCutDeliversNoPartialMessage(Kind.MONOCOQUE, Pattern.PUSH_PULL, nearBinds);
    }

    @Test
    void dealerRouterThroughALongBlackholeResumesWithoutDuplicates() throws Exception {
        NetworkFaults.longBlackholeDropsTheConnectionAndTrafficResumes(Kind.MONOCOQUE, Pattern.DEALER_ROUTER, false);
    }

    @Test
    void dealerRouterThroughAMidFrameCutDeliversNoPartialMessage() throws Exception {
        NetworkFaults.midFrameCutDeliversNoPartialMessage(Kind.MONOCOQUE, Pattern.DEALER_ROUTER, true);
    }

    @Test
    void libzmqPullThroughALongBlackholeResumesWithoutDuplicates() throws Exception {
        PyzmqInterpreter.assumeAvailable();
        NetworkFaults.longBlackholeDropsTheConnectionAndTrafficResumes(Kind.LIBZMQ, Pattern.PUSH_PULL, false);
    }

    @Test
    void libzmqRouterThroughAResetLosesOnlyWhatWasInFlight() throws Exception {
        PyzmqInterpreter.assumeAvailable();
        NetworkFaults.resetReconnectsAndLosesOnlyWhatWasInFlight(Kind.LIBZMQ, Pattern.DEALER_ROUTER, true);
    }

    @Test
    void libzmqPullThroughAMidFrameCutDeliversNoPartialMessage() throws Exception {
        PyzmqInterpreter.assumeAvailable();
        NetworkFaults.midFrameCutDeliversNoPartialMessage(Kind.LIBZMQ, Pattern.PUSH_PULL, true);
    }

    @Test
    void jeroMqPullThroughAShortBlackholeLosesNothing() throws Exception {
        NetworkFaults.shortBlackholeKeepsTheConnectionAndLosesNothing(Kind.JEROMQ, Pattern.PUSH_PULL, true);
    }

    @Test
    void jeroMqRouterThroughAResetLosesOnlyWhatWasInFlight() throws Exception {
        NetworkFaults.resetReconnectsAndLosesOnlyWhatWasInFlight(Kind.JEROMQ, Pattern.DEALER_ROUTER, false);
    }
}
