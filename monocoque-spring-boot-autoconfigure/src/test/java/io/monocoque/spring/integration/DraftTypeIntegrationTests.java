package io.monocoque.spring.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.spring.core.ZmqReplyTimeoutException;
import io.monocoque.spring.integration.dsl.Zmq;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Spring Integration flows on the draft types: an inbound gateway on a SERVER answers each CLIENT
 * by its routing id; an inbound adapter on a SERVER feeds a flow whose outbound adapter on the
 * same SERVER answers by the routing id header; GATHER in, SCATTER out; an outbound gateway on a
 * CLIENT that goes on with a fresh socket after a timeout.
 */
@SpringBootTest(classes = DraftTypeIntegrationTests.App.class)
@DirtiesContext
class DraftTypeIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final ZmqContext PEERS = ZmqContext.create();
    /** What the application's SCATTER sends to. */
    private static final ZmqSocket RESULTS = bound(SocketType.GATHER);
    /** What the application's CLIENT asks. */
    private static final ZmqSocket QUOTE_SERVER = bound(SocketType.SERVER);

    private static ZmqSocket bound(SocketType type) {
        ZmqSocket s = PEERS.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        s.bind("tcp://127.0.0.1:*");
        return s;
    }

    @DynamicPropertySource
    static void sockets(DynamicPropertyRegistry registry) {
        registry.add("monocoque.sockets.service.type", () -> "server");
        registry.add("monocoque.sockets.service.bind", () -> "tcp://127.0.0.1:*");
        registry.add("monocoque.sockets.echo.type", () -> "server");
        registry.add("monocoque.sockets.echo.bind", () -> "tcp://127.0.0.1:*");
        registry.add("monocoque.sockets.tasks.type", () -> "gather");
        registry.add("monocoque.sockets.tasks.bind", () -> "tcp://127.0.0.1:*");
        registry.add("monocoque.sockets.results.type", () -> "scatter");
        registry.add("monocoque.sockets.results.connect", RESULTS::lastEndpoint);
        registry.add("monocoque.sockets.quotes.type", () -> "client");
        registry.add("monocoque.sockets.quotes.connect", QUOTE_SERVER::lastEndpoint);
        registry.add("monocoque.sockets.quotes.linger", () -> "0s");
    }

    @AfterAll
    static void closePeers() {
        RESULTS.close();
        QUOTE_SERVER.close();
        PEERS.close();
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    @Qualifier("service")
    ZmqSocket service;

    @Autowired
    @Qualifier("echo")
    ZmqSocket echo;

    @Autowired
    @Qualifier("tasks")
    ZmqSocket tasks;

    private final MessagingTemplate requests = new MessagingTemplate();

    private ZmqSocket peer(SocketType type, String endpoint) {
        ZmqSocket s = PEERS.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        s.connect(endpoint);
        return s;
    }

    @Test
    void anInboundGatewayOnAServerAnswersEachClientOnItsOwnConnection() {
        try (ZmqSocket a = peer(SocketType.CLIENT, service.lastEndpoint()); ZmqSocket b = peer(SocketType.CLIENT, service.lastEndpoint())) {
            for (int i = 0; i < 10; i++) {
                a.send(ZmqMessage.of("a" + i));
                b.send(ZmqMessage.of("b" + i));
            }
            // two threads answer, so a client's replies may come in another order; each gets exactly its own
            java.util.List<String> toA = new java.util.ArrayList<>();
            java.util.List<String> toB = new java.util.ArrayList<>();
            java.util.List<String> expectedA = new java.util.ArrayList<>();
            java.util.List<String> expectedB = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                toA.add(a.receive(WAIT).frameString(0));
                toB.add(b.receive(WAIT).frameString(0));
                expectedA.add("pong: a" + i);
                expectedB.add("pong: b" + i);
            }
            assertThat(toA).containsExactlyInAnyOrderElementsOf(expectedA);
            assertThat(toB).containsExactlyInAnyOrderElementsOf(expectedB);
        }
    }

    @Test
    void anOutboundAdapterOnAServerAnswersByTheRoutingIdHeaderTheInboundAdapterSet() {
        try (ZmqSocket a = peer(SocketType.CLIENT, echo.lastEndpoint()); ZmqSocket b = peer(SocketType.CLIENT, echo.lastEndpoint())) {
            a.send(ZmqMessage.of("from a"));
            b.send(ZmqMessage.of("from b"));
            assertThat(a.receive(WAIT).frameString(0)).isEqualTo("FROM A");
            assertThat(b.receive(WAIT).frameString(0)).isEqualTo("FROM B");
        }
    }

    @Test
    void gatherInScatterOut() {
        try (ZmqSocket producer = peer(SocketType.SCATTER, tasks.lastEndpoint())) {
            producer.send(ZmqMessage.of("task-1"));
            ZmqMessage result = RESULTS.receive(WAIT);
            assertThat(result.size()).isEqualTo(1);
            assertThat(result.frameString(0)).isEqualTo("done: task-1");
        }
    }

    @Test
    void anOutboundGatewayOnAClientGetsItsReplyAndAfterATimeoutGoesOnWithAFreshConnection() throws Exception {
        MessageChannel quotes = context.getBean("quoteRequests.input", MessageChannel.class);
        CompletableFuture<Message<?>> lost = CompletableFuture.supplyAsync(
                () -> requests.sendAndReceive(quotes, MessageBuilder.withPayload("q1").build()));
        ZmqMessage first = QUOTE_SERVER.receive(WAIT);
        assertThat(first.frameString(0)).isEqualTo("q1");
        assertThatThrownBy(() -> lost.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasCauseInstanceOf(ZmqReplyTimeoutException.class);
        QUOTE_SERVER.send(ZmqMessage.of("late quote q1").withRoutingId(first.routingId()));

        CompletableFuture<Message<?>> reply = CompletableFuture.supplyAsync(
                () -> requests.sendAndReceive(quotes, MessageBuilder.withPayload("q2").build()));
        ZmqMessage second = QUOTE_SERVER.receive(WAIT);
        assertThat(second.frameString(0)).isEqualTo("q2");
        assertThat(second.routingId()).as("a fresh connection").isNotEqualTo(first.routingId());
        QUOTE_SERVER.send(ZmqMessage.of("quote q2").withRoutingId(second.routingId()));
        assertThat(reply.get(WAIT.toSeconds(), TimeUnit.SECONDS).getPayload()).isEqualTo("quote q2");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableIntegration
    static class App {

        @Bean
        IntegrationFlow serviceFlow() {
            return IntegrationFlow.from(Zmq.inboundGateway("service").payloadType(String.class).concurrency(2))
                    .transform(String.class, s -> "pong: " + s).get();
        }

        @Bean
        IntegrationFlow echoFlow() {
            return IntegrationFlow.from(Zmq.inboundAdapter("echo").payloadType(String.class))
                    .transform(String.class, s -> s.toUpperCase(java.util.Locale.ROOT)) // the zmq_routingId header stays on
                    .handle(Zmq.outboundAdapter("echo")).get();
        }

        @Bean
        IntegrationFlow workFlow() {
            return IntegrationFlow.from(Zmq.inboundAdapter("tasks").payloadType(String.class))
                    .transform(String.class, s -> "done: " + s)
                    .handle(Zmq.outboundAdapter("results")).get();
        }

        @Bean
        IntegrationFlow quoteRequests() {
            return f -> f.handle(Zmq.outboundGateway("quotes").replyPayloadType(String.class).replyTimeout(Duration.ofMillis(500)));
        }
    }
}
