package io.monocoque.zmq;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ZMQ_IPV6 as libzmq 4.3 has it: a socket is IPv4 only unless the option is set; with it, IPv6
 * endpoints work and the wildcard host listens dual-stack on {@code [::]}.
 */
class Ipv6OptionTest {

    @Test
    void anIpv4OnlySocketRefusesIpv6EndpointsSayingWhichOptionIsMissing() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            assertThat(pull.getOption(SocketOption.IPV6)).isFalse();
            assertThatThrownBy(() -> pull.bind("tcp://[::1]:*"))
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EADDRNOTAVAIL))
                    .hasMessageContaining("tcp://[::1]:*").hasMessageContaining("ipv6");
            assertThatThrownBy(() -> push.connect("tcp://[::1]:5555"))
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL))
                    .hasMessageContaining("tcp://[::1]:5555").hasMessageContaining("ipv6");
            assertThat(pull.endpoints()).isEmpty();
            assertThat(push.endpoints()).isEmpty();
        }
    }

    @Test
    void withIpv6ALoopbackEndpointCarriesMessagesAndIsReportedInBrackets() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ipv6(ctx.createSocket(SocketType.PULL));
             ZmqSocket push = ipv6(ctx.createSocket(SocketType.PUSH))) {
            pull.bind("tcp://[::1]:*");
            assertThat(pull.lastEndpoint()).matches("tcp://\\[::1\\]:\\d+");
            push.connect(pull.lastEndpoint());
            push.send("over IPv6");
            ZmqMessage m = pull.receive(Duration.ofSeconds(5));
            assertThat(m).isEqualTo(ZmqMessage.of("over IPv6"));
            assertThat(m.peer().remoteAddress()).startsWith("[::1]:");
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoTransport.class, names = {"IO_URING", "EPOLL", "NIO"})
    void theWildcardHostIsIpv4OnlyWithoutTheOption(IoTransport transport) throws Exception {
        assumeTrue(ZmqContext.isAvailable(transport), transport + " is not available on this machine");
        try (ZmqContext ctx = ZmqContext.builder().transport(transport).build();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            pull.bind("tcp://*:*");
            assertThat(pull.lastEndpoint()).matches("tcp://0\\.0\\.0\\.0:\\d+");
            int port = port(pull.lastEndpoint());
            assertThat(greets(new InetSocketAddress("127.0.0.1", port))).isTrue();
            assertThat(greets(new InetSocketAddress("::1", port))).as("an IPv6 client of an IPv4-only listener").isFalse();
        }
    }

    @Test
    void withIpv6TheWildcardHostListensDualStackOnIpv6Any() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ipv6(ctx.createSocket(SocketType.PULL));
             ZmqSocket overIpv4 = ctx.createSocket(SocketType.PUSH);
             ZmqSocket overIpv6 = ipv6(ctx.createSocket(SocketType.PUSH))) {
            pull.bind("tcp://*:*");
            assertThat(pull.lastEndpoint()).matches("tcp://\\[::\\]:\\d+");
            int port = port(pull.lastEndpoint());
            overIpv4.connect("tcp://127.0.0.1:" + port);
            overIpv6.connect("tcp://[::1]:" + port);
            overIpv4.send("four");
            overIpv6.send("six");
            ZmqMessage a = pull.receive(Duration.ofSeconds(5));
            ZmqMessage b = pull.receive(Duration.ofSeconds(5));
            assertThat(java.util.List.of(a, b)).containsExactlyInAnyOrder(ZmqMessage.of("four"), ZmqMessage.of("six"));
        }
    }

    @Test
    void aHostNameResolvesToIpv4WithoutTheOption() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind("tcp://127.0.0.1:*");
            push.connect("tcp://localhost:" + port(pull.lastEndpoint()));
            push.send("by name");
            assertThat(pull.receive(Duration.ofSeconds(5))).isEqualTo(ZmqMessage.of("by name"));
        }
    }

    private static ZmqSocket ipv6(ZmqSocket s) {
        s.setOption(SocketOption.IPV6, true);
        return s;
    }

    static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    /**
     * Whether a plain tcp client at {@code a} hears the start of a ZMTP greeting: no when the
     * connection is refused (an IPv4 socket) or closed at once (io_uring, whose listener is
     * always an IPv6 socket, closes IPv6 peers of an IPv4-only socket as it accepts them).
     */
    private static boolean greets(InetSocketAddress a) {
        try (SocketChannel ch = SocketChannel.open()) {
            ch.socket().connect(a, 2_000);
            ch.socket().setSoTimeout(5_000);
            return ch.socket().getInputStream().read() == 0xFF;
        } catch (IOException e) {
            return false;
        }
    }
}
