package io.monocoque.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.core.ZmqTemplate;
import io.monocoque.test.ZmqMessageAssert;
import io.monocoque.test.ZmqTestPeer;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What a test of the application can do whichever transport its endpoints moved to. */
abstract class LocalEndpointsContract {

    @Autowired
    ZmqTestEndpoints zmq;

    @Autowired
    ZmqTemplate template;

    @Autowired
    LocalEndpointsApplication.Listeners listeners;

    @Test
    void aListenerGetsWhatItsPeerSends() throws InterruptedException {
        try (ZmqTestPeer client = zmq.peer("orders")) {
            assertThat(client.type()).isEqualTo(SocketType.PUSH);
            client.send("order-1");
        }
        assertThat(listeners.orders.poll(10, TimeUnit.SECONDS)).isEqualTo("order-1");
    }

    @Test
    void aRepliesListenerAnswersItsRequestPeer() {
        try (ZmqTestPeer client = zmq.peer("quotes")) {
            client.send("ACME");
            client.assertReceived().hasFrameCount(1).hasPayload("quote:ACME");
        }
    }

    @Test
    void whatTheTemplateSendsOnAConnectingSocketReachesThePeerWaitingAtItsEndpoint() {
        assertThat(zmq.endpoints("audit")).hasSize(2);
        ZmqTestPeer audit = zmq.peer("audit");
        assertThat(audit.type()).isEqualTo(SocketType.PULL);
        template.send("audit", Map.of("event", "login", "user", "ann"));
        template.send("audit", Map.of("event", "logout", "user", "ann"));
        audit.assertReceived().hasJsonPayload("{\"user\":\"ann\",\"event\":\"login\"}");
        audit.assertReceived().hasJsonPayloadContaining("{\"event\":\"logout\"}");
        audit.close(); // a connecting socket's peer stays open for the other tests
        assertThat(zmq.peer("audit").socket().isClosed()).isFalse();
    }

    @Test
    void aSubscriberPeerGetsWhatThePublisherPublishesOnceItsSubscriptionArrived() {
        try (ZmqTestPeer subscriber = zmq.peer("ticks")) {
            assertThat(subscriber.type()).isEqualTo(SocketType.SUB);
            // PUB drops what it publishes before the subscription reaches it: publish until one arrives
            ZmqMessage[] first = new ZmqMessage[1];
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                template.send("ticks", "ACME", "101.5");
                first[0] = subscriber.socket().receive(Duration.ofMillis(50));
                return first[0] != null;
            });
            ZmqMessageAssert.assertThat(first[0]).hasTopic("ACME").hasPayload("101.5");
        }
    }

    @Test
    void everyConfiguredSocketIsListedWithItsEndpoints() {
        assertThat(zmq.sockets()).containsExactlyInAnyOrder("orders", "quotes", "ticks", "audit");
    }
}
