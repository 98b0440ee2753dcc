package io.monocoque.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.zmq.PeerInfo;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.ClientContext;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.annotation.SendTo;

/** {@code @ZmqListener} methods in a running application, talked to over real sockets. */
@SpringBootTest(classes = ZmqListenerIntegrationTests.ListenerApplication.class, properties = {
        "monocoque.sockets.orders.type=pull", "monocoque.sockets.orders.bind=tcp://127.0.0.1:*",
        "monocoque.sockets.quotes.type=rep", "monocoque.sockets.quotes.bind=tcp://127.0.0.1:*",
        "monocoque.sockets.acks.type=rep", "monocoque.sockets.acks.bind=tcp://127.0.0.1:*",
        "monocoque.sockets.router.type=router", "monocoque.sockets.router.bind=tcp://127.0.0.1:*",
        "monocoque.sockets.forward.type=pull", "monocoque.sockets.forward.bind=inproc://forward",
        "monocoque.sockets.audit.type=push", "monocoque.sockets.audit.bind=inproc://audit",
        "monocoque.sockets.events.type=pull", "monocoque.sockets.events.bind=inproc://events",
        "monocoque.sockets.strict.type=rep", "monocoque.sockets.strict.bind=tcp://127.0.0.1:*",
        "monocoque.sockets.raw.type=pull", "monocoque.sockets.raw.bind=inproc://raw",
        "monocoque.sockets.idle.type=pull", "monocoque.sockets.idle.bind=inproc://idle",
        "prices.endpoint=inproc://prices"})
@ExtendWith(OutputCaptureExtension.class)
class ZmqListenerIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(5);
    @RegisterExtension
    static final ClientContext clients = new ClientContext();

    @Autowired
    Listeners listeners;

    @Autowired
    ZmqContext context;

    @Autowired
    ZmqListenerEndpointRegistry registry;

    @Autowired
    @Qualifier("orders")
    ZmqSocket orders;

    @Autowired
    @Qualifier("quotes")
    ZmqSocket quotes;

    @Autowired
    @Qualifier("acks")
    ZmqSocket acks;

    @Autowired
    @Qualifier("router")
    ZmqSocket router;

    @Autowired
    @Qualifier("strict")
    ZmqSocket strict;

    @Test
    void aJsonPayloadIsConvertedToTheParameterType() throws Exception {
        try (ZmqSocket push = clients.createSocket(SocketType.PUSH)) {
            push.connect(orders.lastEndpoint());
            push.send("{\"id\":\"A1\",\"quantity\":3}");
            assertThat(listeners.orders.poll(5, TimeUnit.SECONDS)).isEqualTo(new Order("A1", 3));
        }
    }

    @Test
    void aSubListenerGetsTheTopicHeaderAndOnlyItsTopics() {
        try (ZmqSocket pub = context.createSocket(SocketType.PUB)) {
            pub.connect("inproc://prices");
            // Subscriptions travel to the publisher asynchronously: publish until they have.
            await().atMost(WAIT).until(() -> {
                pub.send(ZmqMessage.of("GBP", "0.85"));
                pub.send(ZmqMessage.of("EUR", "1.08"));
                return !listeners.prices.isEmpty();
            });
            pub.send(ZmqMessage.of("USD", "1.00"));
            await().atMost(WAIT).until(() -> listeners.prices.contains("USD=1.00"));
            assertThat(listeners.prices).allMatch(p -> p.startsWith("EUR=") || p.startsWith("USD="));
        }
    }

    @Test
    void onARepSocketTheReturnValueIsTheReply() {
        try (ZmqSocket req = clients.createSocket(SocketType.REQ)) {
            req.connect(quotes.lastEndpoint());
            req.send("{\"symbol\":\"EURUSD\"}");
            assertThat(req.receive(WAIT).frameString(0)).isEqualTo("{\"symbol\":\"EURUSD\",\"price\":1.08}");
            req.send("{\"symbol\":\"GBPUSD\"}");
            assertThat(req.receive(WAIT).frameString(0)).contains("GBPUSD");
        }
    }

    @Test
    void aRepListenerThatReturnsNothingStillAnswersSoTheNextRequestIsServed() {
        try (ZmqSocket req = clients.createSocket(SocketType.REQ)) {
            req.connect(acks.lastEndpoint());
            for (int i = 0; i < 3; i++) {
                req.send("ack " + i);
                ZmqMessage reply = req.receive(WAIT);
                assertThat(reply).isNotNull();
                assertThat(reply.frameLength(0)).isZero();
            }
            assertThat(listeners.acks).containsExactly("ack 0", "ack 1", "ack 2");
        }
    }

    @Test
    void aRouterListenerRepliesWithTheEnvelopeToReqAndDealerPeers() {
        try (ZmqSocket req = clients.createSocket(SocketType.REQ); ZmqSocket dealer = clients.createSocket(SocketType.DEALER)) {
            dealer.setOption(SocketOption.ROUTING_ID, "dealer-7".getBytes(StandardCharsets.UTF_8));
            req.connect(router.lastEndpoint());
            dealer.connect(router.lastEndpoint());
            req.send("from req");
            assertThat(req.receive(WAIT).frameString(0)).isEqualTo("FROM REQ");
            dealer.send("from dealer");
            ZmqMessage reply = dealer.receive(WAIT);
            assertThat(reply.size()).isEqualTo(1);
            assertThat(reply.frameString(0)).isEqualTo("FROM DEALER");
            assertThat(listeners.routingIds).contains("dealer-7");
        }
    }

    @Test
    void aRepListenerWithConcurrencyServesRequestsInParallelOnARouterUnderneath() throws Exception {
        ZmqListenerContainer container = registry.getListenerContainer("parallel-rep");
        assertThat(container.getSocketType()).isEqualTo(SocketType.REP);
        assertThat(container.getSocket().type()).isEqualTo(SocketType.ROUTER);
        String endpoint = container.getSocket().lastEndpoint();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            long start = System.nanoTime();
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String body = "job-" + i;
                replies.add(pool.submit(() -> {
                    try (ZmqSocket req = clients.createSocket(SocketType.REQ)) {
                        req.connect(endpoint);
                        req.send(body);
                        return req.receive(WAIT).frameString(0);
                    }
                }));
            }
            for (int i = 0; i < 4; i++) {
                assertThat(replies.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("done job-" + i);
            }
            // Each request takes 400 ms: served one after another they would take 1.6 s.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1400));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sendToSendsTheReturnValueToTheNamedSocket() {
        try (ZmqSocket push = context.createSocket(SocketType.PUSH); ZmqSocket audit = context.createSocket(SocketType.PULL)) {
            audit.connect("inproc://audit");
            push.connect("inproc://forward");
            push.send("{\"id\":\"B2\",\"quantity\":5}");
            ZmqMessage forwarded = audit.receive(WAIT);
            assertThat(forwarded).isNotNull();
            assertThat(forwarded.frameString(0)).isEqualTo("{\"order\":\"B2\",\"accepted\":true}");
        }
    }

    @Test
    void aFailingListenerIsLoggedWithItsSocketAndGoesOnWithTheNextMessage(CapturedOutput output) {
        try (ZmqSocket push = context.createSocket(SocketType.PUSH)) {
            push.connect("inproc://events");
            push.send("boom");
            push.send("fine");
            await().atMost(WAIT).until(() -> listeners.events.contains("fine"));
            await().atMost(WAIT).until(() -> output.getAll().contains("on socket 'events' failed"));
            assertThat(output.getAll()).contains("listener refuses boom");
        }
    }

    @Test
    void anErrorHandlersReturnValueIsTheErrorReplyToTheRequester() {
        try (ZmqSocket req = clients.createSocket(SocketType.REQ)) {
            req.connect(strict.lastEndpoint());
            req.send("{\"id\":\"C3\",\"quantity\":-1}");
            assertThat(req.receive(WAIT).frameString(0)).startsWith("error: ").contains("quantity");
            req.send("{\"id\":\"C4\",\"quantity\":2}");
            assertThat(req.receive(WAIT).frameString(0)).isEqualTo("accepted C4");
        }
    }

    @Test
    void aZmqMessageParameterGetsEveryFrameAndThePayloadIsTheLastOne() {
        try (ZmqSocket push = context.createSocket(SocketType.PUSH)) {
            push.connect("inproc://raw");
            push.send(ZmqMessage.of("header", "middle", "body"));
            await().atMost(WAIT).until(() -> !listeners.raw.isEmpty());
            assertThat(listeners.raw).containsExactly("3 frames, payload body, socket raw, peer resolved");
        }
    }

    @Test
    void theRegistryStopsAndRestartsAListenerById() {
        ZmqListenerContainer container = registry.getListenerContainer("idle-listener");
        assertThat(container.isRunning()).isTrue();
        container.stop();
        assertThat(container.isRunning()).isFalse();
        try (ZmqSocket push = context.createSocket(SocketType.PUSH)) {
            push.connect("inproc://idle");
            push.send("while stopped");
            await().pollDelay(Duration.ofMillis(200)).atMost(WAIT).until(() -> true);
            assertThat(listeners.idle).isEmpty();
            container.start();
            await().atMost(WAIT).until(() -> listeners.idle.contains("while stopped"));
        }
    }

    @Test
    void aListenerWithAutoStartupOffWaitsToBeStarted() {
        assertThat(registry.getListenerContainer("manual").isRunning()).isFalse();
        assertThat(registry.getListenerContainerIds()).contains("manual", "idle-listener", "parallel-rep");
    }

    @Test
    void interceptorsWrapEveryCallOutermostFirst() {
        listeners.interceptions.clear();
        try (ZmqSocket push = context.createSocket(SocketType.PUSH)) {
            push.connect("inproc://events");
            push.send("traced");
            await().atMost(WAIT).until(() -> listeners.interceptions.size() >= 4);
            assertThat(listeners.interceptions).containsExactly(
                    "outer before events-listener@events(PULL)", "inner before", "inner after", "outer after");
        }
    }

    record Order(String id, @Positive int quantity) {
    }

    record QuoteRequest(String symbol) {
    }

    record Quote(String symbol, double price) {
    }

    record Accepted(String order, boolean accepted) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Listeners.class)
    static class ListenerApplication {

        @Bean
        ZmqListenerErrorHandler errorReply() {
            return (message, exception) -> "error: " + exception.getCause().getMessage();
        }

        @Bean
        @org.springframework.core.annotation.Order(1)
        ZmqListenerInterceptor outer(Listeners listeners) {
            return (invocation, proceed) -> {
                if (!invocation.listenerId().equals("events-listener")) {
                    return proceed.call();
                }
                listeners.interceptions.add("outer before " + invocation.listenerId() + "@" + invocation.socketName() + "("
                        + invocation.socketType() + ")");
                try {
                    return proceed.call();
                } finally {
                    listeners.interceptions.add("outer after");
                }
            };
        }

        @Bean
        @org.springframework.core.annotation.Order(2)
        ZmqListenerInterceptor inner(Listeners listeners) {
            return (invocation, proceed) -> {
                if (!invocation.listenerId().equals("events-listener")) {
                    return proceed.call();
                }
                listeners.interceptions.add("inner before");
                Object result = proceed.call();
                listeners.interceptions.add("inner after");
                return result;
            };
        }
    }

    static class Listeners {

        final BlockingQueue<Order> orders = new LinkedBlockingQueue<>();
        final List<String> prices = Collections.synchronizedList(new ArrayList<>());
        final List<String> acks = Collections.synchronizedList(new ArrayList<>());
        final List<String> routingIds = Collections.synchronizedList(new ArrayList<>());
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<String> raw = Collections.synchronizedList(new ArrayList<>());
        final List<String> idle = Collections.synchronizedList(new ArrayList<>());
        final List<String> interceptions = Collections.synchronizedList(new ArrayList<>());

        @ZmqListener(socket = "orders")
        void onOrder(Order order) {
            orders.add(order);
        }

        @ZmqListener(type = SocketType.SUB, bind = "${prices.endpoint}", topics = {"EUR", "USD"})
        void onPrice(@Header(ZmqHeaders.TOPIC) String topic, String price) {
            prices.add(topic + "=" + price);
        }

        @ZmqListener(socket = "quotes")
        Quote quote(QuoteRequest request) {
            return new Quote(request.symbol(), 1.08);
        }

        @ZmqListener(socket = "acks")
        void ack(String body) {
            acks.add(body);
        }

        @ZmqListener(socket = "router")
        String shout(String body, @Header(ZmqHeaders.ROUTING_ID) String routingId) {
            routingIds.add(routingId);
            return body.toUpperCase();
        }

        @ZmqListener(id = "parallel-rep", type = SocketType.REP, bind = "tcp://127.0.0.1:*", concurrency = "4")
        String slow(String job) throws InterruptedException {
            Thread.sleep(400);
            return "done " + job;
        }

        @ZmqListener(socket = "forward")
        @SendTo("audit")
        Accepted forward(Order order) {
            return new Accepted(order.id(), true);
        }

        @ZmqListener(id = "events-listener", socket = "events")
        void event(String event) {
            if (event.equals("boom")) {
                throw new IllegalStateException("listener refuses boom");
            }
            events.add(event);
        }

        @ZmqListener(socket = "strict", errorHandler = "errorReply")
        String strict(@Payload @Valid Order order) {
            return "accepted " + order.id();
        }

        @ZmqListener(socket = "raw")
        void raw(ZmqMessage message, String payload, Message<byte[]> spring, PeerInfo peer) {
            raw.add(message.size() + " frames, payload " + payload + ", socket " + spring.getHeaders().get(ZmqHeaders.SOCKET)
                    + ", peer " + (peer == null ? "missing" : "resolved"));
        }

        @ZmqListener(id = "idle-listener", socket = "idle")
        void idle(String body) {
            idle.add(body);
        }

        @ZmqListener(id = "manual", type = SocketType.PULL, bind = "inproc://manual", autoStartup = "false")
        void manual(String body) {
        }
    }
}
