package io.monocoque.zmq.faults;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.FaultProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What linger keeps when the network is bad: everything sent before close still reaches a peer
 * behind a slow link, within the linger; and a peer that cannot be reached holds close up for
 * no longer than the linger.
 */
@Timeout(60)
class LingerUnderFaultsTest {

    private static final int COUNT = 200;

    @Test
    void lingerDeliversEverythingSentBeforeCloseThroughADelayedAndThrottledLink() throws Exception {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            pull.setOption(SocketOption.LINGER, Duration.ZERO);
            pull.bind("tcp://127.0.0.1:*");
            SequenceLedger ledger = new SequenceLedger();
            try (FaultProxy proxy = FaultProxy.to(pull.lastEndpoint()); ZmqContext sender = ZmqContext.create()) {
                ZmqSocket push = sender.createSocket(SocketType.PUSH);
                push.setOption(SocketOption.LINGER, Duration.ofSeconds(20));
                push.connect(proxy.endpoint());
                push.send(SequenceLedger.message(0, 1000));
                ledger.record(pull.receive(Duration.ofSeconds(10)));
                // 200 kB through 100 ms of delay at 100 kB/s: about two seconds still to go at close.
                proxy.delay(Duration.ofMillis(100)).throttle(100_000);
                for (int i = 1; i < COUNT; i++) {
                    push.send(SequenceLedger.message(i, 1000));
                }
                push.close();
                for (int i = 1; i < COUNT; i++) {
                    ledger.record(pull.receive(Duration.ofSeconds(20)));
                }
            }
            SequenceLedger.Tally t = ledger.tally(COUNT - 1);
            NetworkFaults.assertLossless(t);
        }
    }

    @Test
    void aBlackholedPeerHoldsContextCloseUpForNoLongerThanTheLinger() throws Exception {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            pull.setOption(SocketOption.LINGER, Duration.ZERO);
            pull.setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 1);
            pull.bind("tcp://127.0.0.1:*");
            try (FaultProxy proxy = FaultProxy.to(pull.lastEndpoint())) {
                ZmqContext sender = ZmqContext.create();
                ZmqSocket push = sender.createSocket(SocketType.PUSH);
                push.setOption(SocketOption.LINGER, Duration.ofMillis(500));
                push.connect(proxy.endpoint());
                push.send(SequenceLedger.message(0, 10));
                assertThat(pull.receive(Duration.ofSeconds(10))).isNotNull();
                proxy.blackhole(true);
                // 20 MB: more than the proxy and both kernels' socket buffers hold, so not all of it can be flushed.
                for (int i = 1; i <= 200; i++) {
                    push.send(SequenceLedger.message(i, 100_000));
                }
                long start = System.nanoTime();
                sender.close();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("context close with linger 500 ms")
                        .isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
            }
        }
    }
}
