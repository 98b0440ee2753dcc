package io.monocoque.zmq;

import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ZMQ_AFFINITY: a socket's connections run on the I/O threads its bit mask names, least loaded first. */
class AffinityOptionTest {

    @Test
    void eachSocketsConnectionsRunOnTheThreadItsMaskNames() {
        try (ZmqContext ctx = ZmqContext.builder().ioThreads(3).build();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.setOption(SocketOption.AFFINITY, 0b100L);
            push.setOption(SocketOption.AFFINITY, 0b010L);
            pull.bind("tcp://127.0.0.1:*");
            push.connect(pull.lastEndpoint());
            push.send("hello");
            assertThat(pull.receive(Duration.ofSeconds(5))).isNotNull();

            List<Channel> channels = ctx.io().openChannels();
            int listenerPort = port(pull.lastEndpoint());
            for (Channel ch : channels) {
                boolean pullSide = ch instanceof ServerChannel || local(ch) == listenerPort;
                assertThat(thread(ctx, ch)).as("the I/O thread of %s", ch).isEqualTo(pullSide ? 2 : 1);
            }
            assertThat(channels).hasSize(3);
        }
    }

    @Test
    void connectionsSpreadOverTheAllowedThreadsOnlyLeastLoadedFirst() {
        try (ZmqContext ctx = ZmqContext.builder().ioThreads(3).build();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            pull.setOption(SocketOption.AFFINITY, 0b011L);
            pull.bind("tcp://127.0.0.1:*");
            List<ZmqSocket> pushes = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    ZmqSocket push = ctx.createSocket(SocketType.PUSH);
                    pushes.add(push);
                    push.setOption(SocketOption.AFFINITY, 0b100L); // out of the way of the count
                    push.connect(pull.lastEndpoint());
                    push.send("m" + i);
                    // one at a time: each accept sees the load the previous ones left
                    assertThat(pull.receive(Duration.ofSeconds(5))).isNotNull();
                }
                int port = port(pull.lastEndpoint());
                Map<Integer, Long> perThread = ctx.io().openChannels().stream()
                        .filter(ch -> ch instanceof ServerChannel || local(ch) == port)
                        .collect(Collectors.groupingBy(ch -> thread(ctx, ch), Collectors.counting()));
                // the listener and five accepted connections: three on each allowed thread, none on the third
                assertThat(perThread).containsOnly(Map.entry(0, 3L), Map.entry(1, 3L));
            } finally {
                pushes.forEach(ZmqSocket::close);
            }
        }
    }

    @Test
    void aMaskNamingNoThreadOfTheContextIsRefused() {
        try (ZmqContext ctx = ZmqContext.builder().ioThreads(2).build();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            assertThat(pull.getOption(SocketOption.AFFINITY)).isZero();
            pull.setOption(SocketOption.AFFINITY, 0b100L);
            assertThatThrownBy(() -> pull.bind("tcp://127.0.0.1:*"))
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL))
                    .hasMessageContaining("affinity 0x4").hasMessageContaining("2 I/O thread");
            assertThatThrownBy(() -> pull.connect("tcp://127.0.0.1:5555")).isInstanceOf(ZmqException.class);
            pull.bind("inproc://affinity-does-not-apply");
        }
    }

    /** The index of the I/O thread a channel runs on, in the context's order. */
    private static int thread(ZmqContext ctx, Channel ch) {
        int i = 0;
        for (EventExecutor loop : ctx.io().group()) {
            if (loop == ch.eventLoop()) {
                return i;
            }
            i++;
        }
        throw new AssertionError(ch + " runs on none of the context's threads");
    }

    private static int local(Channel ch) {
        return ((java.net.InetSocketAddress) ch.localAddress()).getPort();
    }

    private static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }
}
