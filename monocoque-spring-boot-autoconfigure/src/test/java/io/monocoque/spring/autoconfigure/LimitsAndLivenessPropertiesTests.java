package io.monocoque.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.core.ZmqConfigurationException;
import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The starter's message size limit (1 MiB unless told otherwise, -1 for none) and the liveness
 * properties (heartbeats, connect timeout, TCP keepalive tuning, TCP_USER_TIMEOUT) reach the
 * sockets; contradictions and values the engine refuses stop start-up naming the property.
 */
class LimitsAndLivenessPropertiesTests {

    private static final long MIB = 1024 * 1024;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class));

    @Test
    void aConfiguredSocketAcceptsFramesOfAtMostOneMebibyteByDefault() {
        runner.withPropertyValues("monocoque.sockets.in.type=pull", "monocoque.sockets.in.bind=inproc://limits-default").run(context ->
                assertThat(context.getBean("in", ZmqSocket.class).getOption(SocketOption.MAX_MESSAGE_SIZE)).isEqualTo(MIB));
    }

    @Test
    void minusOneLiftsTheLimitAndASizeSetsIt() {
        runner.withPropertyValues("monocoque.sockets.free.type=pull", "monocoque.sockets.free.bind=inproc://limits-free",
                "monocoque.sockets.free.max-message-size=-1",
                "monocoque.sockets.small.type=pull", "monocoque.sockets.small.bind=inproc://limits-small",
                "monocoque.sockets.small.max-message-size=16KB").run(context -> {
                    assertThat(context.getBean("free", ZmqSocket.class).getOption(SocketOption.MAX_MESSAGE_SIZE)).isEqualTo(-1L);
                    assertThat(context.getBean("small", ZmqSocket.class).getOption(SocketOption.MAX_MESSAGE_SIZE)).isEqualTo(16 * 1024L);
                });
    }

    @Test
    void aNegativeSizeOtherThanMinusOneStopsStartUpNamingTheProperty() {
        runner.withPropertyValues("monocoque.sockets.in.type=pull", "monocoque.sockets.in.bind=inproc://limits-negative",
                "monocoque.sockets.in.max-message-size=-2MB").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(io.monocoque.zmq.ZmqException.class);
                    assertThat(analysis(context.getStartupFailure()))
                            .contains("monocoque.sockets.in.max-message-size").contains("-1 for no limit");
                });
    }

    @Test
    void socketsThatListenersDeclareInlineGetTheListenerLimit() {
        runner.run(context -> {
            try (ZmqSocket inline = context.getBean(MonocoqueSocketFactory.class).createSocket("inline", SocketType.PULL)) {
                assertThat(inline.getOption(SocketOption.MAX_MESSAGE_SIZE)).isEqualTo(MIB);
            }
        });
        runner.withPropertyValues("monocoque.listener.max-message-size=256KB").run(context -> {
            try (ZmqSocket inline = context.getBean(MonocoqueSocketFactory.class).createSocket("inline", SocketType.PULL)) {
                assertThat(inline.getOption(SocketOption.MAX_MESSAGE_SIZE)).isEqualTo(256 * 1024L);
            }
        });
    }

    @Test
    void aFrameOverTheDefaultLimitClosesThatPeersConnectionWhileAnotherPeerIsServed() {
        runner.withPropertyValues("monocoque.sockets.in.type=pull", "monocoque.sockets.in.bind=tcp://127.0.0.1:*").run(context -> {
            ZmqSocket in = context.getBean("in", ZmqSocket.class);
            List<MonitorEvent> events = new CopyOnWriteArrayList<>();
            try (ZmqContext peers = ZmqContext.create(); AutoCloseable monitor = in.monitor(events::add)) {
                ZmqSocket big = peers.createSocket(SocketType.PUSH);
                ZmqSocket small = peers.createSocket(SocketType.PUSH);
                big.setOption(SocketOption.LINGER, Duration.ZERO);
                small.setOption(SocketOption.LINGER, Duration.ZERO);
                big.connect(in.lastEndpoint());
                big.send(ZmqMessage.wrap(new byte[(int) MIB + 1]));
                await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e ->
                        e.type() == MonitorEventType.DISCONNECTED && e.reason() != null && e.reason().contains("max-message-size")));
                small.connect(in.lastEndpoint());
                small.send(ZmqMessage.wrap(new byte[(int) MIB]));
                ZmqMessage received = in.receive(Duration.ofSeconds(10));
                assertThat(received).isNotNull();
                assertThat(received.frameLength(0)).isEqualTo((int) MIB); // the limit is inclusive: one MiB passes
            }
        });
    }

    @Test
    void heartbeatConnectAndKeepalivePropertiesReachTheSocket() {
        runner.withPropertyValues("monocoque.sockets.d.type=dealer", "monocoque.sockets.d.connect=tcp://127.0.0.1:1",
                "monocoque.sockets.d.heartbeat-interval=2s", "monocoque.sockets.d.heartbeat-timeout=5s",
                "monocoque.sockets.d.heartbeat-ttl=10s", "monocoque.sockets.d.connect-timeout=3s",
                "monocoque.sockets.d.tcp-keepalive-idle=60s", "monocoque.sockets.d.tcp-keepalive-interval=10s",
                "monocoque.sockets.d.tcp-keepalive-count=4", "monocoque.sockets.d.tcp-max-retransmit-timeout=20s").run(context -> {
                    ZmqSocket d = context.getBean("d", ZmqSocket.class);
                    assertThat(d.getOption(SocketOption.HEARTBEAT_INTERVAL)).isEqualTo(Duration.ofSeconds(2));
                    assertThat(d.getOption(SocketOption.HEARTBEAT_TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
                    assertThat(d.getOption(SocketOption.HEARTBEAT_TTL)).isEqualTo(Duration.ofSeconds(10));
                    assertThat(d.getOption(SocketOption.CONNECT_TIMEOUT)).isEqualTo(Duration.ofSeconds(3));
                    assertThat(d.getOption(SocketOption.TCP_KEEPALIVE_IDLE)).isEqualTo(Duration.ofSeconds(60));
                    assertThat(d.getOption(SocketOption.TCP_KEEPALIVE_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
                    assertThat(d.getOption(SocketOption.TCP_KEEPALIVE_COUNT)).isEqualTo(4);
                    assertThat(d.getOption(SocketOption.TCP_MAX_RETRANSMIT_TIMEOUT)).isEqualTo(Duration.ofSeconds(20));
                    assertThat(d.getOption(SocketOption.TCP_KEEPALIVE)).as("turned on by its tuning").isTrue();
                });
    }

    @Test
    void unsetLivenessPropertiesLeaveTheEngineDefaults() {
        runner.withPropertyValues("monocoque.sockets.d.type=dealer", "monocoque.sockets.d.connect=tcp://127.0.0.1:1").run(context -> {
            ZmqSocket d = context.getBean("d", ZmqSocket.class);
            assertThat(d.getOption(SocketOption.HEARTBEAT_INTERVAL)).isEqualTo(Duration.ZERO);
            assertThat(d.getOption(SocketOption.HEARTBEAT_TIMEOUT)).as("the interval's").isEqualTo(SocketOption.HEARTBEAT_TIMEOUT.defaultValue());
            assertThat(d.getOption(SocketOption.HEARTBEAT_TTL)).isEqualTo(Duration.ZERO);
            assertThat(d.getOption(SocketOption.CONNECT_TIMEOUT)).isEqualTo(Duration.ZERO);
            assertThat(d.getOption(SocketOption.TCP_KEEPALIVE)).isNull();
            assertThat(d.getOption(SocketOption.TCP_KEEPALIVE_IDLE)).isNull();
            assertThat(d.getOption(SocketOption.TCP_KEEPALIVE_COUNT)).isNull();
            assertThat(d.getOption(SocketOption.TCP_MAX_RETRANSMIT_TIMEOUT)).isEqualTo(Duration.ZERO);
        });
    }

    @Test
    void keepaliveTuningOnASocketWithKeepaliveOffStopsStartUp() {
        runner.withPropertyValues("monocoque.sockets.d.type=dealer", "monocoque.sockets.d.connect=tcp://127.0.0.1:1",
                "monocoque.sockets.d.tcp-keepalive=false", "monocoque.sockets.d.tcp-keepalive-idle=60s").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(analysis(context.getStartupFailure())).contains("monocoque.sockets.d.tcp-keepalive").contains("switched off");
                });
    }

    @Test
    void aKeepaliveIdleTimeOfPartSecondsStopsStartUpNamingTheProperty() {
        runner.withPropertyValues("monocoque.sockets.d.type=dealer", "monocoque.sockets.d.connect=tcp://127.0.0.1:1",
                "monocoque.sockets.d.tcp-keepalive-idle=1500ms").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(analysis(context.getStartupFailure()))
                            .contains("monocoque.sockets.d.tcp-keepalive-idle").contains("whole number of seconds");
                });
    }

    @Test
    void aHeartbeatTtlBeyondWhatZmtpCarriesStopsStartUpNamingTheProperty() {
        runner.withPropertyValues("monocoque.sockets.d.type=dealer", "monocoque.sockets.d.connect=tcp://127.0.0.1:1",
                "monocoque.sockets.d.heartbeat-ttl=2h").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(analysis(context.getStartupFailure()))
                            .contains("monocoque.sockets.d.heartbeat-ttl").contains("6553.5s");
                });
    }

    /** The problem and the advice the failure analysis prints. */
    private static String analysis(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ZmqConfigurationException e) {
                return e.getMessage() + "\n" + e.getAction();
            }
        }
        throw new AssertionError("no ZmqConfigurationException in " + failure, failure);
    }
}
