package io.monocoque.zmq.interop;

import io.monocoque.zmq.IoTransport;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * USE_FD: a socket adopts a listening descriptor made elsewhere, as a systemd-activated service
 * gets one. The descriptors are made with Netty's own native socket calls (socket, bind, listen),
 * as the service manager would have made them, and a libzmq peer talks to the adopting socket.
 */
class UseFdOptionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private static void assumeEpoll() {
        assumeTrue(ZmqContext.isAvailable(IoTransport.EPOLL), "epoll is not available on this machine");
        Epoll.ensureAvailability(); // loads the native library the unix Socket calls live in
    }

    /** A tcp socket bound to a free loopback port and listening, as a service manager hands it over. */
    private static Socket listeningTcp() throws IOException {
        Socket s = Socket.newSocketStream();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        s.listen(16);
        return s;
    }

    @Test
    void aRouterAdoptsAListeningTcpDescriptorAndALibzmqDealerTalksToIt() throws Exception {
        assumeEpoll();
        Socket fd = listeningTcp();
        int port = fd.localAddress().getPort();
        try (ZmqContext ctx = ZmqContext.builder().transport(IoTransport.EPOLL).build();
                ZmqSocket router = ctx.createSocket(SocketType.ROUTER);
                LibzmqSocket dealer = new LibzmqSocket("DEALER")) {
            router.setOption(SocketOption.LINGER, Duration.ZERO);
            router.setOption(SocketOption.USE_FD, fd.intValue());
            // The address is not used: the descriptor's own is what the socket reports.
            router.bind("tcp://127.0.0.1:*");
            String endpoint = "tcp://127.0.0.1:" + port;
            assertThat(router.lastEndpoint()).isEqualTo(endpoint);

            dealer.option("ROUTING_ID", "libzmq".getBytes(StandardCharsets.UTF_8));
            dealer.connect(endpoint);
            dealer.send("hello");
            ZmqMessage m = router.receive(TIMEOUT);
            assertThat(m).isNotNull();
            assertThat(m.frameString(0)).isEqualTo("libzmq");
            assertThat(m.frameString(1)).isEqualTo("hello");
            router.send(ZmqMessage.of("libzmq", "welcome"));
            List<byte[]> reply = dealer.receive(TIMEOUT);
            assertThat(new String(reply.get(0), StandardCharsets.UTF_8)).isEqualTo("welcome");

            // Unbinding closes the adopted descriptor, as libzmq's listener does.
            router.unbind(endpoint);
            assertThatThrownBy(() -> {
                try (java.net.Socket probe = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
                    probe.getInputStream();
                }
            }).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void aPullAdoptsAListeningIpcDescriptorAndLeavesItsFileAlone() throws Exception {
        assumeEpoll();
        Path path = tmp.resolve("activated.sock");
        Socket fd = Socket.newSocketDomain();
        fd.bind(new DomainSocketAddress(path.toString()));
        fd.listen(16);
        try (ZmqContext ctx = ZmqContext.builder().transport(IoTransport.EPOLL).build();
                ZmqSocket pull = ctx.createSocket(SocketType.PULL);
                LibzmqSocket push = new LibzmqSocket("PUSH")) {
            pull.setOption(SocketOption.LINGER, Duration.ZERO);
            pull.setOption(SocketOption.USE_FD, fd.intValue());
            pull.bind("ipc://*");
            assertThat(pull.lastEndpoint()).isEqualTo("ipc://" + path);
            push.connect("ipc://" + path);
            push.send("over ipc");
            ZmqMessage m = pull.receive(TIMEOUT);
            assertThat(m).isNotNull();
            assertThat(m.frameString(0)).isEqualTo("over ipc");
            pull.close();
            // The file belongs to whoever made the descriptor (libzmq does not unlink it either).
            assertThat(path).exists();
        }
    }

    @Test
    void aDescriptorOfTheWrongKindIsRefusedWithEinval() throws Exception {
        assumeEpoll();
        Socket fd = Socket.newSocketDomain();
        fd.bind(new DomainSocketAddress(tmp.resolve("not-tcp.sock").toString()));
        fd.listen(1);
        try (ZmqContext ctx = ZmqContext.builder().transport(IoTransport.EPOLL).build();
                ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            pull.setOption(SocketOption.USE_FD, fd.intValue());
            assertThatThrownBy(() -> pull.bind("tcp://127.0.0.1:*"))
                    .isInstanceOfSatisfying(ZmqException.class, e -> {
                        assertThat(e.error()).isEqualTo(ZmqError.EINVAL);
                        assertThat(e.getMessage()).contains("use-fd " + fd.intValue()).contains("not a tcp (IPv4 or IPv6) socket");
                    });
            assertThat(pull.endpoints()).isEmpty();
        } finally {
            fd.close();
        }
    }

    @Test
    void aBoundDescriptorThatDoesNotListenIsRefusedWithEinval() throws Exception {
        assumeEpoll();
        Socket fd = Socket.newSocketStream();
        fd.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try (ZmqContext ctx = ZmqContext.builder().transport(IoTransport.EPOLL).build();
                ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            pull.setOption(SocketOption.USE_FD, fd.intValue());
            assertThatThrownBy(() -> pull.bind("tcp://127.0.0.1:*"))
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.getMessage()).contains("not listening"));
        } finally {
            fd.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoTransport.class, names = {"IO_URING", "NIO"})
    void otherTransportsRefuseUseFdWithEnotsup(IoTransport transport) throws Exception {
        assumeTrue(ZmqContext.isAvailable(transport), transport + " is not available on this machine");
        try (ZmqContext ctx = ZmqContext.builder().transport(transport).build();
                ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            pull.setOption(SocketOption.USE_FD, 3);
            assertThatThrownBy(() -> pull.bind("tcp://127.0.0.1:*"))
                    .isInstanceOfSatisfying(ZmqException.class, e -> {
                        assertThat(e.error()).isEqualTo(ZmqError.ENOTSUP);
                        assertThat(e.getMessage()).contains("needs the EPOLL transport").contains(transport.name());
                    });
        }
    }

    @Test
    void useFdTakesADescriptorOrMinusOne() {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket s = ctx.createSocket(SocketType.PULL)) {
            assertThat(s.getOption(SocketOption.USE_FD)).isEqualTo(-1);
            assertThatThrownBy(() -> s.setOption(SocketOption.USE_FD, -2)).isInstanceOf(ZmqException.class);
        }
    }
}
