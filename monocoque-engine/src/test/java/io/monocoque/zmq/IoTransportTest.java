package io.monocoque.zmq;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every Netty transport this machine has carries tcp and ipc traffic; AUTO picks the best one. */
class IoTransportTest {

    @TempDir
    Path dir;

    @Test
    void autoPrefersEpollThenNioAndLeavesIoUringToBeAskedFor() {
        try (ZmqContext ctx = ZmqContext.create()) {
            IoTransport expected = ZmqContext.isAvailable(IoTransport.EPOLL) ? IoTransport.EPOLL : IoTransport.NIO;
            assertThat(ctx.transport()).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoTransport.class, names = {"IO_URING", "EPOLL", "NIO"})
    void transportCarriesTcpAndIpc(IoTransport transport) {
        assumeTrue(ZmqContext.isAvailable(transport), transport + " is not available on this machine");
        try (ZmqContext ctx = ZmqContext.builder().transport(transport).build()) {
            assertThat(ctx.transport()).isEqualTo(transport);
            exchange(ctx, "tcp://127.0.0.1:*");
            exchange(ctx, "tcp://[::1]:*"); // with SocketOption.IPV6, set by exchange
            exchange(ctx, "ipc://" + dir.resolve(transport.name().toLowerCase() + ".sock"));
        }
    }

    @Test
    void abstractIpcNamesOnNioAreRefusedSayingWhichTransportsHaveThem() {
        try (ZmqContext ctx = ZmqContext.builder().transport(IoTransport.NIO).build();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> pull.bind("ipc://@monocoque-abstract-on-nio"))
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOTSUP))
                    .hasMessageContaining("abstract ipc names need the epoll or io_uring transport");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> pull.connect("ipc://@monocoque-abstract-on-nio"))
                    .isInstanceOf(ZmqException.class);
        }
    }

    private static void exchange(ZmqContext ctx, String endpoint) {
        try (ZmqSocket pull = ctx.createSocket(SocketType.PULL); ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.setOption(SocketOption.IPV6, true);
            push.setOption(SocketOption.IPV6, true);
            pull.bind(endpoint);
            push.connect(pull.lastEndpoint());
            for (int i = 0; i < 500; i++) {
                push.send(ZmqMessage.of("n", Integer.toString(i), "x".repeat(i)));
            }
            for (int i = 0; i < 500; i++) {
                ZmqMessage m = pull.receive(Duration.ofSeconds(5));
                assertThat(m).as("message %d over %s", i, endpoint).isEqualTo(ZmqMessage.of("n", Integer.toString(i), "x".repeat(i)));
            }
        }
    }
}
