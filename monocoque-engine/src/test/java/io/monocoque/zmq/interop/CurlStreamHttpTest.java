package io.monocoque.zmq.interop;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code curl}, a real HTTP client, against the zguide's STREAM HTTP responder: one request per
 * connection, answered and then closed with an empty frame (HTTP/1.0). Skipped only where no curl
 * is installed and {@value #REQUIRE_ENV} is not set; CI installs curl and sets it.
 */
@Timeout(120)
class CurlStreamHttpTest {

    /** The environment variable that turns a missing curl from a skip into a failure (CI sets it). */
    static final String REQUIRE_ENV = "MONOCOQUE_REQUIRE_CURL";

    @TempDir
    Path dir;

    private ZmqContext ctx;
    private ZmqSocket stream;
    private Thread responder;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        ctx = ZmqContext.create();
        stream = ctx.createSocket(SocketType.STREAM);
        stream.setOption(SocketOption.LINGER, Duration.ZERO);
        stream.bind("tcp://127.0.0.1:*");
    }

    @AfterEach
    void stop() throws InterruptedException {
        stream.close(); // ends the responder's receive with ETERM
        if (responder != null) {
            responder.join(10_000);
        }
        ctx.close();
    }

    /** curl on the PATH, or a skip (a failure when {@value #REQUIRE_ENV} asks for it). */
    private static String curl() {
        for (String dirName : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dirName, "curl");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        String require = System.getenv(REQUIRE_ENV);
        if (require != null && !require.isBlank() && !require.equals("0")) {
            fail(REQUIRE_ENV + "=" + require + " but no curl on the PATH (Debian: apt-get install curl)");
        }
        assumeTrue(false, "no curl on the PATH: the STREAM HTTP test is skipped");
        return null;
    }

    /**
     * The zguide's HTTP responder on a STREAM: collect each connection's bytes until the end of
     * its request head, answer {@code body}, then close the connection with an empty frame.
     * Connect and disconnect notifications (empty frames) only start and forget a connection.
     */
    private void serve(byte[] body) {
        responder = new Thread(() -> {
            Map<String, ByteArrayOutputStream> pending = new HashMap<>();
            try {
                while (true) {
                    ZmqMessage m = stream.receive();
                    byte[] id = m.frame(0);
                    String key = java.util.HexFormat.of().formatHex(id);
                    if (m.frameLength(1) == 0) {
                        pending.remove(key); // a connection opened or closed
                        continue;
                    }
                    ByteArrayOutputStream request = pending.computeIfAbsent(key, k -> new ByteArrayOutputStream());
                    request.writeBytes(m.frame(1));
                    String head = request.toString(StandardCharsets.ISO_8859_1);
                    if (!head.contains("\r\n\r\n")) {
                        continue; // not all of the request head yet
                    }
                    requests.add(head);
                    pending.remove(key);
                    String header = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n";
                    try {
                        stream.send(ZmqMessage.of(id, header.getBytes(StandardCharsets.ISO_8859_1)));
                        stream.send(ZmqMessage.of(id, body));
                        stream.send(ZmqMessage.of(id, new byte[0]));
                    } catch (ZmqException e) {
                        // curl may hang up as soon as it has Content-Length bytes, before our
                        // close: its routing id is then gone (EHOSTUNREACH), and the responder
                        // goes on serving the next connection.
                        if (e.error() != ZmqError.EHOSTUNREACH) {
                            throw e;
                        }
                    }
                }
            } catch (ZmqException closed) {
                // the test is over
            }
        }, "stream-http-responder");
        responder.setDaemon(true);
        responder.start();
    }

    private String url(String path) {
        return "http://" + stream.lastEndpoint().substring("tcp://".length()) + path;
    }

    /** Runs curl with {@code args}; returns its standard output, failing on a non-zero exit. */
    private byte[] run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(curl(), "--silent", "--show-error", "--max-time", "30"));
        command.addAll(List.of(args));
        Path err = dir.resolve("curl.err");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("curl did not finish: %s", command);
        }
        assertThat(p.exitValue()).as("curl exit status (%s)", Files.readString(err)).isZero();
        return out;
    }

    @Test
    void curlGetsTheResponseOfAStreamHttpResponder() throws Exception {
        serve("Hello, World!".getBytes(StandardCharsets.US_ASCII));
        String out = new String(run("--include", url("/hello")), StandardCharsets.ISO_8859_1);
        assertThat(out).startsWith("HTTP/1.0 200 OK\r\n").contains("Content-Type: text/plain\r\n").endsWith("\r\n\r\nHello, World!");
        assertThat(requests).singleElement().satisfies(r -> assertThat(r).startsWith("GET /hello HTTP/1.1\r\n")
                .contains("\r\nUser-Agent: curl/"));
    }

    @Test
    void curlGetsEachOfSeveralUrlsOnAConnectionOfItsOwn() throws Exception {
        serve("ok;".getBytes(StandardCharsets.US_ASCII));
        String out = new String(run(url("/1"), url("/2"), url("/3"), url("/4")), StandardCharsets.US_ASCII);
        assertThat(out).isEqualTo("ok;ok;ok;ok;");
        assertThat(requests).extracting(r -> r.substring(0, r.indexOf("\r\n")))
                .containsExactly("GET /1 HTTP/1.1", "GET /2 HTTP/1.1", "GET /3 HTTP/1.1", "GET /4 HTTP/1.1");
    }

    @Test
    void aLargeResponseReachesCurlWholeBeforeTheConnectionCloses() throws Exception {
        byte[] body = new byte[4 * 1024 * 1024];
        new java.util.Random(13).nextBytes(body);
        serve(body);
        Path file = dir.resolve("body");
        run("--output", file.toString(), url("/large"));
        assertThat(Files.readAllBytes(file)).isEqualTo(body);
    }
}
