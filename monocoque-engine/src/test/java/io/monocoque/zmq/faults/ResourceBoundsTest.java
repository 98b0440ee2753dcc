package io.monocoque.zmq.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Resource bounds in the fast suite: 2,000 silent connections, 1,000 connect/disconnect
 * cycles, and the memory an idle connection costs. The 10,000-cycle run: {@link ResourceBoundsSoakTest}.
 */
@Timeout(120)
class ResourceBoundsTest {

    @Test
    void twoThousandSilentConnectionsAreDroppedAtTheHandshakeTimeoutWithDescriptorsAndHeapBackToBaseline() throws Exception {
        ResourceBounds.silentConnectionsAreDroppedAtTheHandshakeTimeout(2000);
    }

    @Test
    void aThousandConnectDisconnectCyclesLeaveDescriptorsThreadsAndHeapFlat() {
        ResourceBounds.connectDisconnectCyclesLeaveResourcesFlat(1000);
    }

    @Test
    void anIdleConnectionCostsTheServerOneDescriptorAndAFewKilobytesOfHeap() throws Exception {
        ResourceBounds.memoryPerIdleConnection(1000, 16 * 1024);
    }
}
