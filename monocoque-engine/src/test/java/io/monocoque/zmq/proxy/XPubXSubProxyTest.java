package io.monocoque.zmq.proxy;

import io.monocoque.zmq.testing.PyzmqInterpreter;

import io.monocoque.zmq.ProxyStatistics;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqProxy;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An XSUB/XPUB proxy between a libzmq publisher (pyzmq) and an engine subscriber: data flows
 * down filtered by topic, subscriptions flow up, and a capture socket sees everything forwarded.
 */
@Timeout(30)
class XPubXSubProxyTest {

    private static final int COUNT = 4000;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void libzmqPublisherThroughProxyToEngineSubscriberWithCapture() throws Exception {
        PyzmqInterpreter.assumeAvailable();
        String id = UUID.randomUUID().toString();
        try (ZmqContext ctx = ZmqContext.create()) {
            // Unlimited queues all along: the test counts every message, so nothing may be dropped.
            ZmqSocket xsub = ctx.createSocket(SocketType.XSUB).setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 0);
            xsub.bind("tcp://127.0.0.1:*");
            ZmqSocket xpub = ctx.createSocket(SocketType.XPUB).setOption(SocketOption.SEND_HIGH_WATER_MARK, 0);
            xpub.bind("inproc://proxy-xpub-" + id);
            ZmqSocket captured = ctx.createSocket(SocketType.PULL);
            captured.bind("inproc://proxy-capture-" + id);
            ZmqSocket capture = ctx.createSocket(SocketType.PUSH).setOption(SocketOption.SEND_HIGH_WATER_MARK, 0);
            capture.connect("inproc://proxy-capture-" + id);
            ZmqSocket sub = ctx.createSocket(SocketType.SUB).setOption(SocketOption.RECEIVE_HIGH_WATER_MARK, 0);
            sub.subscribe("A");
            sub.subscribe("sync");
            sub.connect("inproc://proxy-xpub-" + id);

            try (ZmqProxy proxy = ZmqProxy.start(xsub, xpub, capture);
                 ProxyPython publisher = new ProxyPython("proxy_publisher.py", xsub.lastEndpoint(),
                         Integer.toString(COUNT))) {
                publisher.awaitLine("ready", WAIT);
                assertThat(Thread.getAllStackTraces().keySet())
                        .anyMatch(t -> t.getName().startsWith("monocoque-proxy-"));

                // Subscriptions go up in order (A, then sync): a sync message arriving proves both
                // reached the libzmq publisher through the proxy.
                ZmqMessage m;
                do {
                    m = sub.receive(WAIT);
                    assertThat(m).as("a sync message through the proxy").isNotNull();
                } while (!m.firstString().equals("sync"));
                publisher.writeLine("go");

                List<ZmqMessage> received = new ArrayList<>();
                while (true) {
                    m = sub.receive(WAIT);
                    assertThat(m).as("message after " + received.size()).isNotNull();
                    if (m.firstString().equals("sync")) {
                        continue;
                    }
                    if (m.firstString().equals("A-end")) {
                        break;
                    }
                    received.add(m);
                }
                publisher.awaitLine("done", WAIT);

                // Only topic A, every one of them, in order and intact.
                assertThat(received).hasSize(COUNT / 2);
                for (int k = 0; k < received.size(); k++) {
                    assertThat(received.get(k)).isEqualTo(expected(2 * k));
                }

                // The capture saw the subscriptions going up and every data message going down, in order.
                List<ZmqMessage> data = new ArrayList<>();
                List<String> subscriptions = new ArrayList<>();
                while (true) {
                    m = captured.receive(WAIT);
                    assertThat(m).as("captured message after " + data.size()).isNotNull();
                    if (m.size() == 3) {
                        data.add(m);
                    } else if (m.frameLength(0) > 0 && m.frame(0)[0] == 1) {
                        subscriptions.add(m.frameString(0).substring(1));
                    } else if (m.firstString().equals("A-end")) {
                        break;
                    }
                }
                assertThat(subscriptions).contains("A", "sync");
                assertThat(data).isEqualTo(received);

                ProxyStatistics stats = proxy.statistics();
                assertThat(stats.frontendMessagesIn()).isGreaterThan(COUNT / 2).isEqualTo(stats.backendMessagesOut());
                assertThat(stats.frontendBytesIn()).isEqualTo(stats.backendBytesOut());
                assertThat(stats.backendMessagesIn()).isGreaterThanOrEqualTo(2).isEqualTo(stats.frontendMessagesOut());
                assertThat(proxy.isRunning()).isTrue();
            }
        }
    }

    /** What the publisher script sends as message {@code i}. */
    private static ZmqMessage expected(int i) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("payload-" + i + "-").getBytes(StandardCharsets.US_ASCII));
        for (int n = 0; n < i % 64; n++) {
            body.write(i % 256);
        }
        return ZmqMessage.wrap(new byte[] {'A'}, Integer.toString(i).getBytes(StandardCharsets.US_ASCII),
                body.toByteArray());
    }
}
