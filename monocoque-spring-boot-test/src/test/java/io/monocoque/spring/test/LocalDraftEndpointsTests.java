package io.monocoque.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.spring.core.ZmqTemplate;
import io.monocoque.test.ZmqTestPeer;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The test endpoints and peers for the draft types: a CLIENT peer of a SERVER, a SERVER peer of a
 * CLIENT, a DISH peer of a RADIO.
 */
@SpringBootTest(classes = LocalDraftEndpointsTests.App.class, properties = {
        "monocoque.sockets.answers.type=server", "monocoque.sockets.answers.bind=tcp://*:5560",
        "monocoque.sockets.pricing.type=client", "monocoque.sockets.pricing.connect=tcp://pricing.invalid:7000",
        "monocoque.sockets.ticks.type=radio", "monocoque.sockets.ticks.bind=tcp://*:5561"})
@LocalZmqEndpoints(ZmqTestTransport.TCP)
class LocalDraftEndpointsTests {

    @Autowired
    ZmqTestEndpoints zmq;

    @Autowired
    ZmqTemplate template;

    @Test
    void aClientPeerAsksTheServerListener() {
        try (ZmqTestPeer client = zmq.peer("answers")) {
            assertThat(client.type()).isEqualTo(SocketType.CLIENT);
            assertThat(client.request("ping").frameString(0)).isEqualTo("answer to ping");
        }
    }

    @Test
    void aServerPeerWaitsAtTheEndpointOfAClientAndAnswersTheTemplate() throws Exception {
        ZmqTestPeer server = zmq.peer("pricing");
        assertThat(server.type()).isEqualTo(SocketType.SERVER);
        CompletableFuture<String> reply = CompletableFuture.supplyAsync(
                () -> template.sendAndReceive("pricing", "ACME", String.class, Duration.ofSeconds(10)));
        ZmqMessage request = server.receive();
        assertThat(request.frameString(0)).isEqualTo("ACME");
        server.replyTo(request, "101.5");
        assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("101.5");
    }

    @Test
    void aDishPeerGetsTheGroupsItJoinedFromARadio() {
        try (ZmqTestPeer dish = zmq.dish("ticks", "EURUSD")) {
            assertThat(dish.type()).isEqualTo(SocketType.DISH);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> { // the join reaches the radio first
                template.send("ticks", "EURUSD", "warm");
                return dish.socket().receive(Duration.ofMillis(50)) != null;
            });
            while (dish.socket().receive(Duration.ofMillis(100)) != null) {
                // the other warm-ups
            }
            template.send("ticks", "GBPUSD", "1.27");
            template.send("ticks", "EURUSD", "1.08");
            ZmqMessage tick = dish.receive();
            assertThat(tick.group()).isEqualTo("EURUSD");
            assertThat(tick.frameString(0)).isEqualTo("1.08");
        }
    }

    static class Listeners {

        @ZmqListener(socket = "answers")
        String answer(String request) {
            return "answer to " + request;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Listeners.class)
    static class App {
    }
}
