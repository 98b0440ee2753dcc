package io.monocoque.zmq.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.testing.RawLegacyPeer.Version;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The raw legacy peer against libzmq 4.3 (pyzmq), which still speaks ZMTP 1.0 and 2.0: proof that
 * the peer the integration tests will point at Monocoque plays those protocols as the reference
 * implementation reads them (identities become routing ids, frames of both size forms cross, a
 * 1.0 subscriber gets everything, a libzmq subscriber subscribes to a 2.0 publisher with messages).
 */
class RawLegacyPeerLibzmqTest {

    private static final String SCRIPT = "/legacy/libzmq_legacy_peer.py";
    private static final byte[] LARGE = new byte[300];

    static {
        for (int i = 0; i < LARGE.length; i++) {
            LARGE[i] = (byte) i;
        }
    }

    @BeforeEach
    void needsPyzmq() {
        PyzmqInterpreter.assumeAvailable();
    }

    /** One run of the script; closing it ends its stdin and waits for (or kills) the process. */
    private static final class Libzmq implements AutoCloseable {
        final Process process;
        final BufferedReader stdout;
        final Writer stdin;
        final Path stderr;

        Libzmq(String... args) throws IOException {
            stderr = Files.createTempFile("libzmq-legacy-", ".err");
            List<String> command = new java.util.ArrayList<>(List.of(PyzmqInterpreter.path(), "-u",
                    PyzmqInterpreter.script(SCRIPT).toString()));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        /** The next line, which must start with {@code prefix}; returns the rest. */
        String expect(String prefix) throws IOException {
            String line = stdout.readLine();
            assertThat(line).as("libzmq peer said (stderr: %s)", Files.readString(stderr)).startsWith(prefix + " ");
            return line.substring(prefix.length() + 1);
        }

        @Override
        public void close() throws IOException {
            try {
                stdin.close();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            } finally {
                Files.deleteIfExists(stderr);
            }
        }
    }

    @Test
    void libzmqRouterTakesAZmtp20PeersIdentityAsItsRoutingIdAndEchoesBothFrameForms() throws IOException {
        try (Libzmq router = new Libzmq("router-echo");
                RawLegacyPeer peer = RawLegacyPeer.connect("tcp://127.0.0.1:" + router.expect("READY"), Version.ZMTP_2_0)) {
            peer.sendGreeting(0x05, "dealer-1".getBytes(StandardCharsets.US_ASCII));
            RawLegacyPeer.Greeting theirs = peer.readGreeting();
            assertThat(theirs.revision()).as("libzmq 4.3 sends its major version as the revision").isEqualTo(3);
            assertThat(theirs.socketType()).as("ROUTER").isEqualTo(0x06);
            assertThat(theirs.identity()).isEmpty();

            peer.sendMessage("hello".getBytes(StandardCharsets.US_ASCII), LARGE);
            assertThat(router.expect("ROUTING-ID")).isEqualTo(HexFormat.of().formatHex("dealer-1".getBytes(StandardCharsets.US_ASCII)));
            assertThat(peer.readMessage()).containsExactly("hello".getBytes(StandardCharsets.US_ASCII), LARGE);
        }
    }

    @Test
    void libzmqRouterTakesAZmtp10PeersIdentityAsItsRoutingIdAndEchoesBothFrameForms() throws IOException {
        try (Libzmq router = new Libzmq("router-echo");
                RawLegacyPeer peer = RawLegacyPeer.connect("tcp://127.0.0.1:" + router.expect("READY"), Version.ZMTP_1_0)) {
            peer.sendGreeting(-1, "old-timer".getBytes(StandardCharsets.US_ASCII));
            assertThat(peer.readGreeting().identity()).as("libzmq's pseudo-signature read as a 1.0 identity frame").isEmpty();

            peer.sendMessage(new byte[0], LARGE);
            assertThat(router.expect("ROUTING-ID")).isEqualTo(HexFormat.of().formatHex("old-timer".getBytes(StandardCharsets.US_ASCII)));
            assertThat(peer.readMessage()).containsExactly(new byte[0], LARGE);
        }
    }

    @Test
    void libzmqPublisherSendsEverythingToAZmtp10SubscriberThatNeverSubscribes() throws IOException {
        try (Libzmq pub = new Libzmq("pub");
                RawLegacyPeer peer = RawLegacyPeer.connect("tcp://127.0.0.1:" + pub.expect("READY"), Version.ZMTP_1_0)) {
            peer.sendGreeting(-1, new byte[0]);
            peer.readGreeting();
            List<byte[]> tick = peer.readMessage();
            assertThat(tick).hasSize(2);
            assertThat(tick.get(0)).isEqualTo("tick".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void libzmqSubscriberSubscribesToAZmtp20PublisherWithASubscribeMessage() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Libzmq sub = new Libzmq("sub", "tcp://127.0.0.1:" + server.getLocalPort())) {
            sub.expect("READY");
            try (RawLegacyPeer peer = RawLegacyPeer.accept(server, Version.ZMTP_2_0)) {
                peer.sendGreeting(0x01, new byte[0]);
                assertThat(peer.readGreeting().socketType()).as("SUB").isEqualTo(0x02);
                assertThat(peer.readMessage()).containsExactly("\u0001alpha".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }
}
