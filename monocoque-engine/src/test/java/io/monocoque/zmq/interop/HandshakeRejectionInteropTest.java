package io.monocoque.zmq.interop;

import io.monocoque.zmq.testing.PyzmqInterpreter;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.monocoque.zmq.interop.InteropMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Foreign peers of an incompatible socket type are refused during the ZMTP handshake (by the
 * Monocoque socket, which reports {@link MonitorEventType#HANDSHAKE_FAILED_PROTOCOL}, or by the
 * peer, whichever reads the other's READY first), and the Monocoque socket goes on serving good
 * peers as if the bad one had never come.
 */
@Timeout(60)
class HandshakeRejectionInteropTest {

    private static final Duration STEP = InteropPeer.STEP;

    private JeroMqPeer.Launcher jeromq;
    private PyZmq python;
    private ZmqContext ctx;
    private final BlockingQueue<MonitorEvent> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        jeromq = new JeroMqPeer.Launcher();
        ctx = ZmqContext.create();
    }

    @AfterEach
    void stop() {
        try {
            jeromq.close();
            if (python != null) {
                python.close();
            }
        } finally {
            ctx.close();
        }
    }

    @Test
    void jeroMqPushIsRefusedByMonocoquePubWhichKeepsServingAGoodSubscriber() throws Exception {
        ZmqSocket pub = ctx.createSocket(SocketType.PUB);
        pub.setOption(SocketOption.LINGER, Duration.ofSeconds(2));
        pub.setOption(SocketOption.HANDSHAKE_INTERVAL, Duration.ofSeconds(3)); // see Scenarios
        pub.setOption(SocketOption.SEND_HIGH_WATER_MARK, 0);
        try (AutoCloseable monitor = pub.monitor(events::add)) {
            pub.bind("tcp://127.0.0.1:*");

            InteropPeer push = jeromq.start("idle", false, pub.lastEndpoint(), 0, "--type", "push");
            push.awaitReady();
            awaitRefusal("PUSH");

            InteropPeer sub = jeromq.start("sub", false, pub.lastEndpoint(), 500);
            sub.awaitReady();
            Scenarios.publishTo(pub, sub, 500);
            push.close();
        }
    }

    @Test
    void libzmqSubIsRefusedByMonocoquePushWhichStillDeliversEverythingToAGoodPull() throws Exception {
        PyzmqInterpreter.assumeAvailable();
        python = new PyZmq();
        ZmqSocket push = ctx.createSocket(SocketType.PUSH);
        push.setOption(SocketOption.LINGER, Duration.ofSeconds(2));
        try (AutoCloseable monitor = push.monitor(events::add)) {
            push.bind("tcp://127.0.0.1:*");

            InteropPeer sub = python.start("idle", false, push.lastEndpoint(), 0, "--type", "sub");
            sub.awaitReady();
            awaitRefusal("SUB");

            // Nothing may be queued for the refused peer: every message must reach the good one.
            InteropPeer pull = python.start("pull", false, push.lastEndpoint(), Scenarios.COUNT);
            pull.awaitReady();
            for (int i = 0; i < Scenarios.COUNT; i++) {
                Scenarios.send(push, message(i, Scenarios.COUNT, "m"), "message " + i);
            }
            assertThat(pull.awaitFinished()).isEqualTo(Scenarios.COUNT);
            sub.close();
        }
    }

    /**
     * Waits until the incompatible peer's connection is refused, by either side: this socket
     * reports {@link MonitorEventType#HANDSHAKE_FAILED_PROTOCOL} naming the peer's type when it
     * reads the peer's READY first; the peer closes first when it reads our READY before writing
     * its own (libzmq and JeroMQ do, now that the greeting goes in steps and both READYs cross),
     * and this socket sees the connection end without a handshake. Fails if the handshake succeeds.
     */
    private void awaitRefusal(String peerType) throws InterruptedException {
        List<MonitorEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + STEP.toNanos();
        while (true) {
            MonitorEvent e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                fail("the " + peerType + " peer was not refused within " + STEP.toSeconds() + " s; events: " + seen);
            }
            seen.add(e);
            if (e.type() == MonitorEventType.HANDSHAKE_SUCCEEDED) {
                fail("the incompatible peer's handshake succeeded; events: " + seen);
            }
            if (e.type() == MonitorEventType.HANDSHAKE_FAILED_PROTOCOL) {
                assertThat(e.reason()).as("the reason given for refusing a %s", peerType).containsIgnoringCase(peerType);
                return;
            }
            if (e.type() == MonitorEventType.DISCONNECTED) {
                return;
            }
        }
    }
}
