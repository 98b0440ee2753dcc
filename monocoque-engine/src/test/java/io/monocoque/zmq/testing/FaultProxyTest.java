package io.monocoque.zmq.testing;

import io.monocoque.zmq.testing.FaultProxy.Direction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The fault proxy forwards faithfully when told nothing, and each fault does what it says. */
@Timeout(30)
class FaultProxyTest {

    private ServerSocket target;
    private FaultProxy proxy;
    private Socket client;
    private Socket server;

    @BeforeEach
    void connect() throws IOException {
        target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        proxy = FaultProxy.to(target.getLocalPort());
        URI uri = URI.create(proxy.endpoint());
        client = new Socket(uri.getHost(), uri.getPort());
        client.setSoTimeout(10_000);
        server = target.accept();
        server.setSoTimeout(10_000);
        // The target accepts once the proxy has connected to it; the proxy starts forwarding just after.
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.openConnections() == 1);
    }

    @AfterEach
    void close() throws IOException {
        threads.shutdownNow();
        client.close();
        server.close();
        proxy.close();
        target.close();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] readExactly(Socket s, int n) throws IOException {
        byte[] b = new byte[n];
        new DataInputStream(s.getInputStream()).readFully(b);
        return b;
    }

    /** A thread of its own for each blocking side: the common pool may have a single worker. */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    private CompletableFuture<Void> sendAsync(Socket s, byte[] bytes) {
        return CompletableFuture.runAsync(() -> {
            try {
                s.getOutputStream().write(bytes);
                s.getOutputStream().flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, threads);
    }

    /** Whether nothing arrives on {@code s} within {@code quiet} and the connection is still open. */
    private static boolean silentAndOpen(Socket s, Duration quiet) throws IOException {
        int before = s.getSoTimeout();
        s.setSoTimeout((int) quiet.toMillis());
        try {
            s.getInputStream().read(); // a byte or the end of the stream: either way not silent
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            s.setSoTimeout(before);
        }
    }

    @Test
    void forwardsBothDirectionsByteForByte() throws Exception {
        byte[] up = random(1 << 20, 1);
        byte[] down = random(1 << 20, 2);
        CompletableFuture<Void> a = sendAsync(client, up);
        CompletableFuture<Void> b = sendAsync(server, down);
        assertThat(readExactly(server, up.length)).isEqualTo(up);
        assertThat(readExactly(client, down.length)).isEqualTo(down);
        a.get(10, TimeUnit.SECONDS);
        b.get(10, TimeUnit.SECONDS);
        // The proxy counts a chunk once its write has returned, which can be after the reader
        // already has the bytes.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(proxy.bytesForwarded(Direction.TO_TARGET)).isEqualTo(up.length);
            assertThat(proxy.bytesForwarded(Direction.TO_CLIENT)).isEqualTo(down.length);
        });
    }

    @Test
    void delayHoldsEveryByteForAtLeastTheDelay() throws Exception {
        proxy.delay(Duration.ofMillis(200));
        long start = System.nanoTime();
        client.getOutputStream().write(7);
        assertThat(readExactly(server, 1)[0]).isEqualTo((byte) 7);
        server.getOutputStream().write(8);
        assertThat(readExactly(client, 1)[0]).isEqualTo((byte) 8);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void throttleKeepsEachDirectionAtOrUnderTheRate() throws Exception {
        proxy.throttle(100_000);
        byte[] up = random(60_000, 3);
        long start = System.nanoTime();
        CompletableFuture<Void> a = sendAsync(client, up);
        assertThat(readExactly(server, up.length)).isEqualTo(up);
        // 60 kB at 100 kB/s: the first slice goes at once, the rest takes at least 0.55 s.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(550));
        a.get(10, TimeUnit.SECONDS);
    }

    @Test
    void blackholeForwardsNothingKeepsBothSidesOpenAndDeliversWhatItHeldOnceLifted() throws Exception {
        proxy.blackhole(true);
        byte[] up = random(100_000, 4);
        byte[] down = random(1000, 5);
        CompletableFuture<Void> a = sendAsync(client, up);
        server.getOutputStream().write(down);
        assertThat(silentAndOpen(server, Duration.ofMillis(300))).as("nothing reaches the target").isTrue();
        assertThat(silentAndOpen(client, Duration.ofMillis(300))).as("nothing reaches the client").isTrue();
        assertThat(proxy.openConnections()).isEqualTo(1);
        proxy.blackhole(false);
        assertThat(readExactly(server, up.length)).isEqualTo(up);
        assertThat(readExactly(client, down.length)).isEqualTo(down);
        a.get(10, TimeUnit.SECONDS);
    }

    @Test
    void blackholeHidesAPeersCloseUntilLifted() throws Exception {
        proxy.blackhole(true);
        client.close();
        assertThat(silentAndOpen(server, Duration.ofMillis(300))).isTrue();
        proxy.blackhole(false);
        assertThat(server.getInputStream().read()).as("the close arrives once lifted").isEqualTo(-1);
    }

    @Test
    void resetSendsAnRstToBothSides() throws Exception {
        client.getOutputStream().write(1);
        readExactly(server, 1);
        proxy.reset();
        assertThatThrownBy(() -> readUntilError(client)).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        assertThatThrownBy(() -> readUntilError(server)).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.openConnections() == 0);
    }

    private static void readUntilError(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        while (in.read() >= 0) {
            // an RST shows as an exception, a FIN as -1
        }
    }

    @Test
    void cutAfterLetsExactlyThatManyBytesThroughThenResetsBothSides() throws Exception {
        proxy.cutAfter(Direction.TO_TARGET, 12_345);
        byte[] up = random(100_000, 6);
        sendAsync(client, up);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = server.getInputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
        } catch (SocketException e) {
            assertThat(e).hasMessageContaining("reset");
        }
        assertThat(got.toByteArray()).isEqualTo(java.util.Arrays.copyOf(up, 12_345));
        assertThatThrownBy(() -> readUntilError(client)).isInstanceOf(SocketException.class);
    }

    @Test
    void faultsSwitchWhileTrafficFlowsWithoutLosingOrReorderingAByte() throws Exception {
        byte[] up = random(4 << 20, 7);
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
            try {
                return readExactly(server, up.length);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, threads);
        CompletableFuture<Void> sent = sendAsync(client, up);
        proxy.delay(Duration.ofMillis(20));
        Thread.sleep(50);
        proxy.throttle(2_000_000);
        Thread.sleep(50);
        proxy.blackhole(true);
        Thread.sleep(100);
        proxy.blackhole(false).throttle(0).delay(Duration.ZERO);
        assertThat(received.get(20, TimeUnit.SECONDS)).isEqualTo(up);
        sent.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aTargetThatIsDownLooksLikeARefusedConnection() throws Exception {
        target.close();
        URI uri = URI.create(proxy.endpoint());
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(5000);
            assertThatThrownBy(() -> readUntilError(s)).isInstanceOf(SocketException.class);
        }
    }
}
