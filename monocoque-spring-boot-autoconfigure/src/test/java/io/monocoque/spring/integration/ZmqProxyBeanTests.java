package io.monocoque.spring.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.zmq.ProxyStatistics;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.PyzmqInterpreter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy bean steered through its control socket, and forwarding for a real libzmq peer. */
class ZmqProxyBeanTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ZmqContext context = ZmqContext.create();
    private final List<ZmqSocket> sockets = new ArrayList<>();

    @AfterEach
    void close() {
        sockets.forEach(ZmqSocket::close);
        context.close();
    }

    private ZmqSocket socket(SocketType type) {
        ZmqSocket s = context.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        sockets.add(s);
        return s;
    }

    private ZmqProxyBean pullPushProxy(String name) {
        ZmqProxyBean proxy = new ZmqProxyBean(ZmqProxyBean.Type.PULL_PUSH, context);
        proxy.setBeanName(name);
        proxy.setFrontendBind("tcp://127.0.0.1:*");
        proxy.setBackendBind("tcp://127.0.0.1:*");
        proxy.setControlBind("inproc://" + name + ".control");
        return proxy;
    }

    @Test
    void aPairControlSocketPausesResumesReportsStatisticsAndTerminatesTheProxy() {
        String name = "proxy-" + UUID.randomUUID();
        ZmqProxyBean proxy = pullPushProxy(name);
        proxy.start();
        try {
            assertThat(proxy.getControlEndpoint()).isEqualTo("inproc://" + name + ".control");
            ZmqSocket push = socket(SocketType.PUSH);
            ZmqSocket pull = socket(SocketType.PULL);
            ZmqSocket control = socket(SocketType.PAIR);
            push.connect(proxy.getFrontendEndpoint());
            pull.connect(proxy.getBackendEndpoint());
            control.connect(proxy.getControlEndpoint());

            push.send("before pause");
            assertThat(pull.receive(WAIT).lastString()).isEqualTo("before pause");

            control.send("PAUSE");
            await().atMost(WAIT).until(proxy::isPaused);
            push.send("while paused");
            assertThat(pull.receive(Duration.ofMillis(300))).as("nothing forwarded while paused").isNull();

            control.send("STATISTICS");
            ZmqMessage statistics = control.receive(WAIT);
            assertThat(statistics.size()).isEqualTo(8);
            long[] values = new long[8];
            for (int i = 0; i < 8; i++) {
                assertThat(statistics.frameLength(i)).isEqualTo(Long.BYTES);
                values[i] = ByteBuffer.wrap(statistics.frame(i)).order(ByteOrder.LITTLE_ENDIAN).getLong();
            }
            ProxyStatistics fromControl = new ProxyStatistics(values[0], values[1], values[2], values[3], values[4], values[5],
                    values[6], values[7]);
            assertThat(fromControl.backendMessagesOut()).isEqualTo(1);
            assertThat(fromControl.backendBytesOut()).isEqualTo("before pause".length());
            assertThat(fromControl.frontendMessagesIn()).isBetween(1L, 2L); // the held message may have been taken already

            control.send("RESUME");
            assertThat(pull.receive(WAIT).lastString()).isEqualTo("while paused");
            assertThat(proxy.isPaused()).isFalse();

            control.send("TERMINATE");
            await().atMost(WAIT).until(() -> !proxy.isRunning() && proxy.getFrontendEndpoint() == null);
            assertThat(proxy.getControlEndpoint()).isNull();
        } finally {
            proxy.stop();
        }
    }

    @Test
    void aProxyTerminatedThroughItsControlSocketStartsAgainOnNewSockets() {
        String name = "proxy-" + UUID.randomUUID();
        ZmqProxyBean proxy = pullPushProxy(name);
        proxy.start();
        try {
            ZmqSocket control = socket(SocketType.PAIR);
            control.connect(proxy.getControlEndpoint());
            control.send("TERMINATE");
            await().atMost(WAIT).until(() -> !proxy.isRunning() && proxy.getFrontendEndpoint() == null);
            control.close();

            proxy.start();
            assertThat(proxy.isRunning()).isTrue();
            ZmqSocket push = socket(SocketType.PUSH);
            ZmqSocket pull = socket(SocketType.PULL);
            push.connect(proxy.getFrontendEndpoint());
            pull.connect(proxy.getBackendEndpoint());
            push.send("after restart");
            assertThat(pull.receive(WAIT).lastString()).isEqualTo("after restart");

            ZmqSocket again = socket(SocketType.PAIR);
            again.connect(proxy.getControlEndpoint());
            again.send("PAUSE");
            await().atMost(WAIT).until(proxy::isPaused);
        } finally {
            proxy.stop();
        }
        assertThat(proxy.isRunning()).isFalse();
    }

    @Test
    void aRepControlSocketAnswersEveryCommandSoRequestersCanTakeTurns() {
        String name = "proxy-" + UUID.randomUUID();
        ZmqProxyBean proxy = pullPushProxy(name);
        proxy.setControlType(SocketType.REP);
        proxy.start();
        try {
            ZmqSocket first = socket(SocketType.REQ);
            first.connect(proxy.getControlEndpoint());
            first.send("PAUSE");
            ZmqMessage ack = first.receive(WAIT);
            assertThat(ack.size()).isEqualTo(1);
            assertThat(ack.frameLength(0)).isZero();
            assertThat(proxy.isPaused()).isTrue();

            ZmqSocket second = socket(SocketType.REQ);
            second.connect(proxy.getControlEndpoint());
            second.send("STATISTICS");
            assertThat(second.receive(WAIT).size()).isEqualTo(8);
            second.send("RESUME");
            assertThat(second.receive(WAIT).frameLength(0)).isZero();
            assertThat(proxy.isPaused()).isFalse();
        } finally {
            proxy.stop();
        }
    }

    @Test
    void theProxyForwardsALibzmqPublisherToAnEngineSubscriberAndTheCaptureSeesEveryMessage() throws Exception {
        String python = PyzmqInterpreter.path();
        ZmqProxyBean proxy = new ZmqProxyBean(ZmqProxyBean.Type.SUB_PUB, context);
        proxy.setBeanName("weather-proxy");
        proxy.setFrontendBind("tcp://127.0.0.1:*");
        proxy.setBackendBind("tcp://127.0.0.1:*");
        proxy.setCaptureBind("inproc://weather-capture-" + UUID.randomUUID());
        proxy.start();
        Process publisher = null;
        try {
            ZmqSocket capture = socket(SocketType.SUB);
            capture.subscribe("");
            capture.connect(proxy.getCaptureEndpoint());
            ZmqSocket subscriber = socket(SocketType.SUB);
            subscriber.subscribe("weather");
            subscriber.connect(proxy.getBackendEndpoint());

            // libzmq's PUB sends only what someone subscribed to: it publishes until it is stopped
            publisher = startPython(python, String.join("\n",
                    "import sys, time, zmq",
                    "ctx = zmq.Context()",
                    "s = ctx.socket(zmq.PUB)",
                    "s.setsockopt(zmq.LINGER, 0)",
                    "s.connect(sys.argv[1])",
                    "deadline = time.time() + 30",
                    "i = 0",
                    "while time.time() < deadline:",
                    "    s.send_multipart([b'weather', ('report-%d' % i).encode()])",
                    "    s.send_multipart([b'traffic', ('jam-%d' % i).encode()])",
                    "    i += 1",
                    "    time.sleep(0.02)"),
                    proxy.getFrontendConnectEndpoint());

            Set<String> delivered = new LinkedHashSet<>();
            while (delivered.size() < 5) {
                ZmqMessage m = subscriber.receive(WAIT);
                assertThat(m).as("a report through the proxy").isNotNull();
                assertThat(m.firstString()).isEqualTo("weather");
                delivered.add(m.lastString());
            }
            Set<String> captured = new LinkedHashSet<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!captured.containsAll(delivered) && System.nanoTime() < deadline) {
                ZmqMessage m = capture.receive(WAIT);
                assertThat(m).isNotNull();
                if (m.size() == 2 && m.firstString().equals("weather")) {
                    captured.add(m.lastString());
                }
            }
            assertThat(captured).containsAll(delivered);
            assertThat(proxy.statistics().frontendMessagesIn()).isGreaterThanOrEqualTo(delivered.size());
        } finally {
            if (publisher != null) {
                publisher.destroy();
                publisher.waitFor();
            }
            proxy.stop();
        }
    }

    /** Starts a pyzmq script; its output and errors go to the test's output. */
    private static Process startPython(String python, String script, String... args) throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of(python, "-c", script));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
    }
}
