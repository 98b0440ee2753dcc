package io.monocoque.samples.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.ClientContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import tools.jackson.databind.JsonNode;

/** The price feed (PUB) as SUB clients of the engine see it. */
@MarketDataTest
class PriceFeedTests {

    private static final Duration WAIT = Duration.ofSeconds(5);
    @RegisterExtension
    static final ClientContext clients = new ClientContext();

    @Autowired
    @Qualifier("prices")
    ZmqSocket prices;

    @Autowired
    MarketDataProperties properties;

    @Test
    void aSubscriberGetsTwoFrameTicksOfItsSymbolOnlyWithConsecutiveSequenceNumbers() {
        try (ZmqSocket sub = subscriber("GLOBEX")) {
            List<JsonNode> ticks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ZmqMessage m = sub.receive(WAIT);
                assertThat(m).as("tick %d within %s", i, WAIT).isNotNull();
                assertThat(m.size()).isEqualTo(2);
                assertThat(m.frameString(0)).isEqualTo("GLOBEX");
                ticks.add(Http.parse(m.frameString(1)));
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
        try (ZmqSocket sub = subscriber("")) {
            Set<String> seen = new TreeSet<>();
            for (int i = 0; i < 30 && seen.size() < 3; i++) {
                ZmqMessage m = sub.receive(WAIT);
                assertThat(m).isNotNull();
                seen.add(m.frameString(0));
                assertThat(Http.parse(m.frameString(1)).get("symbol").asString()).isEqualTo(m.frameString(0));
            }
            assertThat(seen).containsExactly("ACME", "GLOBEX", "INITECH");
        }
    }

    @Test
    void eachSymbolTicksAboutEveryHundredMilliseconds() {
        assertThat(properties.getTickInterval()).isEqualTo(Duration.ofMillis(100));
        try (ZmqSocket sub = subscriber("INITECH")) {
            assertThat(sub.receive(WAIT)).isNotNull();
            long first = System.nanoTime();
            for (int i = 0; i < 9; i++) {
                assertThat(sub.receive(WAIT)).isNotNull();
            }
            // nine intervals of 100 ms; loose bounds, as the machine may be busy
            assertThat(Duration.ofNanos(System.nanoTime() - first)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
        }
    }

    private ZmqSocket subscriber(String topic) {
        ZmqSocket sub = clients.createSocket(SocketType.SUB);
        sub.setOption(SocketOption.LINGER, Duration.ZERO);
        sub.subscribe(topic);
        sub.connect(prices.lastEndpoint());
        return sub;
    }
}
