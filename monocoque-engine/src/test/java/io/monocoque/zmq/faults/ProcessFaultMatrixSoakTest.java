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
 * Every process fault of {@link ProcessFaults} (kill -9, a brief and a long SIGSTOP) against both
 * far peers in processes of their own (pyzmq, Monocoque in a child JVM), both patterns and both
 * sides binding: 24 runs, outside the fast suite ({@code mvn -Psoak verify}).
 */
@Tag("soak")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ProcessFaultMatrixSoakTest {

    static List<Arguments> matrix() {
        List<Arguments> all = new ArrayList<>();
        for (Kind kind : new Kind[] {Kind.MONOCOQUE_PROCESS, Kind.LIBZMQ}) {
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
    void killedPeerLosesOnlyWhatItHeldAndLaterMessagesArrive(Kind kind, Pattern pattern, boolean nearBinds) throws Exception {
        assumePeer(kind);
        ProcessFaults.killedPeerLosesOnlyWhatItHeldAndLaterMessagesArrive(kind, pattern, nearBinds);
    }

    @ParameterizedTest(name = "{0} {1}, Monocoque binds: {2}")
    @MethodSource("matrix")
    void briefFreezeKeepsTheConnectionAndLosesNothing(Kind kind, Pattern pattern, boolean nearBinds) throws Exception {
        assumePeer(kind);
        ProcessFaults.briefFreezeKeepsTheConnectionAndLosesNothing(kind, pattern, nearBinds);
    }

    @ParameterizedTest(name = "{0} {1}, Monocoque binds: {2}")
    @MethodSource("matrix")
    void longFreezeDropsThePeerAndTrafficResumesAfterItThaws(Kind kind, Pattern pattern, boolean nearBinds) throws Exception {
        assumePeer(kind);
        ProcessFaults.longFreezeDropsThePeerAndTrafficResumesAfterItThaws(kind, pattern, nearBinds);
    }
}
