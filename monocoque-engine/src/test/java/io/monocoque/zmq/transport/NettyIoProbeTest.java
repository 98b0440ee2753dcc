package io.monocoque.zmq.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.IoTransport;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.netty.util.concurrent.EventExecutor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The I/O thread probe reaches every event loop, and a blocked one is told apart from the others. */
class NettyIoProbeTest {

    private final NettyIo io = new NettyIo(IoTransport.AUTO, 3, "probe-test");

    @AfterEach
    void shutdown() {
        io.shutdown();
    }

    @Test
    void aBlockedEventLoopLeavesItsProbeIncompleteWhileTheOthersAnswerAndThenReportsHowLongItWasHeld() throws Exception {
        List<EventExecutor> loops = new ArrayList<>();
        io.group().forEach(loops::add);
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loops.get(1).execute(() -> {
            blocked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();

        List<CompletableFuture<Duration>> probes = io.probe();
        long probed = System.nanoTime();
        assertThat(probes).hasSize(3);
        assertThat(probes.get(0).get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(probes.get(2).get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(Duration.ZERO);
        // loop 1 is inside the task above until release: its probe cannot have run
        assertThat(probes.get(1)).isNotDone();

        long released = System.nanoTime();
        release.countDown();
        Duration held = probes.get(1).get(10, TimeUnit.SECONDS);
        assertThat(held).isGreaterThanOrEqualTo(Duration.ofNanos(released - probed));
    }

    @Test
    void probeIIsAlwaysEventLoopIAndEveryLoopIsProbed() throws Exception {
        List<EventExecutor> loops = new ArrayList<>();
        io.group().forEach(loops::add);
        assertThat(io.ioThreads()).isEqualTo(loops.size()).isEqualTo(3);
        for (int stuck = 0; stuck < loops.size(); stuck++) {
            CountDownLatch release = new CountDownLatch(1);
            loops.get(stuck).execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            List<CompletableFuture<Duration>> probes = io.probe();
            for (int i = 0; i < probes.size(); i++) {
                if (i != stuck) {
                    probes.get(i).get(10, TimeUnit.SECONDS);
                }
            }
            assertThat(probes.get(stuck)).as("the probe of blocked loop %d", stuck).isNotDone();
            release.countDown();
            probes.get(stuck).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProbeOfAStoppedGroupFailsWithEterm() {
        io.shutdown();
        List<CompletableFuture<Duration>> probes = io.probe();
        assertThat(probes).hasSize(3);
        for (CompletableFuture<Duration> probe : probes) {
            assertThat(probe).failsWithin(Duration.ofSeconds(1)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ETERM));
        }
    }
}
