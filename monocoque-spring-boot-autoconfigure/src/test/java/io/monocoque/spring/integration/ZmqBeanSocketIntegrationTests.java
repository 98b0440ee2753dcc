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
import org.springframework.integration.endpoint.AbstractEndpoint;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Adapters and gateways on sockets from {@code monocoque.sockets.<name>}, taken by name, in a
 * whole application; and the REQ gateway carrying on after a request that timed out.
 */
@SpringBootTest(classes = ZmqBeanSocketIntegrationTests.App.class)
@DirtiesContext
class ZmqBeanSocketIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** The application's remote peers: servers its REQ and DEALER sockets connect to. */
    private static final ZmqContext PEERS = ZmqContext.create();
    private static final ZmqSocket QUOTE_SERVER = bound(SocketType.ROUTER);
    private static final ZmqSocket PRICING_SERVER = bound(SocketType.ROUTER);
    private static final ZmqSocket RATES_SERVER = bound(SocketType.ROUTER);
    private static final ZmqSocket FX_SERVER = bound(SocketType.ROUTER);

    private static ZmqSocket bound(SocketType type) {
        ZmqSocket s = PEERS.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        s.bind("tcp://127.0.0.1:*");
        return s;
    }

    @DynamicPropertySource
    static void sockets(DynamicPropertyRegistry registry) {
        registry.add("monocoque.sockets.jobs.type", () -> "pull");
        registry.add("monocoque.sockets.jobs.bind", () -> "tcp://127.0.0.1:*");
        registry.add("monocoque.sockets.results.type", () -> "push");
        registry.add("monocoque.sockets.results.bind", () -> "tcp://127.0.0.1:*");
        registry.add("monocoque.sockets.service.type", () -> "router");
        registry.add("monocoque.sockets.service.bind", () -> "tcp://127.0.0.1:*");
        registry.add("monocoque.sockets.quotes.type", () -> "dealer");
        registry.add("monocoque.sockets.quotes.connect", QUOTE_SERVER::lastEndpoint);
        registry.add("monocoque.sockets.pricing.type", () -> "req");
        registry.add("monocoque.sockets.pricing.connect", PRICING_SERVER::lastEndpoint);
        registry.add("monocoque.sockets.pricing.linger", () -> "0s");
        registry.add("monocoque.sockets.fx.type", () -> "req");
        registry.add("monocoque.sockets.fx.connect", FX_SERVER::lastEndpoint);
        registry.add("monocoque.sockets.fx.linger", () -> "0s");
        registry.add("monocoque.sockets.fx.req-relaxed", () -> "true");
        registry.add("monocoque.sockets.fx.req-correlate", () -> "true");
    }

    @AfterAll
    static void closePeers() {
        QUOTE_SERVER.close();
        PRICING_SERVER.close();
        RATES_SERVER.close();
        FX_SERVER.close();
        PEERS.close();
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    @Qualifier("jobs")
    ZmqSocket jobs;

    @Autowired
    @Qualifier("results")
    ZmqSocket results;

    @Autowired
    @Qualifier("service")
    ZmqSocket service;

    @Autowired
    @Qualifier("pricing")
    ZmqSocket pricingBean;

    private final MessagingTemplate requests = new MessagingTemplate();

    private ZmqSocket peer(SocketType type, String endpoint) {
        ZmqSocket s = PEERS.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        s.connect(endpoint);
        return s;
    }

    @Test
    void anInboundAdapterOnAConfiguredSocketFeedsAFlowThatSendsOnAnotherAndSurvivesStopStart() {
        try (ZmqSocket producer = peer(SocketType.PUSH, jobs.lastEndpoint()); ZmqSocket consumer = peer(SocketType.PULL, results.lastEndpoint())) {
            producer.send("job-1");
            assertThat(consumer.receive(WAIT).lastString()).isEqualTo("JOB-1");

            ZmqInboundChannelAdapter in = context.getBean("jobsIn", ZmqInboundChannelAdapter.class);
            assertThat(in.getSocketSource().getName()).isEqualTo("jobs");
            in.stop();
            assertThat(jobs.isClosed()).as("the adapter leaves the configured socket to the application").isFalse();
            producer.send("job-2"); // waits in the socket while nobody receives
            in.start();
            assertThat(consumer.receive(WAIT).lastString()).isEqualTo("JOB-2");

            AbstractEndpoint out = context.getBean("resultsOut", AbstractEndpoint.class);
            out.stop();
            out.start();
            producer.send("job-3");
            assertThat(consumer.receive(WAIT).lastString()).isEqualTo("JOB-3");
            assertThat(results.isClosed()).isFalse();
        }
    }

    @Test
    void anInboundGatewayOnAConfiguredRouterSocketAnswersReqAndDealerPeers() {
        try (ZmqSocket req = peer(SocketType.REQ, service.lastEndpoint()); ZmqSocket dealer = peer(SocketType.DEALER, service.lastEndpoint())) {
            req.send("ping");
            assertThat(req.receive(WAIT).lastString()).isEqualTo("pong: ping");
            dealer.send(ZmqMessage.of("id-7", "", "dealt"));
            ZmqMessage reply = dealer.receive(WAIT);
            assertThat(reply.frameString(0)).isEqualTo("id-7");
            assertThat(reply.frameLength(1)).isZero();
            assertThat(reply.lastString()).isEqualTo("pong: dealt");
        }
    }

    @Test
    void anOutboundGatewayOnAConfiguredDealerSocketGetsItsReplies() throws Exception {
        MessageChannel quotes = context.getBean("quoteRequests.input", MessageChannel.class);
        CompletableFuture<Message<?>> reply = CompletableFuture.supplyAsync(
                () -> requests.sendAndReceive(quotes, MessageBuilder.withPayload("EURUSD").build()));
        ZmqMessage request = QUOTE_SERVER.receive(WAIT); // routing id, request id, delimiter, payload
        assertThat(request.lastString()).isEqualTo("EURUSD");
        QUOTE_SERVER.send(answer(request, "1.08"));
        assertThat(reply.get(WAIT.toSeconds(), TimeUnit.SECONDS).getPayload()).isEqualTo("1.08");
    }

    @Test
    void aReqGatewayOnAConfiguredSocketGoesOnWithAFreshSocketAfterATimeout() throws Exception {
        MessageChannel pricing = context.getBean("pricingRequests.input", MessageChannel.class);

        CompletableFuture<Message<?>> lost = CompletableFuture.supplyAsync(() -> requests.sendAndReceive(pricing, MessageBuilder.withPayload("p1").build()));
        ZmqMessage first = PRICING_SERVER.receive(WAIT);
        assertThat(first.lastString()).isEqualTo("p1"); // received, and never answered: a server that lost it
        assertThatThrownBy(() -> lost.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasCauseInstanceOf(ZmqReplyTimeoutException.class);

        for (String body : new String[] {"p2", "p3"}) {
            CompletableFuture<Message<?>> reply = CompletableFuture.supplyAsync(
                    () -> requests.sendAndReceive(pricing, MessageBuilder.withPayload(body).build()));
            ZmqMessage request = PRICING_SERVER.receive(WAIT);
            assertThat(request).as("the request after a timeout reaches the server").isNotNull();
            assertThat(request.lastString()).isEqualTo(body);
            assertThat(request.frame(0)).as("from a fresh socket, a new peer of the server").isNotEqualTo(first.frame(0));
            PRICING_SERVER.send(answer(request, "price of " + body));
            assertThat(reply.get(WAIT.toSeconds(), TimeUnit.SECONDS).getPayload()).isEqualTo("price of " + body);
        }

        // The late reply to p1 goes to the configured socket, which the gateway comes back to after a
        // restart: it is taken there and dropped, and never answers a later request.
        PRICING_SERVER.send(answer(first, "late price of p1"));
        AbstractEndpoint endpoint = context.getBean("pricingGateway", AbstractEndpoint.class);
        endpoint.stop();
        endpoint.start();
        CompletableFuture<Message<?>> reply = CompletableFuture.supplyAsync(() -> requests.sendAndReceive(pricing, MessageBuilder.withPayload("p4").build()));
        ZmqMessage request = PRICING_SERVER.receive(WAIT);
        assertThat(request.lastString()).isEqualTo("p4");
        PRICING_SERVER.send(answer(request, "price of p4"));
        assertThat(reply.get(WAIT.toSeconds(), TimeUnit.SECONDS).getPayload()).isEqualTo("price of p4");
        assertThat(pricingBean.isClosed()).isFalse();
    }

    @Test
    void aReqGatewayOnARelaxedCorrelatingSocketGoesOnWithItAfterATimeoutAndDropsTheLateReply() throws Exception {
        MessageChannel fx = context.getBean("fxRequests.input", MessageChannel.class);

        CompletableFuture<Message<?>> lost = CompletableFuture.supplyAsync(() -> requests.sendAndReceive(fx, MessageBuilder.withPayload("f1").build()));
        ZmqMessage first = FX_SERVER.receive(WAIT);
        assertThat(first.lastString()).isEqualTo("f1");
        assertThatThrownBy(() -> lost.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasCauseInstanceOf(ZmqReplyTimeoutException.class);

        CompletableFuture<Message<?>> reply = CompletableFuture.supplyAsync(() -> requests.sendAndReceive(fx, MessageBuilder.withPayload("f2").build()));
        ZmqMessage second = FX_SERVER.receive(WAIT);
        assertThat(second.lastString()).isEqualTo("f2");
        assertThat(second.frame(0)).as("the same socket, the same peer of the server").isEqualTo(first.frame(0));
        FX_SERVER.send(answer(first, "late rate f1")); // correlation drops it
        FX_SERVER.send(answer(second, "rate f2"));
        assertThat(reply.get(WAIT.toSeconds(), TimeUnit.SECONDS).getPayload()).isEqualTo("rate f2");
    }

    @Test
    void aReqGatewayOnADeclaredSocketIsRecreatedAfterATimeoutAndALateReplyNeverAnswersALaterRequest() throws Exception {
        MessageChannel rates = context.getBean("rateRequests.input", MessageChannel.class);

        CompletableFuture<Message<?>> lost = CompletableFuture.supplyAsync(() -> requests.sendAndReceive(rates, MessageBuilder.withPayload("r1").build()));
        ZmqMessage first = RATES_SERVER.receive(WAIT);
        assertThatThrownBy(() -> lost.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasCauseInstanceOf(ZmqReplyTimeoutException.class);
        RATES_SERVER.send(answer(first, "late rate r1")); // to the closed socket's peer: nobody takes it

        CompletableFuture<Message<?>> reply = CompletableFuture.supplyAsync(() -> requests.sendAndReceive(rates, MessageBuilder.withPayload("r2").build()));
        ZmqMessage second = RATES_SERVER.receive(WAIT);
        assertThat(second.lastString()).isEqualTo("r2");
        assertThat(second.frame(0)).as("a new socket, a new peer").isNotEqualTo(first.frame(0));
        RATES_SERVER.send(answer(second, "rate r2"));
        assertThat(reply.get(WAIT.toSeconds(), TimeUnit.SECONDS).getPayload()).isEqualTo("rate r2");
    }

    /** A ROUTER's answer to a REQ or DEALER request: its envelope (up to the delimiter), then the body. */
    private static ZmqMessage answer(ZmqMessage request, String body) {
        int delimiter = 1;
        while (request.frameLength(delimiter) != 0) {
            delimiter++;
        }
        byte[][] envelope = new byte[delimiter + 1][];
        for (int i = 0; i <= delimiter; i++) {
            envelope[i] = request.frame(i);
        }
        return ZmqMessage.of(body).prepend(envelope);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableIntegration
    static class App {

        @Bean
        IntegrationFlow jobsToResults() {
            return IntegrationFlow.from(Zmq.inboundAdapter("jobs").payloadType(String.class).id("jobsIn"))
                    .transform(String.class, String::toUpperCase)
                    .handle(Zmq.outboundAdapter("results"), e -> e.id("resultsOut"))
                    .get();
        }

        @Bean
        IntegrationFlow serviceFlow() {
            return IntegrationFlow.from(Zmq.inboundGateway("service").payloadType(String.class))
                    .transform(String.class, p -> "pong: " + p)
                    .get();
        }

        @Bean
        IntegrationFlow quoteRequests() {
            return f -> f.handle(Zmq.outboundGateway("quotes").replyPayloadType(String.class));
        }

        @Bean
        IntegrationFlow pricingRequests() {
            return f -> f.handle(Zmq.outboundGateway("pricing").replyPayloadType(String.class).replyTimeout(Duration.ofMillis(500)),
                    e -> e.id("pricingGateway"));
        }

        @Bean
        IntegrationFlow fxRequests() {
            return f -> f.handle(Zmq.outboundGateway("fx").replyPayloadType(String.class).replyTimeout(Duration.ofMillis(500)));
        }

        @Bean
        IntegrationFlow rateRequests() {
            return f -> f.handle(Zmq.outboundGateway(SocketType.REQ).connect(RATES_SERVER.lastEndpoint())
                    .socketCustomizer(s -> s.setOption(SocketOption.LINGER, Duration.ZERO))
                    .replyPayloadType(String.class).replyTimeout(Duration.ofMillis(500)));
        }
    }
}
