package io.monocoque.zmq.faults;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

/** The long resource bounds ({@code mvn -Psoak verify}): 10,000 connect/disconnect cycles. */
@Tag("soak")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ResourceBoundsSoakTest {

    @Test
    void tenThousandConnectDisconnectCyclesLeaveDescriptorsThreadsAndHeapFlat() {
        ResourceBounds.connectDisconnectCyclesLeaveResourcesFlat(10_000);
    }
}
