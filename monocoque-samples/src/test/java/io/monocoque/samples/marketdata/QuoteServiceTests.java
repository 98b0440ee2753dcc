package io.monocoque.samples.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.test.ZmqTestEndpoints;
import io.monocoque.test.ZmqContextExtension;
import io.monocoque.test.ZmqTestPeer;
import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqSocket;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

/** The quote service (REP) driven by REQ test peers, over tcp. */
@MarketDataTest
class QuoteServiceTests {

    private static final Duration WAIT = Duration.ofSeconds(5);
    @RegisterExtension
    static final ZmqContextExtension clients = new ZmqContextExtension();

    @Autowired
    ZmqTestEndpoints zmq;

    @Test
    void aKnownSymbolGetsATwoSidedQuoteWithATimestamp() {
        Instant before = Instant.now();
        JsonNode quote = ask("{\"symbol\":\"ACME\"}");

        assertThat(quote.has("error")).as(quote.toString()).isFalse();
        assertThat(quote.get("symbol").asString()).isEqualTo("ACME");
        BigDecimal bid = quote.get("bid").decimalValue();
        BigDecimal ask = quote.get("ask").decimalValue();
        assertThat(bid).isPositive();
        assertThat(ask).isGreaterThan(bid);
        assertThat(Instant.parse(quote.get("timestamp").asString())).isBetween(before, Instant.now());
    }

    @Test
    void symbolsAreMatchedWhateverTheirCase() {
        assertThat(ask("{\"symbol\":\" globex \"}").get("symbol").asString()).isEqualTo("GLOBEX");
    }

    @Test
    void anUnknownSymbolGetsAnErrorReplyThatNamesTheKnownOnes() {
        JsonNode reply = ask("{\"symbol\":\"NOPE\"}");
        assertThat(reply.get("error").asString()).isEqualTo("unknown symbol 'NOPE'; known symbols: ACME, GLOBEX, INITECH");
    }

    @Test
    void aRequestWithoutASymbolGetsAnErrorReply() {
        assertThat(ask("{}").get("error").asString()).startsWith("a symbol is required");
        assertThat(ask("{\"symbol\":\"  \"}").get("error").asString()).startsWith("a symbol is required");
    }

    @Test
    void malformedRequestsGetAnErrorReplyAndTheServiceGoesOn() {
        for (String malformed : List.of("not json", "{\"symbol\":", "\"ACME\"", "[\"ACME\"]", "null", "")) {
            assertThat(ask(malformed).get("error").asString()).as("reply to %s", malformed).isEqualTo(QuoteErrorReplies.MALFORMED);
        }
        assertThat(ask("{\"symbol\":\"INITECH\"}").get("symbol").asString()).isEqualTo("INITECH");
    }

    @Test
    @SuppressWarnings("try") // the monitor handle is only there to be closed
    void aRequestAboveTheMaxMessageSizeCostsThatClientItsConnectionAndNothingElse() throws Exception {
        List<MonitorEvent> events = new CopyOnWriteArrayList<>();
        try (ZmqSocket greedy = clients.socket(SocketType.REQ); AutoCloseable monitor = greedy.monitor(events::add)) {
            greedy.setOption(SocketOption.LINGER, Duration.ZERO);
            greedy.setOption(SocketOption.RECONNECT_INTERVAL, Duration.ofSeconds(30)); // stay disconnected for the test
            greedy.connect(zmq.endpoint("quotes"));
            greedy.send(new byte[65 * 1024]); // application.yml: max-message-size 64KB
            await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.type() == MonitorEventType.DISCONNECTED));
            assertThat(greedy.tryReceive()).isNull();
        }
        assertThat(ask("{\"symbol\":\"ACME\"}").get("symbol").asString()).isEqualTo("ACME");
    }

    @Test
    void manyClientsAtOnceEachGetTheirOwnQuote() {
        List<String> symbols = List.of("ACME", "GLOBEX", "INITECH", "ACME", "GLOBEX", "INITECH");
        List<CompletableFuture<JsonNode>> replies = new ArrayList<>();
        for (String symbol : symbols) {
            replies.add(CompletableFuture.supplyAsync(() -> ask("{\"symbol\":\"" + symbol + "\"}")));
        }
        for (int i = 0; i < symbols.size(); i++) {
            assertThat(replies.get(i).join().get("symbol").asString()).isEqualTo(symbols.get(i));
        }
    }

    /** One request from a fresh REQ test peer; the reply parsed. */
    private JsonNode ask(String request) {
        try (ZmqTestPeer client = zmq.peer("quotes").withTimeout(WAIT)) {
            client.send(request);
            return client.assertReceived().hasFrameCount(1).payloadJson();
        }
    }
}
