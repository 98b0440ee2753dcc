package io.monocoque.zmq.interop;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.PyzmqInterpreter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ZMQ_IPV6 against libzmq 4.3: the same binds resolve to the same endpoints on both, and each
 * side's dual-stack wildcard listener takes the other's IPv4 and IPv6 connections.
 */
@Timeout(60)
class LibzmqIpv6InteropTest {

    static final String SCRIPT = "/interop/option_peer.py";

    private PyZmq python;
    private ZmqContext ctx;

    @BeforeEach
    void start() {
        PyzmqInterpreter.assumeAvailable();
        python = new PyZmq();
        ctx = ZmqContext.create();
    }

    @AfterEach
    void stop() {
        try {
            if (python != null) {
                python.close();
            }
        } finally {
            if (ctx != null) {
                ctx.close();
            }
        }
    }

    @Test
    void aBindResolvesToTheEndpointLibzmqReportsWithAndWithoutIpv6() {
        for (String[] c : List.of(new String[] {"tcp://*:*", "0"}, new String[] {"tcp://*:*", "1"},
                new String[] {"tcp://[::1]:*", "1"}, new String[] {"tcp://127.0.0.1:*", "0"})) {
            PyZmq.PythonPeer peer = python.startScript(SCRIPT, List.of("recv", "pull", "--bind", c[0], "--sockopt", "IPV6=" + c[1]));
            String libzmq = peer.awaitReady();
            peer.tell("DONE");
            try (ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
                pull.setOption(SocketOption.IPV6, c[1].equals("1"));
                pull.bind(c[0]);
                assertThat(withoutPort(pull.lastEndpoint())).as("%s with IPV6=%s", c[0], c[1]).isEqualTo(withoutPort(libzmq));
            }
        }
    }

    @Test
    void monocoqueReachesALibzmqDualStackListenerOverIpv4AndIpv6() {
        PyZmq.PythonPeer pull = python.startScript(SCRIPT, List.of("recv", "pull", "--bind", "tcp://*:*", "--sockopt", "IPV6=1"));
        String port = port(pull.awaitReady());
        try (ZmqSocket overIpv6 = ctx.createSocket(SocketType.PUSH); ZmqSocket overIpv4 = ctx.createSocket(SocketType.PUSH)) {
            overIpv6.setOption(SocketOption.IPV6, true);
            overIpv6.connect("tcp://[::1]:" + port);
            overIpv4.connect("tcp://127.0.0.1:" + port);
            overIpv6.send("six");
            overIpv4.send("four");
            Set<String> got = new HashSet<>();
            got.add(pull.awaitLine("GOT ", InteropPeer.STEP));
            got.add(pull.awaitLine("GOT ", InteropPeer.STEP));
            assertThat(got).containsExactlyInAnyOrder("GOT six", "GOT four");
        }
        pull.tell("DONE");
    }

    @Test
    void libzmqReachesAMonocoqueDualStackListenerOverIpv6() {
        try (ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            pull.setOption(SocketOption.IPV6, true);
            pull.bind("tcp://*:*");
            PyZmq.PythonPeer push = python.startScript(SCRIPT, List.of("send", "push", "--connect",
                    "tcp://[::1]:" + port(pull.lastEndpoint()), "--sockopt", "IPV6=1", "--count", "3"));
            push.awaitReady();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ZmqMessage m = pull.receive(InteropPeer.STEP);
                assertThat(m).as("message %d from libzmq over IPv6", i).isNotNull();
                assertThat(m.peer().remoteAddress()).startsWith("[::1]:");
                got.add(m.frameString(0));
            }
            assertThat(got).containsExactly("m-0", "m-1", "m-2");
            push.tell("DONE");
        }
    }

    private static String port(String endpoint) {
        return endpoint.substring(endpoint.lastIndexOf(':') + 1);
    }

    private static String withoutPort(String endpoint) {
        return endpoint.substring(0, endpoint.lastIndexOf(':'));
    }
}
