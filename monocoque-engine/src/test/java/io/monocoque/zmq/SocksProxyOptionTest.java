package io.monocoque.zmq;

import io.monocoque.zmq.transport.Socks5TestProxy;
import io.netty.handler.codec.socksx.v5.Socks5AddressType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ZMQ_SOCKS_PROXY, ZMQ_SOCKS_USERNAME and ZMQ_SOCKS_PASSWORD: connections go through a real
 * SOCKS5 proxy (Netty's SOCKS codec, {@link Socks5TestProxy}), with and without RFC 1929
 * authentication, and a proxy's refusal is a failed attempt whose monitor event says why.
 */
class SocksProxyOptionTest {

    private static final Duration STEP = Duration.ofSeconds(10);

    @Test
    void aConnectionGoesThroughTheProxyToTheAddressOfTheEndpoint() throws Exception {
        try (Socks5TestProxy proxy = Socks5TestProxy.open();
             ZmqContext ctx = ZmqContext.create();
             ZmqSocket rep = ctx.createSocket(SocketType.REP);
             ZmqSocket req = ctx.createSocket(SocketType.REQ)) {
            rep.bind("tcp://127.0.0.1:*");
            req.setOption(SocketOption.SOCKS_PROXY, proxy.address());
            req.connect(rep.lastEndpoint());
            req.send("ping");
            ZmqMessage request = rep.receive(STEP);
            assertThat(request).isEqualTo(ZmqMessage.of("ping"));
            // The server sees the proxy's connection, not ours.
            rep.send("pong");
            assertThat(req.receive(STEP)).isEqualTo(ZmqMessage.of("pong"));
            assertThat(proxy.requests()).containsExactly(
                    new Socks5TestProxy.Request(Socks5AddressType.IPv4, "127.0.0.1", port(rep.lastEndpoint()), null));
        }
    }

    @Test
    void aHostNameIsHandedToTheProxyUnresolved() throws Exception {
        try (Socks5TestProxy proxy = Socks5TestProxy.open();
             ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind("tcp://127.0.0.1:*");
            push.setOption(SocketOption.SOCKS_PROXY, proxy.address());
            push.connect("tcp://localhost:" + port(pull.lastEndpoint()));
            push.send("by name");
            assertThat(pull.receive(STEP)).isEqualTo(ZmqMessage.of("by name"));
            assertThat(proxy.requests()).extracting(Socks5TestProxy.Request::addressType, Socks5TestProxy.Request::host)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Socks5AddressType.DOMAIN, "localhost"));
        }
    }

    @Test
    void anIpv6DestinationGoesToTheProxyAsAnIpv6AddressWithoutTheIpv6Option() throws Exception {
        try (Socks5TestProxy proxy = Socks5TestProxy.open();
             ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.setOption(SocketOption.IPV6, true);
            pull.bind("tcp://[::1]:*");
            push.setOption(SocketOption.LINGER, Duration.ZERO);
            push.setOption(SocketOption.SOCKS_PROXY, proxy.address());
            push.connect(pull.lastEndpoint()); // an IPv4-only socket: the proxy does the IPv6
            push.send("via the proxy");
            assertThat(pull.receive(STEP)).isEqualTo(ZmqMessage.of("via the proxy"));
            assertThat(proxy.requests()).extracting(Socks5TestProxy.Request::addressType).containsExactly(Socks5AddressType.IPv6);
        }
    }

    @Test
    void aUsernameAndPasswordAuthenticateToTheProxy() throws Exception {
        try (Socks5TestProxy proxy = Socks5TestProxy.requiring("alice", "s3cret");
             ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind("tcp://127.0.0.1:*");
            push.setOption(SocketOption.SOCKS_PROXY, proxy.address());
            push.setOption(SocketOption.SOCKS_USERNAME, "alice");
            push.setOption(SocketOption.SOCKS_PASSWORD, "s3cret");
            push.connect(pull.lastEndpoint());
            push.send("authenticated");
            assertThat(pull.receive(STEP)).isEqualTo(ZmqMessage.of("authenticated"));
            assertThat(proxy.requests()).extracting(Socks5TestProxy.Request::username).containsExactly("alice");
        }
    }

    @Test
    void aRefusedPasswordIsAFailedAttemptWhoseEventSaysSoWithoutThePassword() throws Exception {
        try (Socks5TestProxy proxy = Socks5TestProxy.requiring("alice", "s3cret");
             ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind("tcp://127.0.0.1:*");
            push.setOption(SocketOption.SOCKS_PROXY, proxy.address());
            push.setOption(SocketOption.SOCKS_USERNAME, "alice");
            push.setOption(SocketOption.SOCKS_PASSWORD, "wrong-password");
            List<MonitorEvent> events = refusal(push, pull.lastEndpoint());
            MonitorEvent retried = events.get(events.size() - 1);
            assertThat(retried.reason()).contains("SOCKS5 proxy " + proxy.address())
                    .contains("refused the SOCKS_USERNAME/SOCKS_PASSWORD").doesNotContain("wrong-password");
            assertThat(proxy.refusals()).first().isEqualTo("bad credentials for alice");
            assertThat(pull.tryReceive()).isNull();
        }
    }

    @Test
    void aProxyRequiringAuthenticationOfASocketWithoutCredentialsSaysWhatToSet() throws Exception {
        try (Socks5TestProxy proxy = Socks5TestProxy.requiring("alice", "s3cret");
             ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind("tcp://127.0.0.1:*");
            push.setOption(SocketOption.SOCKS_PROXY, proxy.address());
            List<MonitorEvent> events = refusal(push, pull.lastEndpoint());
            assertThat(events.get(events.size() - 1).reason()).contains("requires authentication: set SOCKS_USERNAME and SOCKS_PASSWORD");
        }
    }

    @Test
    void aProxyAddressMustBeHostAndPort() {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            for (String bad : List.of("127.0.0.1", "tcp://127.0.0.1:1080", "*:1080", "127.0.0.1:*")) {
                assertThatThrownBy(() -> push.setOption(SocketOption.SOCKS_PROXY, bad)).as(bad).isInstanceOf(ZmqException.class);
            }
            push.setOption(SocketOption.SOCKS_PROXY, "[::1]:1080");
            push.setOption(SocketOption.SOCKS_PROXY, "proxy.example.com:1080");
            assertThat(SocketOption.SOCKS_PASSWORD.isSecret()).isTrue();
        }
    }

    /**
     * Connects through a refusing proxy and returns the monitor events up to the first
     * CONNECT_RETRIED; fails if the connection or a handshake is reported instead.
     */
    private static List<MonitorEvent> refusal(ZmqSocket socket, String endpoint) throws Exception {
        BlockingQueue<MonitorEvent> events = new LinkedBlockingQueue<>();
        List<MonitorEvent> seen = new ArrayList<>();
        try (AutoCloseable monitor = socket.monitor(events::add)) {
            socket.connect(endpoint);
            while (true) {
                MonitorEvent e = events.poll(STEP.toSeconds(), TimeUnit.SECONDS);
                assertThat(e).as("a CONNECT_RETRIED after %s", seen).isNotNull();
                seen.add(e);
                assertThat(e.type()).as("events so far: %s", seen)
                        .isNotIn(MonitorEventType.CONNECTED, MonitorEventType.HANDSHAKE_SUCCEEDED);
                if (e.type() == MonitorEventType.CONNECT_RETRIED) {
                    return seen;
                }
            }
        }
    }

    private static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }
}
