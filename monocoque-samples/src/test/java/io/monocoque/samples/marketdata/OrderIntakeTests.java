package io.monocoque.samples.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.test.ZmqTestEndpoints;
import io.monocoque.test.ZmqTestPeer;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import tools.jackson.databind.JsonNode;

/** The order intake (PULL) fed by a PUSH test peer; outcomes read over HTTP. */
@MarketDataTest
class OrderIntakeTests {

    @Autowired
    ZmqTestEndpoints zmq;

    @Value("${local.server.port}")
    int httpPort;

    @Test
    void validOrdersAreAcceptedAndCountedOverHttpAndAsAMeter() {
        JsonNode before = stats();
        double meterBefore = meter("accepted");

        push("{\"symbol\":\"ACME\",\"side\":\"BUY\",\"quantity\":100}",
                "{\"symbol\":\"globex\",\"side\":\"sell\",\"quantity\":5}");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> stats().get("accepted").asLong() == before.get("accepted").asLong() + 2);
        assertThat(stats().get("rejected").asLong()).isEqualTo(before.get("rejected").asLong());
        assertThat(meter("accepted")).isEqualTo(meterBefore + 2);
    }

    @Test
    void invalidAndMalformedOrdersAreRejectedWithTheReasonAndNotSilentlyDropped() {
        assertRejected("{\"symbol\":\"NOPE\",\"side\":\"BUY\",\"quantity\":1}", "unknown symbol 'NOPE'; known symbols: ACME, GLOBEX, INITECH");
        assertRejected("{\"symbol\":\"ACME\",\"side\":\"HOLD\",\"quantity\":1}", "side must be BUY or SELL, not 'HOLD'");
        assertRejected("{\"symbol\":\"ACME\",\"side\":\"BUY\",\"quantity\":0}", "quantity must be a positive whole number, not 0");
        assertRejected("{\"symbol\":\"ACME\",\"side\":\"BUY\",\"quantity\":1.5}", "quantity must be a positive whole number, not 1.5");
        assertRejected("{\"symbol\":\"ACME\",\"side\":\"BUY\"}", "quantity must be a positive whole number, not null");
        assertRejected("{\"symbol\":\"ACME\",\"side\":\"BUY\",\"quantity\":\"lots\"}", "malformed order");
        assertRejected("buy 100 ACME", "malformed order");
    }

    private void assertRejected(String order, String reason) {
        long rejectedBefore = stats().get("rejected").asLong();
        double meterBefore = meter("rejected");
        push(order);
        await().atMost(Duration.ofSeconds(10)).until(() -> stats().get("rejected").asLong() == rejectedBefore + 1);
        assertThat(stats().get("lastRejection").asString()).as("rejection of %s", order).startsWith(reason);
        assertThat(meter("rejected")).isEqualTo(meterBefore + 1);
    }

    private void push(String... bodies) {
        try (ZmqTestPeer client = zmq.peer("orders")) { // a PUSH; close flushes what it sent
            for (String body : bodies) {
                client.send(body);
            }
        }
    }

    private JsonNode stats() {
        return Http.getJson(httpPort, "/orders/stats");
    }

    private double meter(String outcome) {
        JsonNode meter = Http.getJson(httpPort, "/actuator/metrics/marketdata.orders?tag=outcome:" + outcome);
        return meter.get("measurements").get(0).get("value").asDouble();
    }
}
