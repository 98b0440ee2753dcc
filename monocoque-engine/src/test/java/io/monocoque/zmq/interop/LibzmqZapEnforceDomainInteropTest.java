package io.monocoque.zmq.interop;

import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.testing.PyzmqInterpreter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * ZMQ_ZAP_ENFORCE_DOMAIN as libzmq 4.3 has it: each case runs once with a libzmq server and once
 * with a Monocoque server, the same Monocoque client connecting, and both servers must let the
 * client in or turn it away as the case says.
 */
@Timeout(120)
class LibzmqZapEnforceDomainInteropTest {

    private static final Duration STEP = InteropPeer.STEP;
    private static final CurveKeyPair SERVER = CurveKeyPair.generate();
    private static final CurveKeyPair CLIENT = CurveKeyPair.generate();

    private PyZmq python;
    private ZmqContext clients;

    @BeforeEach
    void start() {
        PyzmqInterpreter.assumeAvailable();
        python = new PyZmq();
        clients = ZmqContext.create();
    }

    @AfterEach
    void stop() {
        try {
            if (python != null) {
                python.close();
            }
        } finally {
            if (clients != null) {
                clients.close();
            }
        }
    }

    @ParameterizedTest(name = "{0} server, domain ''{1}'', enforce {2}, ZAP handler {3}: {4}")
    @CsvSource({
            // a NULL socket without a domain never asks ZAP, strict or not
            "NULL,  '',     true,  none, accepted",
            // a domain without a handler: let in by default, turned away when strict
            "NULL,  global, false, none, accepted",
            "NULL,  global, true,  none, refused",
            "NULL,  global, true,  200,  accepted",
            // CURVE asks ZAP whatever the domain by default; strict and without a domain, never
            "CURVE, '',     false, 400,  refused",
            "CURVE, '',     true,  400,  accepted",
            "CURVE, global, false, none, accepted",
            "CURVE, global, true,  none, refused",
    })
    void libzmqAndMonocoqueServersAgree(String mechanism, String domain, boolean enforce, String zap, String expected)
            throws Exception {
        assertThat(libzmqServer(mechanism, domain, enforce, zap)).as("libzmq").isEqualTo(expected);
        assertThat(monocoqueServer(mechanism, domain, enforce, zap)).as("Monocoque").isEqualTo(expected);
    }

    @Test
    void aStrictPlainServerWithoutADomainIsRefusedAtBindInsteadOfAbortingLikeLibzmq() {
        try (ZmqSocket s = clients.createSocket(SocketType.PULL)) {
            s.setOption(SocketOption.PLAIN_SERVER, true);
            s.setOption(SocketOption.ZAP_ENFORCE_DOMAIN, true);
            assertThatThrownBy(() -> s.bind("tcp://127.0.0.1:*")).isInstanceOf(ZmqException.class)
                    .hasMessageContaining("zap-enforce-domain").hasMessageContaining("zap-domain");
            s.setOption(SocketOption.ZAP_DOMAIN, "global");
            s.bind("tcp://127.0.0.1:*");
        }
    }

    /** What a libzmq server does with the client: "accepted" or "refused". */
    private String libzmqServer(String mechanism, String domain, boolean enforce, String zap) throws Exception {
        List<String> args = new ArrayList<>(List.of("recv", "pull", "--bind", "tcp://127.0.0.1:*",
                "--sockopt", "ZAP_ENFORCE_DOMAIN=" + (enforce ? 1 : 0)));
        if (!domain.isEmpty()) {
            args.addAll(List.of("--sockopt", "ZAP_DOMAIN=" + domain));
        }
        if (mechanism.equals("CURVE")) {
            args.addAll(List.of("--sockopt", "CURVE_SERVER=1", "--sockopt", "CURVE_SECRETKEY=" + SERVER.secretKeyZ85()));
        }
        if (!zap.equals("none")) {
            args.addAll(List.of("--zap", zap));
        }
        PyZmq.PythonPeer server = python.startScript(LibzmqIpv6InteropTest.SCRIPT, args);
        String endpoint = server.awaitReady();
        try (ZmqSocket client = client(mechanism)) {
            client.connect(endpoint);
            client.send("m-0");
            long deadline = System.nanoTime() + STEP.toNanos();
            while (System.nanoTime() < deadline) {
                String line = server.pollLine("", Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                if (line == null) {
                    break;
                }
                if (line.startsWith("GOT ") || line.startsWith("EVENT HANDSHAKE_SUCCEEDED")) {
                    return "accepted";
                }
                if (line.startsWith("EVENT HANDSHAKE_FAILED")) {
                    return "refused";
                }
            }
            throw server.failure("the libzmq server neither took nor refused the client");
        } finally {
            server.tell("DONE");
        }
    }

    /** What a Monocoque server does with the client: "accepted" or "refused". */
    private String monocoqueServer(String mechanism, String domain, boolean enforce, String zap) throws Exception {
        ZmqContext.Builder b = ZmqContext.builder();
        if (!zap.equals("none")) {
            b.authenticator(request -> zap.equals("200") ? ZapReply.allow("user") : ZapReply.deny("refused by the test"));
        }
        BlockingQueue<MonitorEvent> events = new LinkedBlockingQueue<>();
        try (ZmqContext serverContext = b.build(); ZmqSocket server = serverContext.createSocket(SocketType.PULL)) {
            server.setOption(SocketOption.ZAP_ENFORCE_DOMAIN, enforce);
            server.setOption(SocketOption.ZAP_DOMAIN, domain);
            if (mechanism.equals("CURVE")) {
                server.setOption(SocketOption.CURVE_SERVER, true);
                server.setOption(SocketOption.CURVE_SECRET_KEY, SERVER.secretKey());
            }
            try (AutoCloseable monitor = server.monitor(events::add); ZmqSocket client = client(mechanism)) {
                server.bind("tcp://127.0.0.1:*");
                client.connect(server.lastEndpoint());
                client.send("m-0");
                List<MonitorEvent> seen = new ArrayList<>();
                long deadline = System.nanoTime() + STEP.toNanos();
                while (true) {
                    MonitorEvent e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (e == null) {
                        fail("the Monocoque server neither took nor refused the client; events: " + seen);
                    }
                    seen.add(e);
                    if (e.type() == MonitorEventType.HANDSHAKE_SUCCEEDED) {
                        assertThat(server.receive(STEP)).isNotNull();
                        return "accepted";
                    }
                    if (e.type() == MonitorEventType.HANDSHAKE_FAILED_AUTH) {
                        if (zap.equals("none")) {
                            assertThat(e.reason()).contains("ZAP_ENFORCE_DOMAIN").contains("'" + domain + "'");
                        }
                        return "refused";
                    }
                }
            }
        }
    }

    private ZmqSocket client(String mechanism) {
        ZmqSocket client = clients.createSocket(SocketType.PUSH);
        client.setOption(SocketOption.LINGER, Duration.ZERO);
        if (mechanism.equals("CURVE")) {
            client.setOption(SocketOption.CURVE_SERVER_KEY, SERVER.publicKey());
            client.setOption(SocketOption.CURVE_PUBLIC_KEY, CLIENT.publicKey());
            client.setOption(SocketOption.CURVE_SECRET_KEY, CLIENT.secretKey());
        }
        return client;
    }
}
