package io.monocoque.zmq.faults;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The resource bound scenarios of {@link ResourceBoundsTest} and {@link ResourceBoundsSoakTest}. */
final class ResourceBounds {

    /** File descriptors a JVM opens and closes on its own now and then (jar files, /proc reads). */
    static final int FD_SLACK = 20;
    static final long HEAP_SLACK = 16L << 20;

    private ResourceBounds() {
    }

    /**
     * {@code n} connections that never send a byte are each dropped at the handshake timeout,
     * and then file descriptors and heap are back where they were.
     */
    static void silentConnectionsAreDroppedAtTheHandshakeTimeout(int n) throws Exception {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            pull.setOption(SocketOption.LINGER, Duration.ZERO);
            pull.setOption(SocketOption.HANDSHAKE_INTERVAL, Duration.ofSeconds(1));
            pull.bind("tcp://127.0.0.1:*");
            URI uri = URI.create(pull.lastEndpoint());
            InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
            // A first silent connection warms up what every later one uses.
            try (Socket warm = new Socket()) {
                warm.connect(address);
                warm.setSoTimeout(10_000);
                drainToEnd(warm.getInputStream());
            }
            int fds = ResourceProbe.openFileDescriptors();
            long heap = ResourceProbe.usedHeapAfterGc();
            List<Socket> silent = new ArrayList<>(n);
            try {
                for (int i = 0; i < n; i++) {
                    Socket s = new Socket();
                    silent.add(s);
                    s.connect(address, 10_000);
                    s.setSoTimeout(20_000);
                }
                for (Socket s : silent) {
                    // The server's signature, then its close at the handshake timeout.
                    assertThat(drainToEnd(s.getInputStream())).as("bytes before the server closed").isLessThanOrEqualTo(11);
                }
                await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(ResourceProbe.openFileDescriptors() - n)
                                .as("the server's descriptors once it dropped them (the test still holds %d)", n)
                                .isLessThanOrEqualTo(fds + FD_SLACK));
            } finally {
                for (Socket s : silent) {
                    s.close();
                }
            }
            assertThat(ResourceProbe.openFileDescriptors()).as("descriptors, baseline %d", fds).isLessThanOrEqualTo(fds + FD_SLACK);
            long after = ResourceProbe.usedHeapAfterGc();
            System.out.println("[resources] " + n + " silent connections dropped; heap " + (after - heap) / 1024 + " KiB over baseline");
            assertThat(after - heap).as("heap over baseline").isLessThan(HEAP_SLACK);
            assertThat(pull.statistics().handshakeFailures()).as("handshake failures counted").isGreaterThanOrEqualTo(n);
        }
    }

    private static int drainToEnd(InputStream in) throws IOException {
        int n = 0;
        try {
            while (in.read() >= 0) {
                n++;
            }
        } catch (java.net.SocketException e) {
            // reset instead of closed: closed all the same
        }
        return n;
    }

    /**
     * {@code cycles} times a DEALER connects, exchanges a message with a ROUTER and closes: file
     * descriptors, threads and heap stay flat, and the ROUTER ends with no peer.
     */
    static void connectDisconnectCyclesLeaveResourcesFlat(int cycles) {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket router = ctx.createSocket(SocketType.ROUTER)) {
            router.setOption(SocketOption.LINGER, Duration.ZERO);
            router.bind("tcp://127.0.0.1:*");
            String endpoint = router.lastEndpoint();
            int warmUp = Math.min(200, cycles / 10);
            for (int i = 0; i < warmUp; i++) {
                cycle(ctx, router, endpoint, i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> router.statistics().connectedPeers() == 0);
            int fds = ResourceProbe.openFileDescriptors();
            int threads = ResourceProbe.liveThreads();
            long heap = ResourceProbe.usedHeapAfterGc();
            long start = System.nanoTime();
            for (int i = warmUp; i < cycles; i++) {
                cycle(ctx, router, endpoint, i);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            await().atMost(Duration.ofSeconds(10)).until(() -> router.statistics().connectedPeers() == 0);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ResourceProbe.openFileDescriptors())
                    .as("descriptors, baseline %d", fds).isLessThanOrEqualTo(fds + FD_SLACK));
            // Helper threads of the JVM and of the test libraries come and go (Awaitility's, Netty's
            // global executor): what must not stay is a thread per cycle.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ResourceProbe.liveThreads())
                    .as("threads, baseline %d", threads).isLessThanOrEqualTo(threads + 2));
            long after = ResourceProbe.usedHeapAfterGc();
            System.out.println("[resources] " + (cycles - warmUp) + " connect/disconnect cycles in " + millis + " ms; heap "
                    + (after - heap) / 1024 + " KiB over baseline, descriptors " + (ResourceProbe.openFileDescriptors() - fds)
                    + ", threads " + (ResourceProbe.liveThreads() - threads));
            assertThat(after - heap).as("heap over baseline").isLessThan(HEAP_SLACK);
        }
    }

    private static void cycle(ZmqContext ctx, ZmqSocket router, String endpoint, int i) {
        try (ZmqSocket dealer = ctx.createSocket(SocketType.DEALER)) {
            dealer.setOption(SocketOption.LINGER, Duration.ZERO);
            dealer.connect(endpoint);
            dealer.send(ZmqMessage.of("cycle " + i));
            ZmqMessage request = router.receive(Duration.ofSeconds(10));
            assertThat(request).as("cycle %d's request", i).isNotNull();
            router.send(ZmqMessage.of(request.frame(0), "reply".getBytes(StandardCharsets.US_ASCII)));
            assertThat(dealer.receive(Duration.ofSeconds(10))).as("cycle %d's reply", i).isEqualTo(ZmqMessage.of("reply"));
        }
    }

    /**
     * What an idle connection costs a server: {@code n} REQ sockets, each with one completed
     * exchange, against a REP in a JVM of its own; the heap, direct memory and file
     * descriptors it holds per connection are printed, and the heap per connection is held
     * under {@code maxHeapPerConnection}.
     */
    static void memoryPerIdleConnection(int n, long maxHeapPerConnection) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process server = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                IdleConnectionServerProcess.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<ZmqSocket> idle = new ArrayList<>(n);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
             ZmqContext ctx = ZmqContext.create(); ZmqSocket probe = ctx.createSocket(SocketType.REQ)) {
            String ready = out.readLine();
            assertThat(ready).startsWith("ready ");
            String endpoint = ready.substring("ready ".length());
            probe.setOption(SocketOption.LINGER, Duration.ZERO);
            probe.connect(endpoint);
            // Warm up: a few connections come and go, so that lazily built things are built.
            for (int i = 0; i < 20; i++) {
                try (ZmqSocket s = exchanged(ctx, endpoint, i)) {
                    assertThat(s).isNotNull();
                }
            }
            long[] before = probe(probe);
            for (int i = 0; i < n; i++) {
                idle.add(exchanged(ctx, endpoint, i));
            }
            long[] after = probe(probe);
            long heap = (after[0] - before[0]) / n;
            long direct = (after[1] - before[1]) / n;
            double fds = (double) (after[2] - before[2]) / n;
            System.out.println("[resources] an idle NULL tcp connection costs the server " + heap + " B of heap, "
                    + direct + " B of direct memory, " + fds + " file descriptors (" + n + " connections; direct memory in use "
                    + before[1] / 1024 + " KiB before them, " + after[1] / 1024 + " KiB with them)");
            assertThat(fds).as("descriptors per connection").isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.02));
            assertThat(heap).as("heap per idle connection").isLessThan(maxHeapPerConnection);
        } finally {
            for (ZmqSocket s : idle) {
                s.close();
            }
            server.getOutputStream().close();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static ZmqSocket exchanged(ZmqContext ctx, String endpoint, int i) {
        ZmqSocket req = ctx.createSocket(SocketType.REQ);
        req.setOption(SocketOption.LINGER, Duration.ZERO);
        req.connect(endpoint);
        req.send(ZmqMessage.of("hello " + i));
        assertThat(req.receive(Duration.ofSeconds(10))).as("echo %d", i).isEqualTo(ZmqMessage.of("hello " + i));
        return req;
    }

    private static long[] probe(ZmqSocket probe) {
        probe.send(ZmqMessage.of("probe"));
        ZmqMessage m = probe.receive(Duration.ofSeconds(30));
        assertThat(m).as("the server's probe").isNotNull();
        return new long[] {Long.parseLong(m.frameString(0)), Long.parseLong(m.frameString(1)), Long.parseLong(m.frameString(2))};
    }
}
