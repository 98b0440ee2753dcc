package io.monocoque.samples.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.test.ZmqTestEndpoints;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import tools.jackson.databind.JsonNode;

/**
 * libzmq (through pyzmq) talks to the running sample with the python clients of docs/sample.md, run as
 * child processes exactly as a reader runs them, only with the ephemeral endpoints of the test.
 */
@MarketDataTest
class PythonClientsTests {

    @Autowired
    ZmqTestEndpoints zmq;

    @Value("${local.server.port}")
    int httpPort;

    @Test
    void quotePyGetsAQuoteAndAnErrorReplyForAnUnknownSymbol() {
        PythonClients.Run known = PythonClients.run("quote.py", "GLOBEX", "--endpoint", zmq.endpoint("quotes"));
        assertThat(known.exitCode()).as(known.toString()).isZero();
        JsonNode quote = Http.parse(known.lines().get(0));
        assertThat(quote.get("symbol").asString()).isEqualTo("GLOBEX");
        assertThat(quote.get("ask").decimalValue()).isGreaterThan(quote.get("bid").decimalValue());
        assertThat(quote.get("timestamp").asString()).isNotEmpty();

        PythonClients.Run unknown = PythonClients.run("quote.py", "NOPE", "--endpoint", zmq.endpoint("quotes"));
        assertThat(unknown.exitCode()).as(unknown.toString()).isZero();
        assertThat(Http.parse(unknown.lines().get(0)).get("error").asString()).startsWith("unknown symbol 'NOPE'");
    }

    @Test
    void pricesPyReceivesTwoFrameTicksOfTheSymbolsItSubscribedTo() {
        PythonClients.Run run = PythonClients.run("prices.py", "ACME", "INITECH", "--count", "6", "--endpoint",
                zmq.endpoint("prices"));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.lines();
        assertThat(lines).hasSize(6);
        for (String line : lines) {
            String topic = line.substring(0, line.indexOf(' '));
            JsonNode tick = Http.parse(line.substring(line.indexOf(' ') + 1));
            assertThat(topic).isIn("ACME", "INITECH");
            assertThat(tick.get("symbol").asString()).isEqualTo(topic);
            assertThat(tick.get("price").decimalValue()).isPositive();
            assertThat(tick.get("seq").asLong()).isPositive();
        }
    }

    @Test
    void orderPyPushesAnOrderThatIsAccepted() {
        long before = Http.getJson(httpPort, "/orders/stats").get("accepted").asLong();
        PythonClients.Run run = PythonClients.run("order.py", "INITECH", "SELL", "250", "--endpoint", zmq.endpoint("orders"));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Http.getJson(httpPort, "/orders/stats").get("accepted").asLong() > before);
    }

    @Test
    void secureQuotePyGetsAQuoteOverCurveWithReqAndWithDealer() {
        for (String socketType : List.of("req", "dealer")) {
            PythonClients.Run run = socketType.equals("req")
                    ? PythonClients.run("secure_quote.py", "ACME", "--endpoint", zmq.endpoint("secure-quotes"))
                    : PythonClients.run("secure_quote.py", "ACME", "--dealer", "--endpoint", zmq.endpoint("secure-quotes"));
            assertThat(run.exitCode()).as("%s: %s", socketType, run).isZero();
            assertThat(Http.parse(run.lines().get(0)).get("symbol").asString()).as(socketType).isEqualTo("ACME");
        }
    }
}
