package io.monocoque.zmq;

import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.RawUnixChannelOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ZMQ_BINDTODEVICE: SO_BINDTODEVICE on the listener and on every connection, on the native
 * transports; a precise refusal on NIO and for a device the host does not have.
 */
class BindToDeviceOptionTest {

    private static final RawUnixChannelOption SO_BINDTODEVICE = new RawUnixChannelOption("SO_BINDTODEVICE", 1, 25, 16);

    @ParameterizedTest
    @EnumSource(value = IoTransport.class, names = {"IO_URING", "EPOLL"})
    void theListenerAndBothEndsOfAConnectionAreBoundToTheDevice(IoTransport transport) {
        assumeTrue(ZmqContext.isAvailable(transport), transport + " is not available on this machine");
        try (ZmqContext ctx = ZmqContext.builder().transport(transport).build();
             ZmqSocket pull = onLoopback(ctx.createSocket(SocketType.PULL));
             ZmqSocket push = onLoopback(ctx.createSocket(SocketType.PUSH))) {
            pull.bind("tcp://127.0.0.1:*");
            push.connect(pull.lastEndpoint());
            push.send("on lo");
            assertThat(pull.receive(Duration.ofSeconds(5))).isEqualTo(ZmqMessage.of("on lo"));
            List<Channel> channels = ctx.io().openChannels();
            assertThat(channels).filteredOn(ch -> ch instanceof ServerChannel).hasSize(1);
            assertThat(channels).filteredOn(ch -> ch instanceof SocketChannel).hasSize(2);
            for (Channel ch : channels) {
                assertThat(device(ch)).as("SO_BINDTODEVICE of %s", ch).isEqualTo("lo");
            }
        }
    }

    @Test
    void aConnectionBoundToAnotherDeviceCannotReachLoopbackAndSaysWhy() throws Exception {
        assumeTrue(ZmqContext.isAvailable(IoTransport.EPOLL), "epoll is not available on this machine");
        Optional<String> other = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> isUp(i) && !isLoopback(i) && i.inetAddresses().anyMatch(a -> a instanceof Inet4Address))
                .map(NetworkInterface::getName).findFirst();
        assumeTrue(other.isPresent(), "this machine has no network device besides loopback");
        BlockingQueue<MonitorEvent> events = new LinkedBlockingQueue<>();
        try (ZmqContext ctx = ZmqContext.builder().transport(IoTransport.EPOLL).build();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind("tcp://127.0.0.1:*");
            push.setOption(SocketOption.BIND_TO_DEVICE, other.get());
            push.setOption(SocketOption.CONNECT_TIMEOUT, Duration.ofSeconds(1));
            try (AutoCloseable monitor = push.monitor(events::add)) {
                push.connect(pull.lastEndpoint());
                MonitorEvent retried;
                do {
                    retried = events.poll(10, TimeUnit.SECONDS);
                    assertThat(retried).as("a CONNECT_RETRIED for the connection bound to %s", other.get()).isNotNull();
                    assertThat(retried.type()).isNotIn(MonitorEventType.CONNECTED, MonitorEventType.HANDSHAKE_SUCCEEDED);
                } while (retried.type() != MonitorEventType.CONNECT_RETRIED);
                assertThat(retried.reason()).as("why the connection failed").isNotBlank();
            }
        }
    }

    @Test
    void nioCannotBindToADeviceAndSaysWhichTransportsCan() {
        try (ZmqContext ctx = ZmqContext.builder().transport(IoTransport.NIO).build();
             ZmqSocket pull = onLoopback(ctx.createSocket(SocketType.PULL));
             ZmqSocket push = onLoopback(ctx.createSocket(SocketType.PUSH))) {
            assertThatThrownBy(() -> pull.bind("tcp://127.0.0.1:*"))
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOTSUP))
                    .hasMessageContaining("SO_BINDTODEVICE").hasMessageContaining("epoll or io_uring").hasMessageContaining("NIO");
            assertThatThrownBy(() -> push.connect("tcp://127.0.0.1:5555"))
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOTSUP));
            pull.bind("ipc://*"); // only tcp is bound to a device
        }
    }

    @Test
    void anUnknownDeviceIsRefusedAtBindAndConnect() {
        assumeTrue(ZmqContext.isAvailable(IoTransport.EPOLL), "epoll is not available on this machine");
        try (ZmqContext ctx = ZmqContext.builder().transport(IoTransport.EPOLL).build();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            pull.setOption(SocketOption.BIND_TO_DEVICE, "nosuchdev0");
            assertThatThrownBy(() -> pull.bind("tcp://127.0.0.1:*"))
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL))
                    .hasMessageContaining("no network device 'nosuchdev0'");
            assertThatThrownBy(() -> pull.setOption(SocketOption.BIND_TO_DEVICE, "a-name-of-16-byt"))
                    .isInstanceOf(ZmqException.class);
        }
    }

    private static ZmqSocket onLoopback(ZmqSocket s) {
        s.setOption(SocketOption.BIND_TO_DEVICE, "lo");
        return s;
    }

    private static String device(Channel ch) {
        ByteBuffer b = ch.config().getOption(SO_BINDTODEVICE);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static boolean isUp(NetworkInterface i) {
        try {
            return i.isUp();
        } catch (java.net.SocketException e) {
            return false;
        }
    }

    private static boolean isLoopback(NetworkInterface i) {
        try {
            return i.isLoopback();
        } catch (java.net.SocketException e) {
            return true;
        }
    }
}
