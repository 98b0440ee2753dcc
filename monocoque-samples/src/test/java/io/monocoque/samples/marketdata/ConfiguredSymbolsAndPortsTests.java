package io.monocoque.samples.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Symbols, the tick interval and the ports come from properties: another set of them, another service. */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = {
        "market-data.symbols=FOO,bar",
        "market-data.tick-interval=20ms",
        "market-data.host=127.0.0.1",
        "market-data.prices-port=*",
        "market-data.orders-port=*",
        "market-data.secure-quotes-port=*"})
class ConfiguredSymbolsAndPortsTests {

    private static final int QUOTES_PORT = freePort();
    private static final Duration WAIT = Duration.ofSeconds(5);

    @DynamicPropertySource
    static void quotesPort(DynamicPropertyRegistry registry) {
        registry.add("market-data.quotes-port", () -> QUOTES_PORT);
    }

    @Autowired
    @Qualifier("prices")
    ZmqSocket prices;

    @Test
    void theQuoteServiceListensOnTheConfiguredPortAndKnowsOnlyTheConfiguredSymbols() {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket req = ctx.createSocket(SocketType.REQ)) {
            req.setOption(SocketOption.LINGER, Duration.ZERO);
            req.connect("tcp://127.0.0.1:" + QUOTES_PORT);
            req.send("{\"symbol\":\"bar\"}");
            assertThat(Http.parse(req.receive(WAIT).frameString(0)).get("symbol").asString()).isEqualTo("BAR");
            req.send("{\"symbol\":\"ACME\"}");
            assertThat(Http.parse(req.receive(WAIT).frameString(0)).get("error").asString())
                    .isEqualTo("unknown symbol 'ACME'; known symbols: FOO, BAR");
        }
    }

    @Test
    void theFeedPublishesTheConfiguredSymbolsOnly() {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket sub = ctx.createSocket(SocketType.SUB)) {
            sub.setOption(SocketOption.LINGER, Duration.ZERO);
            sub.subscribe("");
            sub.connect(prices.lastEndpoint());
            Set<String> topics = new TreeSet<>();
            for (int i = 0; i < 20; i++) {
                ZmqMessage tick = sub.receive(WAIT);
                assertThat(tick).isNotNull();
                topics.add(tick.frameString(0));
            }
            assertThat(topics).containsExactly("BAR", "FOO");
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
