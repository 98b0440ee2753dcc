package io.monocoque.zmq.transport;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.session.ZmtpSession;
import io.monocoque.zmq.testing.RawZmtpPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a peer can make us hold is bounded by the bytes it really sent, and only its own
 * connection pays: a frame header declaring 2 GiB, a pre-authentication command declaring a
 * gigabyte, a stream trickling into a huge frame, a greeting that never ends.
 */
@Timeout(120)
class BoundedMemoryHostilePeerTest {

    private ZmqContext ctx;
    private final List<MonitorEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        ctx = ZmqContext.create();
    }

    @AfterEach
    void tearDown() {
        ctx.close();
    }

    /** A long message-frame header declaring {@code size} bytes, no body. */
    private static byte[] longFrameHeader(boolean command, long size) {
        return ByteBuffer.allocate(9).put((byte) (0x02 | (command ? 0x04 : 0))).putLong(size).array();
    }

    @Test
    void fiftyTwoGigabyteFrameHeadersInA256MegabyteServerCostOneStepEachAndItKeepsServing() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process server = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                EchoServerProcess.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<RawZmtpPeer> bombs = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
             ZmqSocket req = ctx.createSocket(SocketType.REQ)) {
            String ready = out.readLine();
            assertThat(ready).startsWith("ready ");
            String endpoint = ready.substring("ready ".length());
            req.setOption(SocketOption.LINGER, Duration.ZERO);
            req.connect(endpoint);
            long before = heap(req);

            for (int i = 0; i < 50; i++) {
                RawZmtpPeer bomb = new RawZmtpPeer(endpoint);
                bombs.add(bomb);
                bomb.handshake("REQ");
                bomb.write(longFrameHeader(false, Integer.MAX_VALUE - 9));
            }
            long after = heap(req);
            assertThat(after - before).as("heap grown by 50 connections that each declared a 2 GiB frame")
                    .isLessThan(50L * 2 * (64 * 1024));
            req.send(ZmqMessage.of("still", "serving"));
            assertThat(req.receive(Duration.ofSeconds(10))).isEqualTo(ZmqMessage.of("still", "serving"));
            assertThat(server.isAlive()).isTrue();
        } finally {
            for (RawZmtpPeer b : bombs) {
                b.close();
            }
            server.getOutputStream().close();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The echo server's heap after a full GC, asked over ZeroMQ. */
    private static long heap(ZmqSocket req) {
        req.send(ZmqMessage.of("heap"));
        ZmqMessage reply = req.receive(Duration.ofSeconds(20));
        assertThat(reply).as("the server's heap reply").isNotNull();
        return Long.parseLong(reply.frameString(0));
    }

    @Test
    void aCommandDeclaringAGigabyteBeforeAuthenticationIsRefusedAtItsHeader() throws Exception {
        ZmqSocket pull = ctx.createSocket(SocketType.PULL);
        pull.setOption(SocketOption.LINGER, Duration.ZERO);
        pull.monitor(events::add);
        pull.bind("tcp://127.0.0.1:*");
        try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
            peer.greet("NULL", false);
            peer.write(longFrameHeader(true, 1L << 30));
            // A few bytes of the body, then the connection must already be gone.
            peer.write(new byte[64]);
            assertThat(peer.closedByPeer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_PROTOCOL);
            assertThat(e.reason()).contains("exceeds the handshake command limit of " + ZmtpSession.HANDSHAKE_COMMAND_LIMIT);
        }));
    }

    @Test
    void aPeerStreamingIntoAHugeFrameDoesNotHoldUpAnotherSocketOfTheSameContext() throws Exception {
        ZmqSocket pull = ctx.createSocket(SocketType.PULL);
        pull.setOption(SocketOption.LINGER, Duration.ZERO);
        pull.bind("tcp://127.0.0.1:*");
        ZmqSocket rep = ctx.createSocket(SocketType.REP);
        rep.setOption(SocketOption.LINGER, Duration.ZERO);
        rep.bind("tcp://127.0.0.1:*");
        Thread echo = new Thread(() -> {
            try {
                while (true) {
                    ZmqMessage m = rep.receive();
                    rep.send(m);
                }
            } catch (RuntimeException closed) {
                // the context closed
            }
        });
        echo.setDaemon(true);
        echo.start();

        long total = 96L << 20;
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong streamed = new AtomicLong();
        Thread attacker = new Thread(() -> {
            try (RawZmtpPeer peer = new RawZmtpPeer(pull.lastEndpoint())) {
                peer.handshake("PUSH");
                peer.write(longFrameHeader(false, Integer.MAX_VALUE - 9));
                byte[] chunk = new byte[64 * 1024];
                while (streamed.get() < total && !done.get()) {
                    peer.write(chunk);
                    streamed.addAndGet(chunk.length);
                }
            } catch (Exception e) {
                // closed at the end of the test
            }
        });
        attacker.setDaemon(true);
        attacker.start();
        try (ZmqSocket req = ctx.createSocket(SocketType.REQ)) {
            req.setOption(SocketOption.LINGER, Duration.ZERO);
            req.connect(rep.lastEndpoint());
            long worst = 0;
            int echoes = 0;
            while (streamed.get() < total && echoes < 2000) {
                long t0 = System.nanoTime();
                req.send(ZmqMessage.of("echo"));
                assertThat(req.receive(Duration.ofSeconds(10))).as("echo %d while %d bytes streamed", echoes, streamed.get())
                        .isEqualTo(ZmqMessage.of("echo"));
                worst = Math.max(worst, System.nanoTime() - t0);
                echoes++;
            }
            assertThat(echoes).isPositive();
            // The old cumulation re-copied everything on every read past 1 GiB: echoes waited a minute.
            assertThat(Duration.ofNanos(worst)).as("slowest echo of %d while the attacker streamed", echoes)
                    .isLessThan(Duration.ofSeconds(2));
        } finally {
            done.set(true);
            attacker.join(10_000);
        }
    }

    @Test
    void aGreetingTrickledOneByteAtATimeIsDroppedAtTheHandshakeIntervalWhileOthersAreServed() throws Exception {
        ZmqSocket pull = ctx.createSocket(SocketType.PULL);
        pull.setOption(SocketOption.LINGER, Duration.ZERO);
        pull.setOption(SocketOption.HANDSHAKE_INTERVAL, Duration.ofMillis(500));
        pull.monitor(events::add);
        pull.bind("tcp://127.0.0.1:*");
        try (RawZmtpPeer slow = new RawZmtpPeer(pull.lastEndpoint());
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            push.setOption(SocketOption.LINGER, Duration.ofSeconds(1));
            push.connect(pull.lastEndpoint());
            boolean closed = false;
            for (int i = 0; i < 40 && !closed; i++) {
                try {
                    slow.write(new byte[] {(byte) 0xff});
                } catch (java.io.IOException e) {
                    closed = true;
                }
                push.send(ZmqMessage.of("m" + i));
                assertThat(pull.receive(Duration.ofSeconds(5))).isEqualTo(ZmqMessage.of("m" + i));
                Thread.sleep(50);
            }
            assertThat(closed || slow.closedByPeer()).as("the slow peer was dropped").isTrue();
        }
        // Monitor events reach listeners on the context's event thread, after the close may have.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(MonitorEventType.HANDSHAKE_FAILED_NO_DETAIL);
            assertThat(e.reason()).isEqualTo("handshake not completed within 500 ms");
        }));
    }
}
