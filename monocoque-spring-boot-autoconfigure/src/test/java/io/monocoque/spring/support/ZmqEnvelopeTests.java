package io.monocoque.spring.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;

import org.junit.jupiter.api.Test;

class ZmqEnvelopeTests {

    private static final byte[] EMPTY = new byte[0];

    @Test
    void aRouterMessageFromAReqPeerKeepsRoutingIdAndDelimiterAsTheEnvelope() {
        ZmqMessage m = ZmqMessage.of("id-1".getBytes(), EMPTY, "body".getBytes());
        ZmqEnvelope parts = ZmqEnvelope.split(m, SocketType.ROUTER, false);
        assertThat(parts.envelope()).isEqualTo(ZmqMessage.of("id-1".getBytes(), EMPTY));
        assertThat(parts.body()).isEqualTo(ZmqMessage.of("body"));
        assertThat(parts.routingIdString()).isEqualTo("id-1");
        assertThat(new String(parts.payload())).isEqualTo("body");
    }

    @Test
    void aRouterMessageFromADealerPeerHasOnlyTheRoutingIdAsEnvelope() {
        ZmqEnvelope parts = ZmqEnvelope.split(ZmqMessage.of("id-2", "a", "b"), SocketType.ROUTER, false);
        assertThat(parts.envelope()).isEqualTo(ZmqMessage.of("id-2"));
        assertThat(parts.body()).isEqualTo(ZmqMessage.of("a", "b"));
        assertThat(new String(parts.payload())).isEqualTo("b");
    }

    @Test
    void aCorrelatedRequestKeepsEveryFrameUpToTheDelimiter() {
        ZmqMessage m = ZmqMessage.of("id-3".getBytes(), new byte[] {0, 0, 0, 9}, EMPTY, "q".getBytes());
        ZmqEnvelope parts = ZmqEnvelope.split(m, SocketType.ROUTER, true);
        assertThat(parts.envelope().size()).isEqualTo(3);
        assertThat(parts.body()).isEqualTo(ZmqMessage.of("q"));
    }

    @Test
    void aRouterStandingInForRepDropsMessagesWithoutADelimiter() {
        assertThat(ZmqEnvelope.split(ZmqMessage.of("id", "no delimiter"), SocketType.ROUTER, true)).isNull();
        assertThat(ZmqEnvelope.split(ZmqMessage.of("only-id"), SocketType.ROUTER, false)).isNull();
    }

    @Test
    void aSubMessageHasItsFirstFrameAsTopicAndItsLastAsPayload() {
        ZmqEnvelope parts = ZmqEnvelope.split(ZmqMessage.of("EUR", "1.08"), SocketType.SUB, false);
        assertThat(parts.topic()).isEqualTo("EUR");
        assertThat(new String(parts.payload())).isEqualTo("1.08");
        assertThat(ZmqEnvelope.split(ZmqMessage.of("EUR 1.08"), SocketType.SUB, false).topic()).isNull();
    }

    @Test
    void aDealerDropsTheDelimiterARepPeerPutsInFrontOfItsReply() {
        ZmqEnvelope parts = ZmqEnvelope.split(ZmqMessage.of(EMPTY, "reply".getBytes()), SocketType.DEALER, false);
        assertThat(parts.body()).isEqualTo(ZmqMessage.of("reply"));
    }
}
