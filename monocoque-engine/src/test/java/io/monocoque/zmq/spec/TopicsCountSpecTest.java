package io.monocoque.zmq.spec;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * libzmq 4.3.5's draft ZMQ_TOPICS_COUNT as its test_pubsub_topics_count.cpp counts: the distinct
 * prefixes a SUB subscribed to, and those its PUB applied, independent or nested, down to zero.
 */
class TopicsCountSpecTest extends SpecTestBase {

    private static int topics(ZmqSocket s) {
        return s.getOption(SocketOption.TOPICS_COUNT);
    }

    private static void awaitTopics(ZmqSocket pub, int n) {
        Awaitility.await().atMost(TIMEOUT).until(() -> topics(pub) == n);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void independentPrefixesAreCountedOnBothSidesDownToZero(Transport t) {
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = bind(pub, t);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.connect(endpoint);
        sub.subscribe("topicprefix1");
        sub.subscribe("topicprefix2");
        sub.subscribe("topicprefix3");
        assertThat(topics(sub)).isEqualTo(3);
        awaitTopics(pub, 3);
        sub.unsubscribe("topicprefix3");
        assertThat(topics(sub)).isEqualTo(2);
        awaitTopics(pub, 2);
        sub.unsubscribe("topicprefix1");
        sub.unsubscribe("topicprefix2");
        assertThat(topics(sub)).isZero();
        awaitTopics(pub, 0);
    }

    @Test
    void nestedPrefixesCountEachAndARepeatedOneOnce() {
        ZmqSocket pub = socket(SocketType.XPUB);
        String endpoint = bind(pub, Transport.INPROC);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.connect(endpoint);
        sub.subscribe("a");
        sub.subscribe("ab");
        sub.subscribe("abc");
        sub.subscribe("ab");
        assertThat(topics(sub)).isEqualTo(3);
        awaitTopics(pub, 3);
        sub.unsubscribe("ab"); // still subscribed once
        assertThat(topics(sub)).isEqualTo(3);
        sub.unsubscribe("ab");
        assertThat(topics(sub)).isEqualTo(2);
        awaitTopics(pub, 2);
    }

    @Test
    void otherSocketTypesRefuseItWithEinval() {
        ZmqSocket req = socket(SocketType.REQ);
        assertThatThrownBy(() -> topics(req))
                .isInstanceOfSatisfying(ZmqException.class, e -> assertThat(e.error()).isEqualTo(ZmqError.EINVAL));
        assertThatThrownBy(() -> req.setOption(SocketOption.TOPICS_COUNT, 1)).isInstanceOf(ZmqException.class);
    }
}
