package io.monocoque.spring.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.spring.pyzmq.PyzmqPeer;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code zmq} health component against real trouble: a libzmq peer (pyzmq) that goes away and
 * comes back, and I/O threads that are stuck.
 */
class HonestHealthTests {

    /**
     * A ROUTER bound to a loopback port, and a control PULL: "close" closes the ROUTER (the
     * peer goes away), "reopen" binds a new one to the same endpoint.
     */
    private static final String VANISHING_PEER = """
            import zmq
            ctx = zmq.Context()
            control = ctx.socket(zmq.PULL)
            control.linger = 0
            control.bind("tcp://127.0.0.1:*")
            s = ctx.socket(zmq.ROUTER)
            s.linger = 0
            s.bind("tcp://127.0.0.1:*")
            endpoint = s.getsockopt_string(zmq.LAST_ENDPOINT)
            print("endpoint", endpoint, flush=True)
            print("control", control.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
            while True:
                command = control.recv_string()
                if command == "close":
                    s.close()
                    print("closed", flush=True)
                elif command == "reopen":
                    s = ctx.socket(zmq.ROUTER)
                    s.linger = 0
                    s.bind(endpoint)
                    print("reopened", flush=True)
            """;

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class, MonocoqueHealthAutoConfiguration.class));

    @Test
    void aConnectEndpointWithoutAPeerPastThePeerTimeoutTurnsTheComponentDownUntilThePeerIsBack() {
        try (PyzmqPeer peer = PyzmqPeer.start(VANISHING_PEER)) {
            String endpoint = peer.endpoint();
            String control = peer.nextLine("control");
            runner.withPropertyValues("monocoque.sockets.pricing.type=dealer", "monocoque.sockets.pricing.connect=" + endpoint,
                    "monocoque.sockets.pricing.reconnect-interval=50ms", "monocoque.health.peer-timeout=400ms").run(context -> {
                ZmqHealthIndicator indicator = context.getBean(ZmqHealthIndicator.class);
                await().atMost(WAIT).until(() -> indicator.health(true).getStatus().equals(Status.UP));
                assertThat(pricing(indicator.health(true))).doesNotContainKey("unreachable").containsEntry("peers", 1);

                try (ZmqSocket commands = context.getBean(ZmqContext.class).createSocket(SocketType.PUSH)) {
                    commands.connect(control);
                    commands.send("close");
                    assertThat(peer.nextLine()).isEqualTo("closed");
                    // Within the peer timeout a lost peer is a reconnect in progress, not a failure.
                    await().atMost(WAIT).until(() -> pricing(indicator.health(true)).get("peers").equals(0));
                    await().atMost(WAIT).until(() -> indicator.health(true).getStatus().equals(Status.DOWN));
                    Map<String, Object> down = pricing(indicator.health(true));
                    assertThat(down).containsEntry("status", "UNREACHABLE");
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> unreachable = (List<Map<String, Object>>) down.get("unreachable");
                    assertThat(unreachable).hasSize(1);
                    assertThat(unreachable.get(0)).containsEntry("endpoint", endpoint).containsKey("withoutPeerFor");
                    await().atMost(WAIT).until(() -> (long) unreachable(indicator).get("reconnects") > 0);

                    commands.send("reopen");
                    assertThat(peer.nextLine()).isEqualTo("reopened");
                    await().atMost(WAIT).until(() -> indicator.health(true).getStatus().equals(Status.UP));
                    assertThat(pricing(indicator.health(true))).doesNotContainKey("unreachable");
                }
            });
        }
    }

    @Test
    void aConnectEndpointThatNeverHadAPeerIsReportedWithItsReconnects() {
        runner.withPropertyValues("monocoque.sockets.pricing.type=dealer", "monocoque.sockets.pricing.connect=tcp://127.0.0.1:1",
                "monocoque.sockets.pricing.reconnect-interval=20ms", "monocoque.health.peer-timeout=200ms").run(context -> {
            ZmqHealthIndicator indicator = context.getBean(ZmqHealthIndicator.class);
            await().atMost(WAIT).until(() -> indicator.health(true).getStatus().equals(Status.DOWN));
            await().atMost(WAIT).until(() -> (long) unreachable(indicator).get("reconnects") > 1);
            assertThat(unreachable(indicator)).containsEntry("endpoint", "tcp://127.0.0.1:1");
        });
    }

    @Test
    void aStuckIoThreadTurnsTheComponentDownAndItComesBackUpWhenTheThreadMovesAgain() throws Exception {
        runner.withPropertyValues("monocoque.health.io-thread-timeout=500ms").run(context -> {
            ZmqHealthIndicator indicator = context.getBean(ZmqHealthIndicator.class);
            Health healthy = indicator.health(true);
            assertThat(healthy.getStatus()).isEqualTo(Status.UP);
            assertThat(ioThreads(healthy)).containsEntry("status", "UP").containsEntry("threads", 1);

            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch stuck = stall(context.getBean(ZmqContext.class), release, 0);
            try {
                stuck.await();
                long start = System.nanoTime();
                Health health = indicator.health(true);
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(ioThreads(health)).containsEntry("status", "STUCK");
                assertThat((String) ioThreads(health).get("problem")).contains("500 ms");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3)); // the check is bounded
            } finally {
                release.countDown();
            }
            await().atMost(WAIT).until(() -> indicator.health(true).getStatus().equals(Status.UP));
        });
    }

    @Test
    void everyIoThreadIsCheckedAndTheStuckOneIsNamed() throws Exception {
        runner.withPropertyValues("monocoque.io-threads=3", "monocoque.health.io-thread-timeout=500ms").run(context -> {
            ZmqHealthIndicator indicator = context.getBean(ZmqHealthIndicator.class);
            assertThat(ioThreads(indicator.health(true))).containsEntry("status", "UP").containsEntry("threads", 3);
            for (int thread = 0; thread < 3; thread++) {
                CountDownLatch release = new CountDownLatch(1);
                CountDownLatch stuck = stall(context.getBean(ZmqContext.class), release, thread);
                try {
                    stuck.await();
                    Health health = indicator.health(true);
                    assertThat(health.getStatus()).as("thread %d stuck", thread).isEqualTo(Status.DOWN);
                    assertThat(ioThreads(health)).containsEntry("stuckThreads", List.of(thread));
                    assertThat((String) ioThreads(health).get("problem")).isEqualTo("I/O thread " + thread + " of 3 did not run a task within 500 ms");
                } finally {
                    release.countDown();
                }
                await().atMost(WAIT).until(() -> indicator.health(true).getStatus().equals(Status.UP));
            }
        });
    }

    @Test
    void theIoThreadProbeCanBeSwitchedOff() {
        runner.withPropertyValues("monocoque.health.io-thread-timeout=0s").run(context -> {
            Health health = context.getBean(ZmqHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).doesNotContainKey("ioThreads");
        });
    }

    /**
     * Blocks the given I/O threads of {@code zmq} (by index, in the context's order) until
     * {@code release}, as a handler stuck on one would: reaching the event loops takes
     * reflection, as the engine (rightly) does not hand them out.
     */
    private static CountDownLatch stall(ZmqContext zmq, CountDownLatch release, int... threads) throws Exception {
        Field io = ZmqContext.class.getDeclaredField("io");
        io.setAccessible(true);
        Object nettyIo = io.get(zmq);
        EventLoopGroup group = (EventLoopGroup) nettyIo.getClass().getMethod("group").invoke(nettyIo);
        List<EventExecutor> loops = new ArrayList<>();
        group.forEach(loops::add);
        CountDownLatch stuck = new CountDownLatch(threads.length);
        for (int thread : threads) {
            loops.get(thread).execute(() -> {
                stuck.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        return stuck;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> pricing(Health health) {
        return ((Map<String, Map<String, Object>>) health.getDetails().get("sockets")).get("pricing");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> unreachable(ZmqHealthIndicator indicator) {
        List<Map<String, Object>> list = (List<Map<String, Object>>) pricing(indicator.health(true)).get("unreachable");
        return list == null || list.isEmpty() ? Map.of("reconnects", -1L) : list.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ioThreads(Health health) {
        return (Map<String, Object>) health.getDetails().get("ioThreads");
    }
}
