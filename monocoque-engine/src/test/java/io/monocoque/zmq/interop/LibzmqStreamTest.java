package io.monocoque.zmq.interop;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.PyzmqInterpreter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * STREAM against libzmq 4.3's STREAM (pyzmq) in both directions, and the same plain-socket
 * conversation held with a libzmq STREAM and with a Monocoque one, so that what libzmq does is
 * the specification: the shape of the routing ids and notifications, the bytes as they come, the
 * close an empty frame asks for. Also a python plain-socket client (no ZeroMQ) against a
 * Monocoque STREAM.
 */
@Timeout(120)
class LibzmqStreamTest {

    private static final Duration STEP = Duration.ofSeconds(20);
    private static final HexFormat HEX = HexFormat.of();

    private ZmqContext ctx;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() {
        PyzmqInterpreter.assumeAvailable();
        ctx = ZmqContext.create();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        ctx.close();
    }

    private ZmqSocket stream() {
        ZmqSocket s = ctx.createSocket(SocketType.STREAM);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        open.add(s);
        return s;
    }

    private LibzmqSocket libzmqStream() {
        LibzmqSocket s = new LibzmqSocket("STREAM");
        open.add(s);
        return s;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ZmqMessage receive(ZmqSocket s) {
        ZmqMessage m = s.receive(STEP);
        assertThat(m).as("%s received nothing within %s", s, STEP).isNotNull();
        return m;
    }

    /** A notification on a Monocoque STREAM; returns its routing id. */
    private static byte[] notification(ZmqSocket s) {
        ZmqMessage m = receive(s);
        assertThat(m.size()).isEqualTo(2);
        assertThat(m.frameLength(1)).as("empty second frame: %s", m).isZero();
        return m.frame(0);
    }

    /** A notification on a libzmq STREAM; returns its routing id. */
    private static byte[] notification(LibzmqSocket s) {
        List<byte[]> m = s.receive(STEP);
        assertThat(m).as("libzmq received nothing within %s", STEP).isNotNull();
        assertThat(m).hasSize(2);
        assertThat(m.get(1)).as("empty second frame").isEmpty();
        return m.get(0);
    }

    /** Data from {@code id} on a Monocoque STREAM until {@code n} bytes have come. */
    private static String dataFrom(ZmqSocket s, byte[] id, int n) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (all.size() < n) {
            ZmqMessage m = receive(s);
            assertThat(m.frame(0)).isEqualTo(id);
            assertThat(m.frameLength(1)).as("data, not a notification").isPositive();
            all.writeBytes(m.frame(1));
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    /** Data from {@code id} on a libzmq STREAM until {@code n} bytes have come. */
    private static String dataFrom(LibzmqSocket s, byte[] id, int n) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (all.size() < n) {
            List<byte[]> m = s.receive(STEP);
            assertThat(m).as("libzmq received nothing within %s", STEP).isNotNull();
            assertThat(m.get(0)).isEqualTo(id);
            assertThat(m.get(1)).as("data, not a notification").isNotEmpty();
            all.writeBytes(m.get(1));
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    // ---- Monocoque STREAM <-> libzmq STREAM ------------------------------------------------------------

    @Test
    void aLibzmqStreamConnectsToAMonocoqueStreamAndIsToldWhenItClosesTheConnection() {
        ZmqSocket server = stream();
        server.bind("tcp://127.0.0.1:*");
        LibzmqSocket client = libzmqStream();
        client.connect(server.lastEndpoint());

        byte[] clientId = notification(server);
        byte[] serverId = notification(client);
        assertThat(serverId).as("libzmq's generated id").hasSize(5).startsWith(0);
        client.send(serverId, bytes("GET /\n\n"));
        assertThat(dataFrom(server, clientId, 7)).isEqualTo("GET /\n\n");
        String response = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nHello, World!";
        assertThat(server.send(ZmqMessage.of(clientId, bytes(response)), STEP)).isTrue();
        assertThat(server.send(ZmqMessage.of(clientId, new byte[0]), STEP)).isTrue();
        assertThat(dataFrom(client, serverId, response.length())).isEqualTo(response);
        assertThat(notification(client)).as("libzmq's disconnect notification").isEqualTo(serverId);
    }

    @Test
    void aMonocoqueStreamConnectsToALibzmqStreamUnderItsConnectRoutingIdAndIsToldWhenLibzmqCloses() {
        LibzmqSocket server = libzmqStream();
        String endpoint = server.bind("tcp://127.0.0.1:*");
        ZmqSocket client = stream();
        client.setOption(SocketOption.CONNECT_ROUTING_ID, bytes("conn1"));
        client.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMinutes(5));
        client.connect(endpoint);
        // Sent at once: it waits in the pipe for the connection, as with libzmq's own STREAM.
        assertThat(client.send(ZmqMessage.of(bytes("conn1"), bytes("hi 1")), STEP)).isTrue();

        byte[] clientId = notification(server);
        assertThat(clientId).hasSize(5).startsWith(0);
        assertThat(dataFrom(server, clientId, 4)).isEqualTo("hi 1");
        assertThat(notification(client)).isEqualTo(bytes("conn1"));
        server.send(clientId, bytes("hello back"));
        assertThat(dataFrom(client, bytes("conn1"), 10)).isEqualTo("hello back");
        server.send(clientId, new byte[0]);
        // libzmq carries the close out at its application's next call on the socket (the pipe's
        // termination is a command the socket processes then): so keep calling it.
        ZmqMessage m = null;
        long deadline = System.nanoTime() + STEP.toNanos();
        while (m == null && System.nanoTime() < deadline) {
            assertThat(server.receive(Duration.ZERO)).as("libzmq must deliver nothing").isNull();
            m = client.receive(Duration.ofMillis(20));
        }
        assertThat(m).as("the disconnect notification").isNotNull();
        assertThat(m.frame(0)).isEqualTo(bytes("conn1"));
        assertThat(m.frameLength(1)).isZero();
    }

    @Test
    void aMonocoqueStreamAndALibzmqStreamTalkOverIpc(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        // libzmq 4.3 runs its raw engine on ipc too.
        LibzmqSocket server = libzmqStream();
        String endpoint = server.bind("ipc://" + dir.resolve("stream.sock"));
        ZmqSocket client = stream();
        client.connect(endpoint);
        byte[] clientId = notification(server);
        byte[] serverId = notification(client);
        assertThat(client.send(ZmqMessage.of(serverId, bytes("over ipc")), STEP)).isTrue();
        assertThat(dataFrom(server, clientId, 8)).isEqualTo("over ipc");
        server.send(clientId, bytes("and back"));
        assertThat(dataFrom(client, serverId, 8)).isEqualTo("and back");
        assertThat(client.send(ZmqMessage.of(serverId, new byte[0]), STEP)).isTrue();
        assertThat(notification(server)).as("libzmq's disconnect notification").isEqualTo(clientId);
    }

    // ---- the same plain client against libzmq's STREAM and Monocoque's ---------------------------------

    /** One side of the conversation: a STREAM, libzmq's or Monocoque's, as the test drives it. */
    private interface StreamUnderTest {
        String endpoint();

        byte[] notification();

        String dataFrom(byte[] id, int n);

        void send(byte[] id, byte[] data);

        /**
         * Calls the socket without changing anything, as an application's loop would: libzmq
         * closes a connection the application asked to close only at its next call on the
         * socket. Returns a message that was waiting, or null.
         */
        List<byte[]> touch();
    }

    private StreamUnderTest monocoque() {
        ZmqSocket s = stream();
        s.bind("tcp://127.0.0.1:*");
        return new StreamUnderTest() {
            public String endpoint() {
                return s.lastEndpoint();
            }

            public byte[] notification() {
                return LibzmqStreamTest.notification(s);
            }

            public String dataFrom(byte[] id, int n) {
                return LibzmqStreamTest.dataFrom(s, id, n);
            }

            public void send(byte[] id, byte[] data) {
                assertThat(s.send(ZmqMessage.of(id, data), STEP)).isTrue();
            }

            public List<byte[]> touch() {
                ZmqMessage m = s.receive(Duration.ZERO);
                return m == null ? null : m.frames();
            }
        };
    }

    private StreamUnderTest libzmq() {
        LibzmqSocket s = libzmqStream();
        String endpoint = s.bind("tcp://127.0.0.1:*");
        return new StreamUnderTest() {
            public String endpoint() {
                return endpoint;
            }

            public byte[] notification() {
                return LibzmqStreamTest.notification(s);
            }

            public String dataFrom(byte[] id, int n) {
                return LibzmqStreamTest.dataFrom(s, id, n);
            }

            public void send(byte[] id, byte[] data) {
                s.send(id, data);
            }

            public List<byte[]> touch() {
                return s.receive(Duration.ZERO);
            }
        };
    }

    /**
     * Two plain clients talk to {@code stream}; what the stream and the clients saw, in words that
     * do not depend on the random ids.
     */
    private static List<String> conversation(StreamUnderTest stream) throws IOException {
        List<String> seen = new ArrayList<>();
        URI uri = URI.create(stream.endpoint());
        try (Socket a = new Socket(); Socket b = new Socket()) {
            a.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            a.setSoTimeout((int) STEP.toMillis());
            byte[] idA = stream.notification();
            seen.add("connect notification id of " + idA.length + " bytes, first " + idA[0]);
            b.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            b.setSoTimeout((int) STEP.toMillis());
            byte[] idB = stream.notification();
            seen.add("second client has another id: " + !java.util.Arrays.equals(idA, idB));
            a.getOutputStream().write(bytes("from a"));
            seen.add("stream got '" + stream.dataFrom(idA, 6) + "' under a's id");
            stream.send(idB, bytes("to b"));
            seen.add("b read '" + new String(b.getInputStream().readNBytes(4), StandardCharsets.UTF_8) + "'");
            stream.send(idA, bytes("bye a"));
            stream.send(idA, new byte[0]);
            seen.add("a read '" + new String(readUntilClosed(a, stream, seen), StandardCharsets.UTF_8) + "' then the end");
            OutputStream out = b.getOutputStream();
            out.write(bytes("last"));
            b.shutdownOutput();
            seen.add("stream got '" + stream.dataFrom(idB, 4) + "' under b's id");
            seen.add("then a disconnect notification for b: " + java.util.Arrays.equals(stream.notification(), idB));
        }
        return seen;
    }

    /** Reads until the stream closes the connection, calling the stream meanwhile as its application would. */
    private static byte[] readUntilClosed(Socket client, StreamUnderTest stream, List<String> seen) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        client.setSoTimeout(20);
        long deadline = System.nanoTime() + STEP.toNanos();
        byte[] buffer = new byte[1024];
        while (System.nanoTime() < deadline) {
            try {
                int n = client.getInputStream().read(buffer);
                if (n < 0) {
                    client.setSoTimeout((int) STEP.toMillis());
                    return all.toByteArray();
                }
                all.write(buffer, 0, n);
            } catch (java.net.SocketTimeoutException e) {
                List<byte[]> unexpected = stream.touch();
                if (unexpected != null) {
                    seen.add("unexpected message of " + unexpected.size() + " frames while closing");
                }
            }
        }
        throw new AssertionError("the stream did not close the connection within " + STEP);
    }

    @Test
    void plainClientsSeeTheSameFromAMonocoqueStreamAsFromLibzmqsStream() throws IOException {
        List<String> reference = conversation(libzmq());
        List<String> ours = conversation(monocoque());
        assertThat(reference).as("libzmq").contains("connect notification id of 5 bytes, first 0",
                "a read 'bye a' then the end", "then a disconnect notification for b: true");
        assertThat(ours).isEqualTo(reference);
    }

    /** A STREAM, libzmq's or Monocoque's, that connects out, as the test drives it. */
    private interface ConnectingStream {
        void connect(String endpoint);

        byte[] notification();

        String dataFrom(byte[] id, int n);

        void send(byte[] id, byte[] data);
    }

    private ConnectingStream monocoqueConnecting() {
        ZmqSocket s = stream();
        s.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofMillis(50));
        return new ConnectingStream() {
            public void connect(String endpoint) {
                s.connect(endpoint);
            }

            public byte[] notification() {
                return LibzmqStreamTest.notification(s);
            }

            public String dataFrom(byte[] id, int n) {
                return LibzmqStreamTest.dataFrom(s, id, n);
            }

            public void send(byte[] id, byte[] data) {
                assertThat(s.send(ZmqMessage.of(id, data), STEP)).isTrue();
            }
        };
    }

    private ConnectingStream libzmqConnecting() {
        LibzmqSocket s = libzmqStream();
        s.option("RECONNECT_IVL", 50);
        return new ConnectingStream() {
            public void connect(String endpoint) {
                s.connect(endpoint);
            }

            public byte[] notification() {
                return LibzmqStreamTest.notification(s);
            }

            public String dataFrom(byte[] id, int n) {
                return LibzmqStreamTest.dataFrom(s, id, n);
            }

            public void send(byte[] id, byte[] data) {
                s.send(id, data);
            }
        };
    }

    /**
     * {@code stream} connects to a plain server that greets it, reads its answer and hangs up, then
     * accepts it again; what both sides saw, in words that do not depend on the random ids.
     */
    private static List<String> dialling(ConnectingStream stream) throws IOException {
        List<String> seen = new ArrayList<>();
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) STEP.toMillis());
            stream.connect("tcp://127.0.0.1:" + server.getLocalPort());
            byte[] id;
            try (Socket first = server.accept()) {
                first.setSoTimeout((int) STEP.toMillis());
                id = stream.notification();
                seen.add("connect notification id of " + id.length + " bytes, first " + id[0]);
                first.getOutputStream().write(bytes("220 ready\r\n"));
                seen.add("stream got '" + stream.dataFrom(id, 11).trim() + "'");
                stream.send(id, bytes("QUIT\r\n"));
                seen.add("server read '" + new String(first.getInputStream().readNBytes(6), StandardCharsets.UTF_8).trim() + "'");
            }
            seen.add("then a disconnect notification under the same id: " + java.util.Arrays.equals(stream.notification(), id));
            try (Socket second = server.accept()) {
                second.setSoTimeout((int) STEP.toMillis());
                seen.add("dialled again; notified under the same id: " + java.util.Arrays.equals(stream.notification(), id));
                stream.send(id, bytes("again"));
                seen.add("server read '" + new String(second.getInputStream().readNBytes(5), StandardCharsets.UTF_8) + "'");
            }
        }
        return seen;
    }

    @Test
    void aStreamDiallingAPlainServerBehavesAsLibzmqsStreamDoes() throws IOException {
        List<String> reference = dialling(libzmqConnecting());
        List<String> ours = dialling(monocoqueConnecting());
        assertThat(reference).as("libzmq").contains("connect notification id of 5 bytes, first 0");
        assertThat(ours).isEqualTo(reference);
    }

    // ---- monitor events ------------------------------------------------------------------------------

    /**
     * On a bound STREAM: a plain client connects and hangs up, a second connects and the
     * application closes it with an empty frame.
     */
    private static void comeAndGo(StreamUnderTest stream) throws IOException {
        URI uri = URI.create(stream.endpoint());
        try (Socket a = new Socket(uri.getHost(), uri.getPort())) {
            byte[] idA = stream.notification();
            a.close();
            assertThat(stream.notification()).isEqualTo(idA);
        }
        try (Socket b = new Socket(uri.getHost(), uri.getPort())) {
            byte[] idB = stream.notification();
            stream.send(idB, new byte[0]);
            readUntilClosed(b, stream, new ArrayList<>());
        }
    }

    @Test
    void rawConnectionsReportLibzmqsMonitorEventsExceptItsHandshakeFailures() throws Exception {
        LibzmqSocket lib = libzmqStream();
        lib.monitor();
        String endpoint = lib.bind("tcp://127.0.0.1:*");
        StreamUnderTest libzmq = new StreamUnderTest() {
            public String endpoint() {
                return endpoint;
            }

            public byte[] notification() {
                return LibzmqStreamTest.notification(lib);
            }

            public String dataFrom(byte[] id, int n) {
                return LibzmqStreamTest.dataFrom(lib, id, n);
            }

            public void send(byte[] id, byte[] data) {
                lib.send(id, data);
            }

            public List<byte[]> touch() {
                return lib.receive(Duration.ZERO);
            }
        };
        comeAndGo(libzmq);
        List<String> reference = lib.events(Duration.ofMillis(500));

        ZmqSocket ours = stream();
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ours.monitor(e -> seen.add(e.type().name()));
        ours.bind("tcp://127.0.0.1:*");
        comeAndGo(new StreamUnderTest() {
            public String endpoint() {
                return ours.lastEndpoint();
            }

            public byte[] notification() {
                return LibzmqStreamTest.notification(ours);
            }

            public String dataFrom(byte[] id, int n) {
                return LibzmqStreamTest.dataFrom(ours, id, n);
            }

            public void send(byte[] id, byte[] data) {
                assertThat(ours.send(ZmqMessage.of(id, data), STEP)).isTrue();
            }

            public List<byte[]> touch() {
                return null;
            }
        });
        org.awaitility.Awaitility.await().atMost(STEP).until(() -> seen.size() >= 5);

        // libzmq 4.3 reports every end of a raw connection it did not close itself as a handshake
        // failure (a raw engine has no mechanism, so it counts as still shaking hands), and gives
        // no DISCONNECTED for one its application closed.
        assertThat(reference).containsExactly("LISTENING", "ACCEPTED", "HANDSHAKE_FAILED_NO_DETAIL", "DISCONNECTED", "ACCEPTED");
        // Monocoque: no handshake, so no handshake events; every connection ends in DISCONNECTED.
        assertThat(seen).containsExactly("LISTENING", "ACCEPTED", "DISCONNECTED", "ACCEPTED", "DISCONNECTED");
    }

    // ---- a python plain-socket client ----------------------------------------------------------------

    @Test
    void aPythonPlainSocketClientTalksToAMonocoqueStreamLineByLine() {
        ZmqSocket server = stream();
        server.bind("tcp://127.0.0.1:*");
        URI uri = URI.create(server.lastEndpoint());
        PyZmq python = new PyZmq();
        open.add(python);
        PyZmq.PythonPeer client = python.startScript("/stream/raw_client.py",
                List.of(uri.getHost(), Integer.toString(uri.getPort()), "60"));
        String port = client.awaitLine("CONNECTED ", STEP).substring("CONNECTED ".length());
        ZmqMessage connected = receive(server);
        assertThat(connected.frameLength(1)).isZero();
        assertThat(connected.peer().remoteAddress()).isEqualTo("127.0.0.1:" + port);
        byte[] id = connected.frame(0);
        for (int i = 0; i < 3; i++) {
            String line = "PING " + i + "\n";
            client.tell("send PING " + i + "\\n");
            client.awaitLine("ok", STEP);
            assertThat(dataFrom(server, id, line.length())).isEqualTo(line);
            assertThat(server.send(ZmqMessage.of(id, bytes("PONG " + i + "\n")), STEP)).isTrue();
            client.tell("read " + line.length());
            assertThat(client.awaitLine("data ", STEP)).isEqualTo("data " + HEX.formatHex(bytes("PONG " + i + "\n")));
        }
        client.tell("close");
        client.awaitLine("ok", STEP);
        assertThat(notification(server)).as("the client hung up").isEqualTo(id);
    }
}
