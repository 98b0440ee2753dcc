package io.monocoque.samples.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.test.ZmqTestEndpoints;
import io.monocoque.test.ZmqTestPeer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import tools.jackson.databind.JsonNode;

/**
 * What an operator sees: the health and metrics endpoints on HTTP. (The start-up line per socket
 * is the starter's, proven by its own tests.)
 */
@MarketDataTest
class ActuatorTests {

    private static final List<String> SOCKETS = List.of("quotes", "prices", "orders", "secure-quotes");

    @Value("${local.server.port}")
    int httpPort;

    @Autowired
    ZmqTestEndpoints endpoints;

    @Test
    void healthShowsTheZmqComponentWithEverySocketItsTypeAndItsEndpoint() {
        JsonNode health = Http.getJson(httpPort, "/actuator/health");
        assertThat(health.get("status").asString()).isEqualTo("UP");
        JsonNode zmq = health.get("components").get("zmq");
        assertThat(zmq.get("status").asString()).isEqualTo("UP");
        JsonNode details = zmq.get("details").get("sockets");
        assertThat(fieldNames(details)).containsExactlyInAnyOrderElementsOf(SOCKETS);
        Map<String, String> types = Map.of("quotes", "REP", "prices", "PUB", "orders", "PULL", "secure-quotes", "ROUTER");
        for (String name : SOCKETS) {
            JsonNode socket = details.get(name);
            assertThat(socket.get("type").asString()).isEqualTo(types.get(name));
            assertThat(socket.get("endpoints").get(0).asString()).isEqualTo(endpoints.endpoint(name));
        }
    }

    @Test
    void metricsCountTheMessagesOfEachSocket() {
        double before = value("/actuator/metrics/zmq.messages.received?tag=socket:quotes");
        try (ZmqTestPeer req = endpoints.peer("quotes"); ZmqTestPeer sub = endpoints.peer("prices")) {
            req.send("{\"symbol\":\"ACME\"}").receive();
            sub.receive();
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> value("/actuator/metrics/zmq.messages.received?tag=socket:quotes") >= before + 1);
        assertThat(value("/actuator/metrics/zmq.messages.sent?tag=socket:prices")).isPositive();
        JsonNode names = Http.getJson(httpPort, "/actuator/metrics").get("names");
        List<String> all = new ArrayList<>();
        names.forEach(n -> all.add(n.asString()));
        assertThat(all).contains("zmq.messages.sent", "zmq.messages.received", "zmq.bytes.sent", "zmq.bytes.received",
                "zmq.messages.dropped", "zmq.peers", "zmq.queue.size", "zmq.handshake.failures", "zmq.reconnects",
                "zmq.listener", "marketdata.orders");
    }

    private double value(String path) {
        return Http.getJson(httpPort, path).get("measurements").get(0).get("value").asDouble();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
