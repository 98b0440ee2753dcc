package io.monocoque.zmq.faults;

import io.monocoque.zmq.testing.FaultProxy;

import java.time.Duration;

/**
 * Switches a {@link FaultProxy} through its faults while traffic flows, one change per step in a
 * cycle of eight steps: a clean link, a 30 ms delay, a 150 kB/s limit, a blackhole shorter than
 * the heartbeat timeout (which must not cost the connection), and every third cycle a reset of
 * both sides (which must, and may lose only what it had in flight).
 */
final class ProxyFaultCycle implements NumberedStreamLane.Disturbance {

    static final Duration SHORT_BLACKHOLE = NetworkFaults.SHORT_BLACKHOLE;

    private final FaultProxy proxy;
    private final int offset;
    private long resets;

    /** @param offset steps by which this cycle is shifted, so that two proxies do not switch in step */
    ProxyFaultCycle(FaultProxy proxy, int offset) {
        this.proxy = proxy;
        this.offset = offset;
    }

    @Override
    public void apply(long step, NumberedStreamLane lane) throws InterruptedException {
        long s = step + offset;
        switch ((int) (s % 8)) {
            case 0 -> proxy.delay(Duration.ZERO).throttle(0);
            case 1 -> proxy.delay(Duration.ofMillis(30));
            case 3 -> proxy.delay(Duration.ZERO).throttle(150_000);
            case 5 -> {
                proxy.throttle(0).blackhole(true);
                Thread.sleep(SHORT_BLACKHOLE.toMillis());
                proxy.blackhole(false);
            }
            case 6 -> {
                if ((s / 8) % 3 == 2) {
                    lane.connectionWillDrop();
                    proxy.reset();
                    resets++;
                }
            }
            default -> {
                // the fault of the previous step stays on
            }
        }
    }

    @Override
    public void lift() {
        proxy.blackhole(false).throttle(0).delay(Duration.ZERO);
    }

    @Override
    public String toString() {
        return "fault cycle on " + proxy + ", " + resets + " resets";
    }
}
