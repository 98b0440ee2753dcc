package io.monocoque.samples.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.spring.test.ZmqTestEndpoints;
import io.monocoque.test.ZmqMessageAssert;
import io.monocoque.test.ZmqTestPeer;
import io.monocoque.zmq.ZmqMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

/** The price feed (PUB) as SUB test peers see it. */
@MarketDataTest
class PriceFeedTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Autowired
    ZmqTestEndpoints zmq;

    @Autowired
    MarketDataProperties properties;

    @Test
    void aSubscriberGetsTwoFrameTicksOfItsSymbolOnlyWithConsecutiveSequenceNumbers() {
        try (ZmqTestPeer sub = subscriber("GLOBEX")) {
            List<JsonNode> ticks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ticks.add(sub.assertReceived().hasFrameCount(2).hasTopic("GLOBEX").payloadJson());
            }
            for (int i = 0; i < ticks.size(); i++) {
                JsonNode tick = ticks.get(i);
                assertThat(tick.get("symbol").asString()).isEqualTo("GLOBEX");
                assertThat(tick.get("price").decimalValue()).isPositive();
                if (i > 0) {
                    assertThat(tick.get("seq").asLong()).isEqualTo(ticks.get(i - 1).get("seq").asLong() + 1);
                }
            }
        }
    }

    @Test
    void anEmptySubscriptionGetsEveryConfiguredSymbol() {
        try (ZmqTestPeer sub = subscriber("")) {
            Set<String> seen = new TreeSet<>();
            for (int i = 0; i < 30 && seen.size() < 3; i++) {
                ZmqMessage m = sub.receive();
                seen.add(m.frameString(0));
                ZmqMessageAssert.assertThat(m).hasJsonPayloadContaining("{\"symbol\":\"" + m.frameString(0) + "\"}");
            }
            assertThat(seen).containsExactly("ACME", "GLOBEX", "INITECH");
        }
    }

    @Test
    void eachSymbolTicksAboutEveryHundredMilliseconds() {
        assertThat(properties.getTickInterval()).isEqualTo(Duration.ofMillis(100));
        try (ZmqTestPeer sub = subscriber("INITECH")) {
            sub.receive();
            long first = System.nanoTime();
            for (int i = 0; i < 9; i++) {
                sub.receive();
            }
            // nine intervals of 100 ms; loose bounds, as the machine may be busy
            assertThat(Duration.ofNanos(System.nanoTime() - first)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
        }
    }

    private ZmqTestPeer subscriber(String topic) {
        return zmq.subscriber("prices", topic).withTimeout(WAIT);
    }
}
