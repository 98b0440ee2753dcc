package io.monocoque.spring.autoconfigure;

import static io.monocoque.spring.autoconfigure.PubSubPropertiesTests.analysis;
import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The tcp options every socket type takes (ipv6, type-of-service, backlog, send-buffer-size,
 * receive-buffer-size) and a router's connect-routing-id are properties of
 * {@code monocoque.sockets.<name>}: they reach the socket, act on its endpoints, and a value or a
 * socket they do not fit stops start-up at that property.
 */
class TcpAndRoutingPropertiesTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class));

    @Test
    void tcpPropertiesReachTheSocket() {
        runner.withPropertyValues("monocoque.sockets.in.type=pull", "monocoque.sockets.in.bind=tcp://127.0.0.1:*",
                "monocoque.sockets.in.type-of-service=40", "monocoque.sockets.in.backlog=7",
                "monocoque.sockets.in.send-buffer-size=64KB", "monocoque.sockets.in.receive-buffer-size=128KB").run(context -> {
                    ZmqSocket in = context.getBean("in", ZmqSocket.class);
                    assertThat(in.getOption(SocketOption.TYPE_OF_SERVICE)).isEqualTo(40);
                    assertThat(in.getOption(SocketOption.BACKLOG)).isEqualTo(7);
                    assertThat(in.getOption(SocketOption.SEND_BUFFER_SIZE)).isEqualTo(64 * 1024);
                    assertThat(in.getOption(SocketOption.RECEIVE_BUFFER_SIZE)).isEqualTo(128 * 1024);
                    assertThat(in.getOption(SocketOption.IPV6)).isFalse();
                });
    }

    @Test
    void ipv6MakesAWildcardBindDualStack() {
        runner.withPropertyValues("monocoque.sockets.v6.type=pull", "monocoque.sockets.v6.bind=tcp://*:*",
                "monocoque.sockets.v6.ipv6=true",
                "monocoque.sockets.v4.type=pull", "monocoque.sockets.v4.bind=tcp://*:*").run(context -> {
                    assertThat(context.getBean("v6", ZmqSocket.class).lastEndpoint()).startsWith("tcp://[::]:");
                    assertThat(context.getBean("v4", ZmqSocket.class).lastEndpoint()).startsWith("tcp://0.0.0.0:");
                });
    }

    @Test
    void aBufferSizeBeyondWhatTheKernelTakesStopsStartUp() {
        runner.withPropertyValues("monocoque.sockets.in.type=pull", "monocoque.sockets.in.bind=inproc://tcp-props-buffer",
                "monocoque.sockets.in.send-buffer-size=3GB").run(context ->
                assertThat(analysis(context.getStartupFailure())).contains("monocoque.sockets.in.send-buffer-size")
                        .contains("0 to 2GB"));
        runner.withPropertyValues("monocoque.sockets.in.type=pull", "monocoque.sockets.in.bind=inproc://tcp-props-tos",
                "monocoque.sockets.in.type-of-service=300").run(context ->
                assertThat(analysis(context.getStartupFailure())).contains("monocoque.sockets.in.type-of-service")
                        .contains("a number from 0 to 255"));
    }

    @Test
    void aRouterNamesThePeerOfItsConnectByTheConnectRoutingId() {
        try (ZmqContext peers = ZmqContext.create(); ZmqSocket backend = peers.createSocket(SocketType.ROUTER)) {
            backend.setOption(SocketOption.LINGER, Duration.ZERO);
            backend.setOption(SocketOption.ROUTING_ID, "announced".getBytes(StandardCharsets.UTF_8));
            backend.bind("tcp://127.0.0.1:*");
            runner.withPropertyValues("monocoque.sockets.front.type=router", "monocoque.sockets.front.connect=" + backend.lastEndpoint(),
                    "monocoque.sockets.front.connect-routing-id=backend", "monocoque.sockets.front.router-mandatory=true",
                    "monocoque.sockets.front.routing-id=front").run(context -> {
                        ZmqSocket front = context.getBean("front", ZmqSocket.class);
                        // Used up by its connect, as in libzmq.
                        assertThat(front.getOption(SocketOption.CONNECT_ROUTING_ID)).isNull();
                        sendWhenRoutable(front, ZmqMessage.of("backend", "work"));
                        ZmqMessage m = backend.receive(WAIT);
                        assertThat(m).isNotNull();
                        assertThat(m.frameString(0)).isEqualTo("front");
                        assertThat(m.frameString(1)).isEqualTo("work");
                    });
        }
    }

    @Test
    void connectRoutingIdNeedsARouterWithOneConnect() {
        runner.withPropertyValues("monocoque.sockets.d.type=dealer", "monocoque.sockets.d.connect=inproc://crid-dealer",
                "monocoque.sockets.d.connect-routing-id=peer").run(context ->
                assertThat(analysis(context.getStartupFailure())).contains("monocoque.sockets.d.connect-routing-id")
                        .contains("applies to router sockets only, not to a dealer"));
        runner.withPropertyValues("monocoque.sockets.r.type=router", "monocoque.sockets.r.connect=inproc://crid-a,inproc://crid-b",
                "monocoque.sockets.r.connect-routing-id=peer").run(context ->
                assertThat(analysis(context.getStartupFailure())).contains("monocoque.sockets.r.connect-routing-id")
                        .contains("one connect endpoint, and this socket has 2"));
    }

    /** A ROUTER with router-mandatory refuses a peer it does not know yet: retry until the connection is up. */
    private static void sendWhenRoutable(ZmqSocket router, ZmqMessage m) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                router.send(m);
                return;
            } catch (ZmqException e) {
                if (e.error() != ZmqError.EHOSTUNREACH || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(5);
        }
    }
}
