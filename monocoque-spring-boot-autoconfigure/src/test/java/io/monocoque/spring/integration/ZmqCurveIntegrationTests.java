package io.monocoque.spring.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.integration.dsl.Zmq;
import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.Message;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * CURVE through the Spring Integration adapters, configured by properties only: an inbound
 * gateway and an inbound adapter on CURVE server sockets serve clients whose keys are allowed,
 * tell the flow who they are, and give nothing to a client with any other key.
 */
@SpringBootTest(classes = ZmqCurveIntegrationTests.App.class)
@DirtiesContext
class ZmqCurveIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration REFUSED = Duration.ofMillis(700);
    private static final CurveKeyPair SERVER = CurveKeyPair.generate();
    private static final CurveKeyPair ALLOWED = CurveKeyPair.generate();
    private static final CurveKeyPair STRANGER = CurveKeyPair.generate();
    private static final ZmqContext CLIENTS = ZmqContext.create();

    @DynamicPropertySource
    static void sockets(DynamicPropertyRegistry registry) {
        for (String name : List.of("secure-service", "secure-events")) {
            registry.add("monocoque.sockets." + name + ".bind", () -> "tcp://127.0.0.1:*");
            registry.add("monocoque.sockets." + name + ".curve.server", () -> "true");
            registry.add("monocoque.sockets." + name + ".curve.secret-key", SERVER::secretKeyZ85);
            registry.add("monocoque.sockets." + name + ".curve.allowed-client-keys", ALLOWED::publicKeyZ85);
        }
        registry.add("monocoque.sockets.secure-service.type", () -> "router");
        registry.add("monocoque.sockets.secure-events.type", () -> "pull");
    }

    @AfterAll
    static void closeClients() {
        CLIENTS.close();
    }

    @Autowired
    @Qualifier("secure-service")
    ZmqSocket service;

    @Autowired
    @Qualifier("secure-events")
    ZmqSocket events;

    @Autowired
    App app;

    private static ZmqSocket client(SocketType type, CurveKeyPair keys, String endpoint) {
        ZmqSocket s = CLIENTS.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO); // a refused client's message must not hold up closing
        s.setOption(SocketOption.CURVE_SERVER_KEY, SERVER.publicKey());
        s.setOption(SocketOption.CURVE_PUBLIC_KEY, keys.publicKey());
        s.setOption(SocketOption.CURVE_SECRET_KEY, keys.secretKey());
        s.connect(endpoint);
        return s;
    }

    @Test
    void anInboundGatewayOnACurveServerAnswersAnAllowedClientAndTellsTheFlowWhoItIs() {
        try (ZmqSocket req = client(SocketType.REQ, ALLOWED, service.lastEndpoint())) {
            req.send("balance?");
            ZmqMessage reply = req.receive(WAIT);
            assertThat(reply).isNotNull();
            assertThat(reply.lastString()).isEqualTo(ALLOWED.publicKeyZ85() + " asked balance?");
        }
    }

    @Test
    void anInboundGatewayOnACurveServerGivesNothingToAClientWithAnotherKey() {
        try (ZmqSocket req = client(SocketType.REQ, STRANGER, service.lastEndpoint())) {
            req.send("balance?");
            assertThat(req.receive(REFUSED)).isNull();
        }
    }

    @Test
    void anInboundAdapterOnACurveServerTakesMessagesFromAllowedClientsOnly() {
        try (ZmqSocket stranger = client(SocketType.PUSH, STRANGER, events.lastEndpoint());
                ZmqSocket allowed = client(SocketType.PUSH, ALLOWED, events.lastEndpoint())) {
            stranger.send(ZmqMessage.of("from a stranger"), Duration.ZERO);
            allowed.send("from a friend");
            await().atMost(WAIT).until(() -> !app.events.isEmpty());
            Message<?> got = app.events.get(0);
            assertThat(got.getPayload()).isEqualTo("from a friend");
            assertThat(got.getHeaders()).containsEntry(ZmqHeaders.USER_ID, ALLOWED.publicKeyZ85()).containsEntry(ZmqHeaders.SOCKET,
                    "secure-events");
            assertThat(app.events).noneMatch(m -> "from a stranger".equals(m.getPayload()));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableIntegration
    static class App {

        final List<Message<?>> events = new CopyOnWriteArrayList<>();

        @Bean
        IntegrationFlow secureService() {
            return IntegrationFlow.from(Zmq.inboundGateway("secure-service").payloadType(String.class))
                    .handle(String.class, (payload, headers) -> headers.get(ZmqHeaders.USER_ID) + " asked " + payload)
                    .get();
        }

        @Bean
        IntegrationFlow secureEvents() {
            return IntegrationFlow.from(Zmq.inboundAdapter("secure-events").payloadType(String.class))
                    .handle(m -> {
                        events.add(m);
                    })
                    .get();
        }
    }
}
