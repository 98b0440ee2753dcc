package io.monocoque.zmq.transport;

import io.monocoque.zmq.IoTransport;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On NIO, an unbound tcp endpoint's port is free when unbind returns. The JDK closes a listening
 * channel registered with a selector only at that selector's next select, which Netty's event
 * loop reaches after the tasks queued behind the close: the close future completed while the
 * socket still listened, and a bind of the same endpoint right after failed with EADDRINUSE in
 * most rounds on one I/O thread (its bind task ran in the same batch of tasks, before any
 * select), now and then on two.
 */
@Timeout(60)
class NioListenerReleaseTest {

    private static final int ROUNDS = 200;

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aTcpEndpointUnboundOnNioCanBeBoundAgainAtOnce(int ioThreads) {
        try (ZmqContext ctx = ZmqContext.builder().transport(IoTransport.NIO).ioThreads(ioThreads).build();
                ZmqSocket pull = ctx.createSocket(SocketType.PULL);
                ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.setOption(SocketOption.LINGER, Duration.ZERO);
            push.setOption(SocketOption.LINGER, Duration.ZERO);
            pull.bind("tcp://127.0.0.1:*");
            String endpoint = pull.lastEndpoint();
            for (int round = 0; round < ROUNDS; round++) {
                pull.unbind(endpoint);
                pull.bind(endpoint); // threw EADDRINUSE
            }
            push.connect(endpoint);
            push.send(ZmqMessage.of("after " + ROUNDS + " rebinds"));
            ZmqMessage m = pull.receive(Duration.ofSeconds(20));
            assertThat(m).isNotNull();
            assertThat(m.frameString(0)).isEqualTo("after " + ROUNDS + " rebinds");
        }
    }

    @Test
    void onNioAnUnboundTcpPortIsFreeForAnotherListenerWhenUnbindReturns() throws IOException {
        try (ZmqContext ctx = ZmqContext.builder().transport(IoTransport.NIO).build();
                ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            pull.setOption(SocketOption.LINGER, Duration.ZERO);
            pull.bind("tcp://127.0.0.1:*");
            String endpoint = pull.lastEndpoint();
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), URI.create(endpoint).getPort());
            for (int round = 0; round < ROUNDS; round++) {
                pull.unbind(endpoint);
                try (ServerSocket other = new ServerSocket()) {
                    other.bind(address); // threw BindException: Address already in use
                }
                pull.bind(endpoint);
            }
        }
    }
}
