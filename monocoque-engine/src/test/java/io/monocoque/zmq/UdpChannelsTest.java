package io.monocoque.zmq;

import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DatagramChannel;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the kernel made of a {@code udp://} endpoint's channel: multicast options, and its release. */
class UdpChannelsTest {

    @Test
    void multicastHopsAndLoopAreSetOnTheRadiosChannel() {
        try (ZmqContext ctx = ZmqContext.create();
                ZmqSocket hops = ctx.createSocket(SocketType.RADIO);
                ZmqSocket defaults = ctx.createSocket(SocketType.RADIO)) {
            hops.setOption(SocketOption.MULTICAST_HOPS, 7);
            hops.setOption(SocketOption.MULTICAST_LOOP, false);
            hops.connect("udp://127.0.0.1;239.192.77.1:5555");
            defaults.connect("udp://127.0.0.1;239.192.77.2:5556");
            List<DatagramChannel> channels = datagramChannels(ctx);
            assertThat(channels).extracting(c -> c.config().getOption(ChannelOption.IP_MULTICAST_TTL))
                    .containsExactlyInAnyOrder(7, 1); // 1: libzmq's default
            assertThat(channels).extracting(c -> c.config().getOption(ChannelOption.IP_MULTICAST_LOOP_DISABLED))
                    .containsExactlyInAnyOrder(true, false);
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoTransport.class, names = {"NIO", "EPOLL"})
    void aRadioReachesADishOverUdpOnEachTransport(IoTransport transport) {
        Assumptions.assumeTrue(io.monocoque.zmq.transport.NettyIo.available(transport), transport + " available");
        try (ZmqContext ctx = ZmqContext.builder().transport(transport).build();
                ZmqSocket dish = ctx.createSocket(SocketType.DISH);
                ZmqSocket radio = ctx.createSocket(SocketType.RADIO)) {
            dish.bind("udp://127.0.0.1:*");
            dish.join("TV");
            radio.connect(dish.lastEndpoint());
            radio.send(ZmqMessage.of("Friends").withGroup("TV"));
            ZmqMessage m = dish.receive(Duration.ofSeconds(20));
            assertThat(m).isNotNull();
            assertThat(m.group()).isEqualTo("TV");
            assertThat(m.frameString(0)).isEqualTo("Friends");
            assertThat(datagramChannels(ctx)).allMatch(c -> c.getClass().getSimpleName().startsWith(
                    transport == IoTransport.NIO ? "Nio" : "Epoll"));
        }
    }

    @Test
    void unbindingAndClosingReleaseTheDatagramChannels() {
        try (ZmqContext ctx = ZmqContext.create()) {
            ZmqSocket dish = ctx.createSocket(SocketType.DISH);
            dish.bind("udp://127.0.0.1:*");
            String endpoint = dish.lastEndpoint();
            ZmqSocket radio = ctx.createSocket(SocketType.RADIO);
            radio.connect(endpoint);
            assertThat(datagramChannels(ctx)).hasSize(2);
            dish.unbind(endpoint);
            radio.close();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> datagramChannels(ctx).isEmpty());
            dish.close();
        }
    }

    private static List<DatagramChannel> datagramChannels(ZmqContext ctx) {
        return ctx.io().openChannels().stream().filter(c -> c instanceof DatagramChannel)
                .map(c -> (DatagramChannel) c).toList();
    }
}
