package io.monocoque.zmq.faults;

import java.util.List;

/**
 * A Monocoque far peer in a JVM of its own, for the tests that kill or freeze a whole process:
 * takes the arguments of {@link FarPeer.Spec#arguments()}, prints "ready endpoint", and runs
 * until stdin closes (or the test kills it).
 */
public final class FaultPeerProcess {

    private FaultPeerProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (MonocoqueFarPeer peer = MonocoqueFarPeer.start(List.of(args))) {
            System.out.println("ready " + peer.endpoint());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the test closes our stdin
            }
        }
        System.exit(0);
    }
}
