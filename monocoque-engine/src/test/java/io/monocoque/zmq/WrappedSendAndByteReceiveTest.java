package io.monocoque.zmq;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ZmqSocket#sendWrapped}, {@link ZmqSocket#receiveBytes()} and friends: the byte-array path without message objects. */
class WrappedSendAndByteReceiveTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger INPROC = new AtomicInteger();

    private static String endpoint(String transport) {
        return transport.equals("inproc") ? "inproc://bytes-" + INPROC.incrementAndGet() : "tcp://127.0.0.1:*";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "inproc"})
    void wrappedFramesArriveInOrderAsByteArrays(String transport) {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind(endpoint(transport));
            push.connect(pull.lastEndpoint());
            // In rounds below the pipes' capacity (the HWMs), so that sending never waits for receiving.
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < 500; i++) {
                    push.sendWrapped(bytes("m" + round + "." + i));
                }
                for (int i = 0; i < 500; i++) {
                    assertThat(pull.receiveBytes(WAIT)).asString(StandardCharsets.UTF_8).isEqualTo("m" + round + "." + i);
                    assertThat(pull.hasReceiveMore()).isFalse();
                }
            }
            assertThat(push.statistics().messagesSent()).isEqualTo(5000);
            assertThat(pull.statistics().messagesReceived()).isEqualTo(5000);
            assertThat(pull.statistics().bytesReceived()).isEqualTo(push.statistics().bytesSent());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "inproc"})
    void aWrappedFrameReceivedAsAMessageNamesItsPeer(String transport) {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            push.setOption(SocketOption.ROUTING_ID, bytes("pusher"));
            pull.bind(endpoint(transport));
            push.connect(pull.lastEndpoint());
            push.sendWrapped(bytes("hello"));
            ZmqMessage m = pull.receive(WAIT);
            assertThat(m.size()).isEqualTo(1);
            assertThat(m.firstString()).isEqualTo("hello");
            assertThat(m.peer().socketType()).isEqualTo("PUSH");
        }
    }

    @Test
    void aMultiFrameMessageComesOneFramePerCallWhileMoreAreLeft() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind("tcp://127.0.0.1:*");
            push.connect(pull.lastEndpoint());
            push.send(ZmqMessage.of("a", "b", "c"));
            push.send(ZmqMessage.of("x", "y", "z"));
            push.sendWrapped(bytes("single"));

            assertThat(pull.receiveBytes(WAIT)).isEqualTo(bytes("a"));
            assertThat(pull.hasReceiveMore()).isTrue();
            assertThat(pull.tryReceiveBytes()).isEqualTo(bytes("b"));
            assertThat(pull.hasReceiveMore()).isTrue();
            assertThat(pull.receiveBytes()).isEqualTo(bytes("c"));
            assertThat(pull.hasReceiveMore()).isFalse();

            // A whole-message receive in between takes what is left of a partly taken message.
            assertThat(pull.receiveBytes(WAIT)).isEqualTo(bytes("x"));
            ZmqMessage rest = pull.receive(WAIT);
            assertThat(rest.frames()).containsExactly(bytes("y"), bytes("z"));
            assertThat(pull.hasReceiveMore()).isFalse();

            assertThat(pull.receiveBytes(WAIT)).isEqualTo(bytes("single"));
            assertThat(pull.statistics().messagesReceived()).isEqualTo(3);
        }
    }

    @Test
    void aPartlyTakenMessageCompletesTheNextAsyncReceive() throws Exception {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pull = ctx.createSocket(SocketType.PULL);
             ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            pull.bind("inproc://bytes-async");
            push.connect("inproc://bytes-async");
            push.send(ZmqMessage.of("head", "tail"));
            assertThat(pull.receiveBytes(WAIT)).isEqualTo(bytes("head"));
            ZmqMessage rest = pull.receiveAsync().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(rest.frames()).containsExactly(bytes("tail"));
        }
    }

    @Test
    void subscribersOfOnePublisherEachGetTheirOwnArray() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket pub = ctx.createSocket(SocketType.PUB);
             ZmqSocket sub1 = ctx.createSocket(SocketType.SUB);
             ZmqSocket sub2 = ctx.createSocket(SocketType.SUB)) {
            pub.bind("inproc://bytes-fanout");
            sub1.connect("inproc://bytes-fanout");
            sub2.connect("inproc://bytes-fanout");
            sub1.subscribe("");
            sub2.subscribe("");
            byte[] first = null;
            // Subscriptions reach an inproc PUB as soon as they are made, but send until both are seen.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (first == null && System.nanoTime() < deadline) {
                pub.sendWrapped(bytes("tick"));
                first = sub1.receiveBytes(Duration.ofMillis(50));
            }
            assertThat(first).isEqualTo(bytes("tick"));
            byte[] second = sub2.receiveBytes(WAIT);
            assertThat(second).isEqualTo(bytes("tick"));
            first[0] = 'X';
            assertThat(second).isEqualTo(bytes("tick"));
        }
    }

    @Test
    void reqStillWrapsAndUnwrapsItsEnvelope() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket rep = ctx.createSocket(SocketType.REP);
             ZmqSocket req = ctx.createSocket(SocketType.REQ)) {
            rep.bind("tcp://127.0.0.1:*");
            req.connect(rep.lastEndpoint());
            req.sendWrapped(bytes("ping"));
            assertThat(rep.receiveBytes(WAIT)).isEqualTo(bytes("ping"));
            assertThat(rep.hasReceiveMore()).isFalse();
            rep.sendWrapped(bytes("pong"));
            assertThat(req.receiveBytes(WAIT)).isEqualTo(bytes("pong"));
            assertThatThrownBy(() -> req.receiveBytes(Duration.ofMillis(10)))
                    .isInstanceOf(ZmqException.class)
                    .extracting(e -> ((ZmqException) e).error()).isEqualTo(ZmqError.EFSM);
        }
    }

    @Test
    void pairAndDealerPassWrappedFramesBothWays() {
        try (ZmqContext ctx = ZmqContext.create();
             ZmqSocket a = ctx.createSocket(SocketType.PAIR);
             ZmqSocket b = ctx.createSocket(SocketType.PAIR);
             ZmqSocket router = ctx.createSocket(SocketType.ROUTER);
             ZmqSocket dealer = ctx.createSocket(SocketType.DEALER)) {
            a.bind("inproc://bytes-pair");
            b.connect("inproc://bytes-pair");
            a.sendWrapped(bytes("to-b"));
            b.sendWrapped(bytes("to-a"));
            assertThat(b.receiveBytes(WAIT)).isEqualTo(bytes("to-b"));
            assertThat(a.receiveBytes(WAIT)).isEqualTo(bytes("to-a"));

            router.bind("tcp://127.0.0.1:*");
            dealer.connect(router.lastEndpoint());
            dealer.sendWrapped(bytes("request"));
            ZmqMessage atRouter = router.receive(WAIT);
            assertThat(atRouter.size()).isEqualTo(2);
            assertThat(atRouter.lastString()).isEqualTo("request");
            router.send(ZmqMessage.of(atRouter.frame(0), bytes("reply")));
            assertThat(dealer.receiveBytes(WAIT)).isEqualTo(bytes("reply"));
        }
    }

    @Test
    void nothingWaitingMeansNullOrEagain() {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket pull = ctx.createSocket(SocketType.PULL)) {
            pull.bind("tcp://127.0.0.1:*");
            assertThat(pull.tryReceiveBytes()).isNull();
            assertThat(pull.receiveBytes(Duration.ofMillis(20))).isNull();
            pull.setOption(SocketOption.RECEIVE_TIMEOUT, Duration.ofMillis(20));
            assertThatThrownBy(pull::receiveBytes)
                    .isInstanceOf(ZmqException.class)
                    .extracting(e -> ((ZmqException) e).error()).isEqualTo(ZmqError.EAGAIN);
        }
    }

    @Test
    void trySendWrappedRefusesWithoutAPeer() {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket push = ctx.createSocket(SocketType.PUSH)) {
            assertThat(push.trySendWrapped(bytes("nobody"))).isFalse();
            assertThatThrownBy(() -> push.sendWrapped(null)).isInstanceOf(NullPointerException.class);
        }
    }
}
