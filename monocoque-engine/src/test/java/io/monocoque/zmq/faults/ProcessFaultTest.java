package io.monocoque.zmq.faults;

import io.monocoque.zmq.faults.FarPeer.Kind;
import io.monocoque.zmq.faults.FaultRun.Pattern;
import io.monocoque.zmq.testing.PyzmqInterpreter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The far peer's process killed or frozen, in the fast suite's representative set: libzmq
 * (pyzmq) and Monocoque in a child JVM, on the binding and the connecting side. Every kind,
 * pattern and side: {@link ProcessFaultMatrixSoakTest} ({@code mvn -Psoak verify}).
 */
@Timeout(120)
class ProcessFaultTest {

    @ParameterizedTest(name = "Monocoque binds: {0}")
    @ValueSource(booleans = {false, true})
    void killedLibzmqPeerLosesOnlyWhatItHeldAndLaterMessagesArrive(boolean nearBinds) throws Exception {
        PyzmqInterpreter.assumeAvailable();
        ProcessFaults.killedPeerLosesOnlyWhatItHeldAndLaterMessagesArrive(Kind.LIBZMQ, Pattern.PUSH_PULL, nearBinds);
    }

    @Test
    void killedMonocoqueJvmLosesOnlyWhatItHeldAndLaterMessagesArrive() throws Exception {
        ProcessFaults.killedPeerLosesOnlyWhatItHeldAndLaterMessagesArrive(Kind.MONOCOQUE_PROCESS, Pattern.PUSH_PULL, false);
    }

    @Test
    void killedMonocoqueJvmRouterLosesOnlyWhatItHeldAndLaterMessagesArrive() throws Exception {
        ProcessFaults.killedPeerLosesOnlyWhatItHeldAndLaterMessagesArrive(Kind.MONOCOQUE_PROCESS, Pattern.DEALER_ROUTER, true);
    }

    @Test
    void briefFreezeOfALibzmqPeerLosesNothing() throws Exception {
        PyzmqInterpreter.assumeAvailable();
        ProcessFaults.briefFreezeKeepsTheConnectionAndLosesNothing(Kind.LIBZMQ, Pattern.PUSH_PULL, false);
    }

    @Test
    void longFreezeOfALibzmqRouterDropsItAndTrafficResumesAfterItThaws() throws Exception {
        PyzmqInterpreter.assumeAvailable();
        ProcessFaults.longFreezeDropsThePeerAndTrafficResumesAfterItThaws(Kind.LIBZMQ, Pattern.DEALER_ROUTER, false);
    }

    @Test
    void longFreezeOfAMonocoqueJvmDropsItAndTrafficResumesAfterItThaws() throws Exception {
        ProcessFaults.longFreezeDropsThePeerAndTrafficResumesAfterItThaws(Kind.MONOCOQUE_PROCESS, Pattern.PUSH_PULL, true);
    }
}
