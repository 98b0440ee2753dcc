package io.monocoque.samples.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.RawZmtpPeer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Fifty hostile connections against the sample application in a 256 MB JVM of its own
 * ({@link MonitoredMarketDataProcess}): frame headers declaring gigabytes on the quote, order
 * and price sockets, a message whose frames together pass the order socket's limit, and commands
 * declaring a gigabyte before CURVE has authenticated anyone. Each connection is closed at once,
 * with the monitor event and counter that name why, the heap hardly moves, and the application's
 * good clients are served all along.
 */
class FrameBombTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int CONNECTIONS = 50;

    /** A hostile connection: which socket it attacks, how, and what the socket must report. */
    enum Bomb {
        /** A REQ whose first frame header declares 2 GiB; quotes take 64 KB. */
        QUOTE_FRAME_OF_2_GIB("quotes", "DISCONNECTED", "frame of 2147483638 bytes exceeds max-message-size of 65536 bytes") {
            @Override
            void fire(RawZmtpPeer peer) throws IOException {
                peer.handshake("REQ");
                peer.write(longFrameHeader(false, Integer.MAX_VALUE - 9L));
            }
        },
        /** A PUSH declaring a terabyte frame. */
        ORDER_FRAME_OF_1_TIB("orders", "DISCONNECTED", "frame of 1099511627776 bytes exceeds max-message-size of 65536 bytes") {
            @Override
            void fire(RawZmtpPeer peer) throws IOException {
                peer.handshake("PUSH");
                peer.write(longFrameHeader(false, 1L << 40));
            }
        },
        /** A PUSH whose message grows past the limit in frames that each stay under it. */
        ORDER_MESSAGE_OF_FRAMES_UNDER_THE_LIMIT("orders", "DISCONNECTED", "message of 81920 bytes exceeds max-message-size of 65536 bytes") {
            @Override
            void fire(RawZmtpPeer peer) throws IOException {
                peer.handshake("PUSH");
                for (int i = 0; i < 3; i++) {
                    peer.sendFrame(true, new byte[40 * 1024]);
                }
            }
        },
        /** A SUB sending the PUB (1 KB limit) a 2 GiB frame. */
        SUBSCRIPTION_OF_2_GIB("prices", "DISCONNECTED", "frame of 2147483638 bytes exceeds max-message-size of 1024 bytes") {
            @Override
            void fire(RawZmtpPeer peer) throws IOException {
                peer.handshake("SUB");
                peer.write(longFrameHeader(false, Integer.MAX_VALUE - 9L));
            }
        },
        /** A CURVE client that, instead of its HELLO, declares a 1 GiB command: nobody is authenticated yet. */
        PRE_AUTHENTICATION_COMMAND_OF_1_GIB("secure-quotes", "HANDSHAKE_FAILED_PROTOCOL", "exceeds the handshake command limit") {
            @Override
            void fire(RawZmtpPeer peer) throws IOException {
                peer.greet("CURVE", false);
                peer.write(longFrameHeader(true, 1L << 30));
            }
        };

        final String socket;
        final String event;
        final String reason;

        Bomb(String socket, String event, String reason) {
            this.socket = socket;
            this.event = event;
            this.reason = reason;
        }

        abstract void fire(RawZmtpPeer peer) throws IOException;

        /** Whether the application's output line is this bomb's monitor event. */
        boolean reported(String line) {
            return line.startsWith("event " + socket + " " + event + " ") && line.contains(reason);
        }
    }

    /** A ZMTP long frame header declaring {@code size} bytes, and no body. */
    private static byte[] longFrameHeader(boolean command, long size) {
        return ByteBuffer.allocate(9).put((byte) (0x02 | (command ? 0x04 : 0))).putLong(size).array();
    }

    private Process application;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Map<String, String> endpoints = new HashMap<>();
    private int httpPort;
    private ZmqContext ctx;

    @BeforeEach
    void startTheSampleInA256MegabyteJvm() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        application = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                "-Dio.netty.leakDetection.level=PARANOID", "-cp", System.getProperty("java.class.path"),
                MonitoredMarketDataProcess.class.getName(), "--server.port=0", "--spring.main.banner-mode=off",
                "--market-data.host=127.0.0.1", "--market-data.quotes-port=*", "--market-data.prices-port=*",
                "--market-data.orders-port=*", "--market-data.secure-quotes-port=*").redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(application.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null;) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("(output unreadable: " + e + ")");
            }
        }, "sample-output");
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> output.contains("ready") || !application.isAlive());
        assertThat(application.isAlive()).as("the sample started:\n%s", log()).isTrue();
        for (String line : output) {
            String[] words = line.split(" ");
            if (words[0].equals("endpoint") && words.length == 3) {
                endpoints.put(words[1], words[2]);
            } else if (words[0].equals("http") && words.length == 2) {
                httpPort = Integer.parseInt(words[1]);
            } else if (words[0].equals("max-heap") && words.length == 2) {
                assertThat(Long.parseLong(words[1])).as("the sample's heap limit").isLessThanOrEqualTo(256L << 20);
            }
        }
        assertThat(endpoints).containsOnlyKeys("quotes", "prices", "orders", "secure-quotes");
        assertThat(output).anyMatch(line -> line.startsWith("max-heap "));
        ctx = ZmqContext.create();
    }

    @AfterEach
    void stopIt() throws Exception {
        if (ctx != null) {
            ctx.close();
        }
        application.getOutputStream().close(); // the process stops the application when its stdin closes
        if (!application.waitFor(30, TimeUnit.SECONDS)) {
            application.destroyForcibly();
        }
    }

    @Test
    void fiftyFrameBombsAreEachClosedWithTheirReasonWhileTheSampleKeepsServingItsClientsInA256MegabyteHeap() throws Exception {
        ZmqSocket quotes = client(SocketType.REQ, "quotes");
        ZmqSocket secureQuotes = client(SocketType.REQ, "secure-quotes");
        ZmqSocket prices = client(SocketType.SUB, "prices");
        prices.subscribe("ACME");
        ZmqSocket orders = client(SocketType.PUSH, "orders");
        assertQuoted(quotes, "ACME");
        assertQuoted(secureQuotes, "GLOBEX");
        assertThat(prices.receive(WAIT)).as("a tick before the attack").isNotNull();
        long ordersBefore = acceptedOrders();
        long handshakeFailuresBefore = metric("zmq.handshake.failures", "secure-quotes");
        long heapBefore = heap();

        // A good client asks for quotes all through the attack.
        AtomicInteger served = new AtomicInteger();
        AtomicReference<String> refused = new AtomicReference<>();
        AtomicBoolean attackOver = new AtomicBoolean();
        Thread goodClient = new Thread(() -> {
            while (!attackOver.get() && refused.get() == null) {
                quotes.send("{\"symbol\":\"INITECH\"}");
                ZmqMessage reply = quotes.receive(WAIT);
                if (reply == null || !Http.parse(reply.frameString(0)).path("symbol").asString().equals("INITECH")) {
                    refused.set("quote " + served.get() + ": " + reply);
                } else {
                    served.incrementAndGet();
                }
            }
        }, "good-client");
        goodClient.start();

        List<RawZmtpPeer> bombs = new ArrayList<>();
        Map<Bomb, Integer> fired = new HashMap<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                Bomb bomb = Bomb.values()[i % Bomb.values().length];
                RawZmtpPeer peer = new RawZmtpPeer(endpoints.get(bomb.socket));
                bombs.add(peer);
                try {
                    bomb.fire(peer);
                    // what an attacker would go on to send: a server that kept the connection would buffer it
                    peer.write(new byte[64 * 1024]);
                } catch (IOException closedAlready) {
                    // the application closed the connection before all of it was written: as it should
                }
                fired.merge(bomb, 1, Integer::sum);
            }
            for (int i = 0; i < bombs.size(); i++) {
                assertThat(bombs.get(i).closedByPeer()).as("connection %d (%s) closed by the application", i,
                        Bomb.values()[i % Bomb.values().length]).isTrue();
            }
        } finally {
            for (RawZmtpPeer peer : bombs) {
                peer.close();
            }
        }
        for (Bomb bomb : Bomb.values()) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(output.stream().filter(bomb::reported).count())
                    .as("%s: monitor events on '%s' of %s with '%s' among\n%s", bomb, bomb.socket, bomb.event, bomb.reason, events())
                    .isEqualTo((long) fired.get(bomb)));
        }
        assertThat(output.stream().filter(l -> l.startsWith("event secure-quotes HANDSHAKE_FAILED_PROTOCOL ")).count())
                .as("handshake failures on secure-quotes").isEqualTo((long) fired.get(Bomb.PRE_AUTHENTICATION_COMMAND_OF_1_GIB));
        long heapAfter = heap();
        attackOver.set(true);
        goodClient.join(WAIT.toMillis() * 2);
        assertThat(goodClient.isAlive()).as("the good client finished its last request").isFalse();
        System.out.println("[bombs] " + CONNECTIONS + " frame bombs against the sample at -Xmx256m: heap " + heapBefore / 1024
                + " KiB before, " + heapAfter / 1024 + " KiB after (after GC); " + served.get() + " quotes served meanwhile");

        assertThat(refused.get()).as("the good client's quotes during the attack").isNull();
        assertThat(served.get()).as("quotes served during the attack").isPositive();
        assertThat(heapAfter - heapBefore).as("heap grown by the attack").isLessThan(8L << 20);
        assertThat(metric("zmq.handshake.failures", "secure-quotes")).as("the zmq.handshake.failures counter of secure-quotes")
                .isEqualTo(handshakeFailuresBefore + fired.get(Bomb.PRE_AUTHENTICATION_COMMAND_OF_1_GIB));
        // Only the good clients are left connected.
        for (String socket : List.of("quotes", "secure-quotes", "prices", "orders")) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(metric("zmq.peers", socket)).as("peers of %s", socket).isEqualTo(1));
        }

        // And after it.
        for (int i = 0; i < 10; i++) {
            assertQuoted(quotes, "ACME");
        }
        assertQuoted(secureQuotes, "INITECH");
        drain(prices);
        assertThat(prices.receive(WAIT)).as("a tick after the attack").isNotNull();
        orders.send("{\"symbol\":\"ACME\",\"side\":\"BUY\",\"quantity\":10}");
        await().atMost(WAIT).until(() -> acceptedOrders() > ordersBefore);
        assertThat(application.isAlive()).isTrue();
        assertThat(output).as("the application's output").noneMatch(l -> l.contains("OutOfMemoryError") || l.contains("LEAK:"));
    }

    private ZmqSocket client(SocketType type, String socket) {
        ZmqSocket s = ctx.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        if (socket.equals("secure-quotes")) {
            CurveKeyPair keys = CurveKeyPair.of(SampleKeys.CLIENT_PUBLIC, SampleKeys.CLIENT_SECRET);
            s.setOption(SocketOption.CURVE_SERVER_KEY, CurveKeyPair.decodeKey(SampleKeys.SERVER_PUBLIC));
            s.setOption(SocketOption.CURVE_PUBLIC_KEY, keys.publicKey());
            s.setOption(SocketOption.CURVE_SECRET_KEY, keys.secretKey());
        }
        s.connect(endpoints.get(socket));
        return s;
    }

    private static void assertQuoted(ZmqSocket req, String symbol) {
        req.send("{\"symbol\":\"" + symbol + "\"}");
        ZmqMessage reply = req.receive(WAIT);
        assertThat(reply).as("quote for %s", symbol).isNotNull();
        JsonNode quote = Http.parse(reply.frameString(0));
        assertThat(quote.path("symbol").asString()).as(quote.toString()).isEqualTo(symbol);
    }

    private static void drain(ZmqSocket sub) {
        while (sub.tryReceive() != null) {
            // ticks queued before now
        }
    }

    private long acceptedOrders() {
        return Http.getJson(httpPort, "/orders/stats").get("accepted").asLong();
    }

    /** The value of an actuator meter of one socket. */
    private long metric(String name, String socket) {
        JsonNode m = Http.getJson(httpPort, "/actuator/metrics/" + name + "?tag=socket:" + socket);
        return (long) m.get("measurements").get(0).get("value").asDouble();
    }

    /** The application's heap in use after a full GC. */
    private long heap() throws IOException {
        int before = (int) output.stream().filter(l -> l.startsWith("heap ")).count();
        OutputStream in = application.getOutputStream();
        in.write("heap\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        await().atMost(WAIT).until(() -> output.stream().filter(l -> l.startsWith("heap ")).count() > before);
        return Long.parseLong(output.stream().filter(l -> l.startsWith("heap ")).skip(before).findFirst().orElseThrow().substring(5));
    }

    private String events() {
        return String.join("\n", output.stream().filter(l -> l.startsWith("event ")).toList());
    }

    private String log() {
        return String.join("\n", output);
    }
}
