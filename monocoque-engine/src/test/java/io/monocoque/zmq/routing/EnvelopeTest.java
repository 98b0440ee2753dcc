package io.monocoque.zmq.routing;

import io.monocoque.zmq.ZmqMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EnvelopeTest {

    @Test
    void aRequestsEnvelopeIsEveryFrameUpToAndIncludingTheFirstEmptyOne() {
        ZmqMessage request = ZmqMessage.of("hop2", "hop1", "", "body", "", "more");
        Envelope env = Envelope.ofRequest(request);
        assertThat(env.size()).isEqualTo(3);
        assertThat(env.unwrap(request)).isEqualTo(ZmqMessage.of("body", "", "more"));
        assertThat(env.wrap(ZmqMessage.of("reply"))).isEqualTo(ZmqMessage.of("hop2", "hop1", "", "reply"));
    }

    @Test
    void aMessageWithoutADelimiterOrWithoutABodyIsNoRequest() {
        assertThat(Envelope.ofRequest(ZmqMessage.of("a", "b"))).isNull();
        assertThat(Envelope.ofRequest(ZmqMessage.of("a", ""))).isNull();
    }

    @Test
    void aReplyIsEnclosedOnlyByExactlyTheEnvelopeItsRequestWentOutIn() {
        Envelope sent = Envelope.of(new byte[] {1, 2, 3, 4}, Envelope.DELIMITER);
        assertThat(sent.encloses(ZmqMessage.of(new byte[] {1, 2, 3, 4}, new byte[0], "r".getBytes()))).isTrue();
        assertThat(sent.encloses(ZmqMessage.of(new byte[] {1, 2, 3, 5}, new byte[0], "r".getBytes()))).isFalse();
        assertThat(sent.encloses(ZmqMessage.of(new byte[] {1, 2, 3, 4}, new byte[0]))).as("no body").isFalse();
        assertThat(Envelope.delimiter().encloses(ZmqMessage.of("", "r"))).isTrue();
        assertThat(Envelope.delimiter().encloses(ZmqMessage.of("x", "r"))).isFalse();
    }

    @Test
    void aPrefixEnvelopeKeepsTheGivenNumberOfFrames() {
        ZmqMessage m = ZmqMessage.of("id", "", "STATISTICS");
        Envelope env = Envelope.prefix(m, m.size() - 1);
        assertThat(env.wrap(ZmqMessage.of("answer"))).isEqualTo(ZmqMessage.of("id", "", "answer"));
        assertThat(Envelope.prefix(m, 0).wrap(ZmqMessage.of("x"))).isEqualTo(ZmqMessage.of("x"));
    }
}
