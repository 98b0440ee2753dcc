package io.monocoque.spring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/** {@link ZmqTemplate} against real peers: sends with framing, request/reply over REQ and DEALER. */
@SpringBootTest(classes = ZmqTemplateIntegrationTests.TemplateApplication.class, properties = {
        "monocoque.sockets.out.type=push", "monocoque.sockets.out.bind=inproc://out",
        "monocoque.sockets.feed.type=pub", "monocoque.sockets.feed.bind=inproc://feed",
        "monocoque.sockets.clients.type=router", "monocoque.sockets.clients.bind=inproc://clients",
        "monocoque.sockets.quotes-req.type=req", "monocoque.sockets.quotes-req.connect=inproc://quote-service",
        "monocoque.sockets.quotes-dealer.type=dealer", "monocoque.sockets.quotes-dealer.connect=inproc://quote-router",
        "monocoque.sockets.slow-req.type=req", "monocoque.sockets.slow-req.connect=inproc://slow-service",
        "monocoque.sockets.slow-dealer.type=dealer", "monocoque.sockets.slow-dealer.connect=inproc://slow-router"})
class ZmqTemplateIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Autowired
    ZmqTemplate template;

    @Autowired
    ZmqContext context;

    @Test
    void aPayloadIsSentAsOneConvertedFrame() {
        try (ZmqSocket pull = context.createSocket(SocketType.PULL)) {
            pull.connect("inproc://out");
            template.send("out", new Quote("EURUSD", 1.08));
            template.send("out", "plain text");
            template.send("out", new byte[] {1, 2, 3});
            template.convertAndSend("out", "through MessageSendingOperations");
            assertThat(pull.receive(WAIT).frameString(0)).isEqualTo("{\"symbol\":\"EURUSD\",\"price\":1.08}");
            assertThat(pull.receive(WAIT).frameString(0)).isEqualTo("plain text");
            assertThat(pull.receive(WAIT).frame(0)).containsExactly(1, 2, 3);
            assertThat(pull.receive(WAIT).frameString(0)).isEqualTo("through MessageSendingOperations");
        }
    }

    @Test
    void aZmqMessageIsSentAsItIsWithEveryFrame() {
        try (ZmqSocket pull = context.createSocket(SocketType.PULL)) {
            pull.connect("inproc://out");
            template.send("out", ZmqMessage.of("a", "b", "c"));
            assertThat(pull.receive(WAIT)).isEqualTo(ZmqMessage.of("a", "b", "c"));
        }
    }

    @Test
    void aTopicGoesInFrontOfThePayloadOnAPubSocket() {
        try (ZmqSocket sub = context.createSocket(SocketType.SUB)) {
            sub.subscribe("EUR");
            sub.connect("inproc://feed");
            await().atMost(WAIT).until(() -> {
                template.send("feed", "EUR", new Quote("EURUSD", 1.1));
                return sub.receive(Duration.ofMillis(50)) != null;
            });
            Message<Quote> withHeader = MessageBuilder.withPayload(new Quote("EURGBP", 0.86)).setHeader(ZmqHeaders.TOPIC, "EUR").build();
            template.send("feed", withHeader);
            ZmqMessage received = sub.receive(WAIT);
            while (!received.lastString().contains("EURGBP")) {
                received = sub.receive(WAIT);
            }
            assertThat(received.size()).isEqualTo(2);
            assertThat(received.frameString(0)).isEqualTo("EUR");
            assertThat(received.frameString(1)).isEqualTo("{\"symbol\":\"EURGBP\",\"price\":0.86}");
        }
    }

    @Test
    void aRouterSendsToThePeerNamedByTheRoutingIdHeader() {
        try (ZmqSocket dealer = context.createSocket(SocketType.DEALER)) {
            dealer.setOption(SocketOption.ROUTING_ID, "client-1".getBytes(StandardCharsets.UTF_8));
            dealer.connect("inproc://clients");
            dealer.send("hello");
            template.send("clients", MessageBuilder.withPayload("for client-1").setHeader(ZmqHeaders.ROUTING_ID, "client-1").build());
            assertThat(dealer.receive(WAIT).frameString(0)).isEqualTo("for client-1");
            assertThatThrownBy(() -> template.send("clients", "nobody"))
                    .hasMessageContaining(ZmqHeaders.ROUTING_ID);
        }
    }

    @Test
    void requestReplyOverReqConvertsTheReply() {
        Quote quote = template.sendAndReceive("quotes-req", new QuoteRequest("EURUSD"), Quote.class, WAIT);
        assertThat(quote).isEqualTo(new Quote("EURUSD", 1.08));
        assertThat(template.sendAndReceive("quotes-req", new QuoteRequest("GBPUSD"), String.class))
                .isEqualTo("{\"symbol\":\"GBPUSD\",\"price\":1.08}");
    }

    @Test
    void requestReplyOverDealerMatchesRepliesToConcurrentRequests() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Quote>> replies = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String symbol = "SYM" + i;
                replies.add(pool.submit(() -> template.sendAndReceive("quotes-dealer", new QuoteRequest(symbol), Quote.class, WAIT)));
            }
            for (int i = 0; i < 32; i++) {
                assertThat(replies.get(i).get(10, TimeUnit.SECONDS).symbol()).isEqualTo("SYM" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRawReplyIsAvailableAsZmqMessageOrSpringMessage() {
        ZmqMessage raw = template.sendAndReceive("quotes-dealer", new QuoteRequest("RAW"), ZmqMessage.class, WAIT);
        assertThat(raw.size()).isEqualTo(1);
        assertThat(raw.frameString(0)).contains("RAW");
        Message<?> reply = template.sendAndReceive("quotes-dealer", MessageBuilder.withPayload("{\"symbol\":\"MSG\"}").build());
        assertThat(reply).isNotNull();
        assertThat(reply.getHeaders().get(ZmqHeaders.SOCKET)).isEqualTo("quotes-dealer");
    }

    @Test
    void aDealerRequestThatTimesOutFailsAndItsLateReplyIsDropped() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> template.sendAndReceive("slow-dealer", "late", String.class, Duration.ofMillis(100)))
                .isInstanceOf(ZmqReplyTimeoutException.class)
                .hasMessageContaining("slow-dealer").hasMessageContaining("100 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(600));
        // The late reply to "late" arrives while this request waits: it must not be taken for this one's.
        assertThat(template.sendAndReceive("slow-dealer", "fast", String.class, WAIT)).isEqualTo("re: fast");
    }

    @Test
    void aReqSocketRecoversOnceTheReplyToATimedOutRequestHasCome() {
        assertThatThrownBy(() -> template.sendAndReceive("slow-req", "late", String.class, Duration.ofMillis(100)))
                .isInstanceOf(ZmqReplyTimeoutException.class).hasMessageContaining("REQ");
        assertThat(template.sendAndReceive("slow-req", "fast", String.class, WAIT)).isEqualTo("re: fast");
    }

    @Test
    void requestReplyNeedsAReqDealerOrClientSocketAndAnExistingOne() {
        assertThatThrownBy(() -> template.sendAndReceive("out", "x", String.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REQ, DEALER or CLIENT").hasMessageContaining("PUSH");
        assertThatThrownBy(() -> template.send("missing", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("monocoque.sockets.missing");
    }

    record QuoteRequest(String symbol) {
    }

    record Quote(String symbol, double price) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Services.class)
    static class TemplateApplication {
    }

    static class Services {

        @ZmqListener(type = SocketType.REP, bind = "inproc://quote-service")
        Quote quote(QuoteRequest request) {
            return new Quote(request.symbol(), 1.08);
        }

        @ZmqListener(type = SocketType.ROUTER, bind = "inproc://quote-router", concurrency = "4")
        Quote routedQuote(QuoteRequest request) {
            return new Quote(request.symbol(), 1.08);
        }

        @ZmqListener(type = SocketType.REP, bind = "inproc://slow-service")
        String slow(String body) throws InterruptedException {
            if (body.equals("late")) {
                Thread.sleep(300);
            }
            return "re: " + body;
        }

        @ZmqListener(type = SocketType.ROUTER, bind = "inproc://slow-router")
        String slowRouted(String body) throws InterruptedException {
            if (body.equals("late")) {
                Thread.sleep(300);
            }
            return "re: " + body;
        }
    }
}
