package io.monocoque.zmq;

import io.netty.channel.Channel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** ZMQ_PRIORITY (libzmq draft): SO_PRIORITY on both ends of a connection on the native transports; a precise refusal on NIO. */
class PriorityOptionTest {

    private static final IntegerUnixChannelOption SO_PRIORITY = new IntegerUnixChannelOption("SO_PRIORITY", 1, 12);

    @ParameterizedTest
    @EnumSource(value = IoTransport.class, names = {"IO_URING", "EPOLL"})
    void bothEndsOfAConnectionCarryThePriority(IoTransport transport) {
        assumeTrue(ZmqContext.isAvailable(transport), transport + " is not available on this machine");
        try (ZmqContext ctx = ZmqContext.builder().transport(transport).build();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.setOption(SocketOption.PRIORITY, 5);
            push.setOption(SocketOption.PRIORITY, 5);
            pull.bind("tcp://127.0.0.1:*");
            push.connect(pull.lastEndpoint());
            push.send("urgent");
            assertThat(pull.receive(Duration.ofSeconds(5))).isEqualTo(ZmqMessage.of("urgent"));
            List<Channel> connections = ctx.io().openChannels().stream().filter(ch -> ch instanceof SocketChannel).toList();
            assertThat(connections).hasSize(2);
            for (Channel ch : connections) {
                assertThat(ch.config().getOption(SO_PRIORITY)).as("SO_PRIORITY of %s", ch).isEqualTo(5);
            }
        }
    }

    @Test
    void nioCannotSetAPriorityAndSaysWhichTransportsCan() {
        try (ZmqContext ctx = ZmqContext.builder().transport(IoTransport.NIO).build();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            assertThat(pull.getOption(SocketOption.PRIORITY)).isZero();
            pull.setOption(SocketOption.PRIORITY, 3);
            assertThatThrownBy(() -> pull.bind("tcp://127.0.0.1:*"))
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.ENOTSUP))
                    .hasMessageContaining("SO_PRIORITY").hasMessageContaining("epoll or io_uring");
            assertThatThrownBy(() -> pull.setOption(SocketOption.PRIORITY, -1)).isInstanceOf(ZmqException.class);
        }
    }
}
