package io.monocoque.zmq.interop;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.PyzmqInterpreter;
import io.monocoque.zmq.transport.Socks5TestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A libzmq client and a Monocoque client, with the same SOCKS options, ask the same SOCKS5 proxy
 * for the same thing: a host name passed on unresolved, username/password authentication.
 */
@Timeout(60)
class LibzmqSocksInteropTest {

    @Test
    void libzmqAndMonocoqueAskTheProxyAlike() throws Exception {
        PyzmqInterpreter.assumeAvailable();
        try (PyZmq python = new PyZmq();
             Socks5TestProxy proxy = Socks5TestProxy.requiring("alice", "s3cret");
             ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind("tcp://127.0.0.1:*");
            String endpoint = "tcp://localhost:" + pull.lastEndpoint().substring(pull.lastEndpoint().lastIndexOf(':') + 1);

            PyZmq.PythonPeer libzmq = python.startScript(LibzmqIpv6InteropTest.SCRIPT, List.of("send", "push",
                    "--connect", endpoint, "--count", "1", "--sockopt", "SOCKS_PROXY=" + proxy.address(),
                    "--sockopt", "SOCKS_USERNAME=alice", "--sockopt", "SOCKS_PASSWORD=s3cret"));
            libzmq.awaitReady();
            assertThat(pull.receive(InteropPeer.STEP)).as("libzmq's message through the proxy").isEqualTo(ZmqMessage.of("m-0"));
            libzmq.tell("DONE");

            push.setOption(SocketOption.SOCKS_PROXY, proxy.address());
            push.setOption(SocketOption.SOCKS_USERNAME, "alice");
            push.setOption(SocketOption.SOCKS_PASSWORD, "s3cret");
            push.connect(endpoint);
            push.send("m-0");
            assertThat(pull.receive(InteropPeer.STEP)).as("Monocoque's message through the proxy").isEqualTo(ZmqMessage.of("m-0"));

            List<Socks5TestProxy.Request> requests = proxy.requests();
            assertThat(requests).hasSize(2);
            assertThat(requests.get(1)).as("Monocoque's CONNECT next to libzmq's").isEqualTo(requests.get(0));
            assertThat(requests.get(0).host()).isEqualTo("localhost");
        }
    }
}
