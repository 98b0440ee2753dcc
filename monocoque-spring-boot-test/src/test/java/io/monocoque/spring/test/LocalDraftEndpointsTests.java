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

/** The test endpoints and peers for the draft types: a CLIENT peer of a SERVER, a SERVER peer of a CLIENT. */
@SpringBootTest(classes = LocalDraftEndpointsTests.App.class, properties = {
        "monocoque.sockets.answers.type=server", "monocoque.sockets.answers.bind=tcp://*:5560",
        "monocoque.sockets.pricing.type=client", "monocoque.sockets.pricing.connect=tcp://pricing.invalid:7000"})
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
