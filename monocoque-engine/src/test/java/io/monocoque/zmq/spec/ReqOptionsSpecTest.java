package io.monocoque.zmq.spec;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * REQ_RELAXED and REQ_CORRELATE between Monocoque sockets: a ROUTER plays the server, so the
 * test sees the envelope on the wire and can answer requests late or out of order. Against
 * libzmq: {@code interop.LibzmqSocketOptionsTest}.
 */
class ReqOptionsSpecTest extends SpecTestBase {

    @Test
    void aStrictReqRefusesASecondRequestAndSaysWhichOptionWouldAllowIt() {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = bind(router, Transport.INPROC);
        ZmqSocket req = socket(SocketType.REQ);
        req.connect(endpoint);
        send(req, "first");
        assertThatThrownBy(() -> req.trySend(ZmqMessage.of("second")))
                .isInstanceOfSatisfying(ZmqException.class, e -> {
                    assertThat(e.error()).isEqualTo(ZmqError.EFSM);
                    assertThat(e.getMessage()).contains("req-relaxed");
                });
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aRelaxedReqMaySendAgainWhenAReplyIsLostAndGetsTheNewReply(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = bind(router, t);
        ZmqSocket req = socket(SocketType.REQ);
        req.setOption(SocketOption.REQ_RELAXED, true);
        req.connect(endpoint);
        send(req, "first");
        ZmqMessage first = recv(router);
        assertThat(frames(first).subList(1, 3)).containsExactly("", "first");
        // The reply to "first" never comes; a strict REQ would be stuck in EFSM here.
        send(req, "second");
        ZmqMessage second = recv(router);
        assertThat(frames(second).subList(1, 3)).containsExactly("", "second");
        reply(router, second, "answer to second");
        assertThat(recvFrames(req)).containsExactly("answer to second");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void withoutCorrelateARelaxedReqTakesALateReplyForTheNewRequest(Transport t) {
        // libzmq's documented caveat, and the reason REQ_CORRELATE exists.
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = bind(router, t);
        ZmqSocket req = socket(SocketType.REQ);
        req.setOption(SocketOption.REQ_RELAXED, true);
        req.connect(endpoint);
        send(req, "first");
        ZmqMessage first = recv(router);
        send(req, "second");
        recv(router);
        reply(router, first, "late answer to first");
        assertThat(recvFrames(req)).containsExactly("late answer to first");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void withCorrelateEachRequestCarriesAFourByteIdAndALateReplyIsDropped(Transport t) {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = bind(router, t);
        ZmqSocket req = socket(SocketType.REQ);
        req.setOption(SocketOption.REQ_RELAXED, true);
        req.setOption(SocketOption.REQ_CORRELATE, true);
        req.connect(endpoint);
        send(req, "first");
        ZmqMessage first = recv(router);
        assertThat(first.size()).isEqualTo(4); // routing id, request id, delimiter, body
        assertThat(first.frameLength(1)).isEqualTo(4);
        assertThat(first.frameLength(2)).isZero();
        send(req, "second");
        ZmqMessage second = recv(router);
        assertThat(second.frame(1)).as("a new id per request").isNotEqualTo(first.frame(1));

        router.send(ZmqMessage.of(first.frame(0), first.frame(1), new byte[0], "late answer to first".getBytes()));
        router.send(ZmqMessage.of(second.frame(0), second.frame(1), new byte[0], "answer to second".getBytes()));
        // Had the late reply been taken, this would be it.
        assertThat(recvFrames(req)).containsExactly("answer to second");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aCorrelatingReqWorksWithAPlainRepThatKeepsTheIdInTheEnvelope(Transport t) {
        ZmqSocket rep = socket(SocketType.REP);
        String endpoint = bind(rep, t);
        ZmqSocket req = socket(SocketType.REQ);
        req.setOption(SocketOption.REQ_CORRELATE, true);
        req.connect(endpoint);
        for (int i = 0; i < 3; i++) {
            send(req, "ping " + i);
            assertThat(recvFrames(rep)).containsExactly("ping " + i);
            send(rep, "pong " + i);
            assertThat(recvFrames(req)).containsExactly("pong " + i);
        }
    }

    /** Answers a request a ROUTER received (its routing id is binary: a generated one) inside the REQ's envelope. */
    private static void reply(ZmqSocket router, ZmqMessage request, String body) {
        assertThat(router.send(ZmqMessage.of(request.frame(0), new byte[0], body.getBytes()), TIMEOUT)).isTrue();
    }

    @Test
    void theReqAndHandoverOptionsAreRefusedOnOtherSocketTypesAsLibzmqRefusesThem() {
        ZmqSocket dealer = socket(SocketType.DEALER);
        for (SocketOption<Boolean> option : java.util.List.of(SocketOption.REQ_RELAXED, SocketOption.REQ_CORRELATE,
                SocketOption.ROUTER_HANDOVER)) {
            assertThatThrownBy(() -> dealer.setOption(option, true))
                    .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL))
                    .hasMessageContaining(option.name()).hasMessageContaining("not to a DEALER");
        }
        socket(SocketType.REQ).setOption(SocketOption.REQ_RELAXED, true);
        socket(SocketType.ROUTER).setOption(SocketOption.ROUTER_HANDOVER, true);
    }

    @Test
    void aNewRequestDiscardsRepliesThatArrivedForEarlierOnes() {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = bind(router, Transport.INPROC);
        ZmqSocket req = socket(SocketType.REQ);
        req.setOption(SocketOption.REQ_RELAXED, true);
        req.connect(endpoint);
        send(req, "first");
        ZmqMessage first = recv(router);
        reply(router, first, "answer to first, never read");
        send(req, "second");
        ZmqMessage second = recv(router);
        reply(router, second, "answer to second");
        assertThat(recvFrames(req)).containsExactly("answer to second");
    }
}
