package io.monocoque.zmq;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {

    @Test
    void pushPullOverTcp() {
        try (ZmqContext ctx = ZmqContext.create()) {
            ZmqSocket pull = ctx.createSocket(SocketType.PULL);
            pull.bind("tcp://127.0.0.1:*");
            ZmqSocket push = ctx.createSocket(SocketType.PUSH);
            push.connect(pull.lastEndpoint());
            for (int i = 0; i < 10000; i++) {
                push.send(ZmqMessage.of("a", Integer.toString(i)));
            }
            for (int i = 0; i < 10000; i++) {
                ZmqMessage m = pull.receive(Duration.ofSeconds(5));
                assertThat(m).isNotNull();
                assertThat(m.frameString(1)).isEqualTo(Integer.toString(i));
            }
        }
    }

    @Test
    void reqRepOverTcp() {
        try (ZmqContext ctx = ZmqContext.create()) {
            ZmqSocket rep = ctx.createSocket(SocketType.REP);
            rep.bind("tcp://127.0.0.1:*");
            ZmqSocket req = ctx.createSocket(SocketType.REQ);
            req.connect(rep.lastEndpoint());
            for (int i = 0; i < 100; i++) {
                req.send("hello " + i);
                assertThat(rep.receive(Duration.ofSeconds(5)).frameString(0)).isEqualTo("hello " + i);
                rep.send("world " + i);
                assertThat(req.receive(Duration.ofSeconds(5)).frameString(0)).isEqualTo("world " + i);
            }
        }
    }

    @Test
    void pubSubOverInproc() throws Exception {
        try (ZmqContext ctx = ZmqContext.create()) {
            ZmqSocket pub = ctx.createSocket(SocketType.PUB);
            pub.bind("inproc://feed");
            ZmqSocket sub = ctx.createSocket(SocketType.SUB);
            sub.subscribe("A");
            sub.connect("inproc://feed");
            Thread.sleep(50);
            pub.send(ZmqMessage.of("B", "no"));
            pub.send(ZmqMessage.of("A", "yes"));
            assertThat(sub.receive(Duration.ofSeconds(5)).frameString(1)).isEqualTo("yes");
        }
    }
}
