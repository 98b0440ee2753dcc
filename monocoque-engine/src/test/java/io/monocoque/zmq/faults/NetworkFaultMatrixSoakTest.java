package io.monocoque.zmq.faults;

import io.monocoque.zmq.faults.FarPeer.Kind;
import io.monocoque.zmq.faults.FaultRun.Pattern;
import io.monocoque.zmq.testing.PyzmqInterpreter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every network fault of {@link NetworkFaults} against every far peer (Monocoque, libzmq, JeroMQ),
 * both patterns (PUSH→PULL, DEALER↔ROUTER) and both sides binding: 72 runs, the twelve of
 * switching faults a minute each, about 15 minutes in all, so outside the fast suite
 * ({@code mvn -Psoak verify}).
 */
@Tag("soak")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NetworkFaultMatrixSoakTest {

    static List<Arguments> matrix() {
        List<Arguments> all = new ArrayList<>();
        for (Kind kind : new Kind[] {Kind.MONOCOQUE, Kind.LIBZMQ, Kind.JEROMQ}) {
            for (Pattern pattern : Pattern.values()) {
                for (boolean nearBinds : new boolean[] {false, true}) {
                    all.add(Arguments.of(kind, pattern, nearBinds));
                }
            }
        }
        return all;
    }

    private static void assumePeer(Kind kind) {
        if (kind == Kind.LIBZMQ) {
            PyzmqInterpreter.assumeAvailable();
        }
    }

    @ParameterizedTest(name = "{0} {1}, Monocoque binds: {2}")
    @MethodSource("matrix")
    void delayAndThrottleLoseDuplicateAndReorderNothing(Kind kind, Pattern pattern, boolean nearBinds) throws Exception {
        assumePeer(kind);
        NetworkFaults.delayAndThrottleLoseDuplicateAndReorderNothing(kind, pattern, nearBinds);
    }

    @ParameterizedTest(name = "{0} {1}, Monocoque binds: {2}")
    @MethodSource("matrix")
    void shortBlackholeKeepsTheConnectionAndLosesNothing(Kind kind, Pattern pattern, boolean nearBinds) throws Exception {
        assumePeer(kind);
        NetworkFaults.shortBlackholeKeepsTheConnectionAndLosesNothing(kind, pattern, nearBinds);
    }

    @ParameterizedTest(name = "{0} {1}, Monocoque binds: {2}")
    @MethodSource("matrix")
    void longBlackholeDropsTheConnectionAndTrafficResumes(Kind kind, Pattern pattern, boolean nearBinds) throws Exception {
        assumePeer(kind);
        NetworkFaults.longBlackholeDropsTheConnectionAndTrafficResumes(kind, pattern, nearBinds);
    }

    @ParameterizedTest(name = "{0} {1}, Monocoque binds: {2}")
    @MethodSource("matrix")
    void resetReconnectsAndLosesOnlyWhatWasInFlight(Kind kind, Pattern pattern, boolean nearBinds) throws Exception {
        assumePeer(kind);
        NetworkFaults.resetReconnectsAndLosesOnlyWhatWasInFlight(kind, pattern, nearBinds);
    }

    @ParameterizedTest(name = "{0} {1}, Monocoque binds: {2}")
    @MethodSource("matrix")
    void midFrameCutDeliversNoPartialMessage(Kind kind, Pattern pattern, boolean nearBinds) throws Exception {
        assumePeer(kind);
        NetworkFaults.midFrameCutDeliversNoPartialMessage(kind, pattern, nearBinds);
    }

    @ParameterizedTest(name = "{0} {1}, Monocoque binds: {2}")
    @MethodSource("matrix")
    void aMinuteOfSwitchingFaultsLosesNothing(Kind kind, Pattern pattern, boolean nearBinds) throws Exception {
        assumePeer(kind);
        NetworkFaults.sustainedTrafficThroughSwitchingFaultsLosesNothing(kind, pattern, nearBinds, java.time.Duration.ofMinutes(1));
    }
}
