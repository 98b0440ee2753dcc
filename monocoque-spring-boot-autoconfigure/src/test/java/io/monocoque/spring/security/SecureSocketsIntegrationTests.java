package io.monocoque.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.spring.core.ZmqTemplate;
import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.ClientContext;
import io.monocoque.zmq.testing.PyzmqInterpreter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * CURVE and PLAIN sockets from configuration: the listener sees who the client is, unknown
 * clients get nothing, and a real libzmq peer (pyzmq) talks to the application over CURVE.
 */
@SpringBootTest(classes = SecureSocketsIntegrationTests.SecureApplication.class)
class SecureSocketsIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final CurveKeyPair SERVER = CurveKeyPair.generate();
    private static final CurveKeyPair CLIENT = CurveKeyPair.generate();
    private static final CurveKeyPair TEMPLATE_CLIENT = CurveKeyPair.generate();
    private static final CurveKeyPair PYTHON_CLIENT = CurveKeyPair.generate();
    // The configured CURVE client needs the server's address before the context starts, so the
    // two meet over a private ipc path (CURVE applies there as over tcp); other clients use the
    // server's ephemeral tcp port, resolved from the socket bean.
    private static final String CURVE_IPC = "ipc://" + System.getProperty("java.io.tmpdir") + "/monocoque-secure-"
            + java.util.UUID.randomUUID().toString().substring(0, 8);
    @RegisterExtension
    static final ClientContext clients = new ClientContext();

    @DynamicPropertySource
    static void sockets(DynamicPropertyRegistry registry) {
        registry.add("monocoque.sockets.secure.type", () -> "rep");
        registry.add("monocoque.sockets.secure.bind", () -> "tcp://127.0.0.1:*," + CURVE_IPC);
        registry.add("monocoque.sockets.secure.curve.server", () -> "true");
        registry.add("monocoque.sockets.secure.curve.secret-key", SERVER::secretKeyZ85);
        registry.add("monocoque.sockets.secure.curve.allowed-client-keys",
                () -> String.join(",", CLIENT.publicKeyZ85(), TEMPLATE_CLIENT.publicKeyZ85(), PYTHON_CLIENT.publicKeyZ85()));
        registry.add("monocoque.sockets.secure-client.type", () -> "req");
        registry.add("monocoque.sockets.secure-client.connect", () -> CURVE_IPC);
        registry.add("monocoque.sockets.secure-client.curve.server-key", SERVER::publicKeyZ85);
        registry.add("monocoque.sockets.secure-client.curve.secret-key", TEMPLATE_CLIENT::secretKeyZ85);
        registry.add("monocoque.sockets.plain.type", () -> "rep");
        registry.add("monocoque.sockets.plain.bind", () -> "tcp://127.0.0.1:*");
        registry.add("monocoque.sockets.plain.plain.server", () -> "true");
        registry.add("monocoque.sockets.plain.plain.users.alice", () -> "wonderland");
    }

    @Autowired
    @Qualifier("plain")
    ZmqSocket plain;

    @Autowired
    @Qualifier("secure")
    ZmqSocket secure;

    @Autowired
    ZmqTemplate template;

    @Test
    void aCurveClientWithAnAllowedKeyIsServedAndItsKeyIsTheUserId() {
        try (ZmqSocket req = curveClient(CLIENT)) {
            req.send("hello");
            ZmqMessage reply = req.receive(WAIT);
            assertThat(reply).isNotNull();
            assertThat(reply.frameString(0)).isEqualTo(CLIENT.publicKeyZ85() + ":hello");
        }
    }

    @Test
    void aCurveClientWithAnUnknownKeyGetsNoService() {
        try (ZmqSocket req = curveClient(CurveKeyPair.generate())) {
            req.send("let me in");
            assertThat(req.receive(Duration.ofMillis(700))).isNull();
        }
    }

    @Test
    void theTemplateTalksCurveThroughAConfiguredClientSocket() {
        assertThat(template.sendAndReceive("secure-client", "via template", String.class, WAIT))
                .isEqualTo(TEMPLATE_CLIENT.publicKeyZ85() + ":via template");
    }

    @Test
    void aPlainUserIsAuthenticatedAndAWrongPasswordIsNot() {
        try (ZmqSocket good = clients.createSocket(SocketType.REQ); ZmqSocket bad = clients.createSocket(SocketType.REQ)) {
            good.setOption(SocketOption.LINGER, Duration.ZERO);
            bad.setOption(SocketOption.LINGER, Duration.ZERO);
            good.setOption(SocketOption.PLAIN_USERNAME, "alice");
            good.setOption(SocketOption.PLAIN_PASSWORD, "wonderland");
            good.connect(plain.lastEndpoint());
            bad.setOption(SocketOption.PLAIN_USERNAME, "alice");
            bad.setOption(SocketOption.PLAIN_PASSWORD, "guess");
            bad.connect(plain.lastEndpoint());
            good.send("hi");
            assertThat(good.receive(WAIT).frameString(0)).isEqualTo("alice:hi");
            bad.send("hi");
            assertThat(bad.receive(Duration.ofMillis(700))).isNull();
        }
    }

    @Test
    void aLibzmqPeerTalksToTheListenerOverCurve() throws Exception {
        String python = PyzmqInterpreter.path();
        String script = String.join("\n",
                "import sys, zmq",
                "ctx = zmq.Context()",
                "s = ctx.socket(zmq.REQ)",
                "s.curve_serverkey = sys.argv[1].encode()",
                "s.curve_publickey = sys.argv[2].encode()",
                "s.curve_secretkey = sys.argv[3].encode()",
                "s.setsockopt(zmq.RCVTIMEO, 5000)",
                "s.setsockopt(zmq.LINGER, 0)",
                "s.connect(sys.argv[4])",
                "s.send(b'from libzmq')",
                "print(s.recv().decode())",
                "s.close(); ctx.term()");
        Process p = new ProcessBuilder(python, "-c", script, SERVER.publicKeyZ85(), PYTHON_CLIENT.publicKeyZ85(),
                PYTHON_CLIENT.secretKeyZ85(), tcpEndpoint()).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("pyzmq client finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo(PYTHON_CLIENT.publicKeyZ85() + ":from libzmq");
    }

    private String tcpEndpoint() {
        return secure.endpoints().stream().filter(e -> e.startsWith("tcp://")).findFirst().orElseThrow();
    }

    private ZmqSocket curveClient(CurveKeyPair keys) {
        ZmqSocket req = clients.createSocket(SocketType.REQ);
        req.setOption(SocketOption.LINGER, Duration.ZERO); // a refused client's request must not hold up closing
        req.setOption(SocketOption.CURVE_SERVER_KEY, SERVER.publicKey());
        req.setOption(SocketOption.CURVE_PUBLIC_KEY, keys.publicKey());
        req.setOption(SocketOption.CURVE_SECRET_KEY, keys.secretKey());
        req.connect(tcpEndpoint());
        return req;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(WhoAmI.class)
    static class SecureApplication {
    }

    static class WhoAmI {

        @ZmqListener(socket = "secure")
        String secure(String body, @Header(name = ZmqHeaders.USER_ID, required = false) String user) {
            return user + ":" + body;
        }

        @ZmqListener(socket = "plain")
        String plain(String body, @Header(name = ZmqHeaders.USER_ID, required = false) String user) {
            return user + ":" + body;
        }
    }
}
