package io.monocoque.zmq;

import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** What the kernel made of a {@code udp://} endpoint's channel: multicast options, and its release. */
class UdpChannelsTest {

    @ParameterizedTest
    @EnumSource(value = IoTransport.class, names = {"NIO", "EPOLL"})
    void multicastHopsAndLoopAreSetOnTheRadiosChannel(IoTransport transport) {
        Assumptions.assumeTrue(io.monocoque.zmq.transport.NettyIo.available(transport), transport + " available");
        try (ZmqContext ctx = ZmqContext.builder().transport(transport).build();
                ZmqSocket hops = ctx.createSocket(SocketType.RADIO);
                ZmqSocket defaults = ctx.createSocket(SocketType.RADIO)) {
            hops.setOption(SocketOption.MULTICAST_HOPS, 7);
            hops.setOption(SocketOption.MULTICAST_LOOP, false);
            hops.connect("udp://127.0.0.1;239.192.77.1:5555");
            defaults.connect("udp://127.0.0.1;239.192.77.2:5556");
            List<DatagramChannel> channels = datagramChannels(ctx);
            // the defaults: libzmq's hops of 1, the loop on
            assertThat(channels).extracting(c -> c.config().getOption(ChannelOption.IP_MULTICAST_TTL), UdpChannelsTest::multicastLoop)
                    .containsExactlyInAnyOrder(tuple(7, false), tuple(1, true));
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

    /**
     * IP_MULTICAST_LOOP as the kernel has it. On NIO through the JDK's option (Netty 4.2's NIO
     * channel reads its own IP_MULTICAST_LOOP_DISABLED as the JDK's IP_MULTICAST_LOOP, not negated,
     * so it cannot tell); on epoll through Netty's, which its native channel reads right.
     */
    private static boolean multicastLoop(DatagramChannel c) {
        if (c instanceof io.netty.channel.socket.nio.NioDatagramChannel) {
            return c.config().getOption(NioChannelOption.of(StandardSocketOptions.IP_MULTICAST_LOOP));
        }
        return !c.config().getOption(ChannelOption.IP_MULTICAST_LOOP_DISABLED);
    }

    private static List<DatagramChannel> datagramChannels(ZmqContext ctx) {
        return ctx.io().openChannels().stream().filter(c -> c instanceof DatagramChannel)
                .map(c -> (DatagramChannel) c).toList();
    }
}
