package io.monocoque.spring.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The reactive template against libzmq peers (pyzmq), over tcp. */
@SpringBootTest(classes = ReactiveZmqTemplateTests.App.class, properties = {
        "monocoque.sockets.orders.type=pull", "monocoque.sockets.orders.bind=tcp://127.0.0.1:*",
        "monocoque.sockets.feed.type=pull", "monocoque.sockets.feed.bind=tcp://127.0.0.1:*",
        "monocoque.sockets.feed.receive-high-water-mark=10",
        "monocoque.sockets.out.type=push", "monocoque.sockets.out.bind=tcp://127.0.0.1:*",
        "monocoque.sockets.quote-client.type=req"})
class ReactiveZmqTemplateTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A REP server that answers {"symbol": s} with {"symbol": s, "bid": 1.5}; the endpoint it bound is its first line. */
    private static final String QUOTE_SERVER = """
            import json, sys, zmq
            ctx = zmq.Context()
            rep = ctx.socket(zmq.REP)
            rep.bind("tcp://127.0.0.1:*")
            print(rep.getsockopt_string(zmq.LAST_ENDPOINT))
            while True:
                request = json.loads(rep.recv())
                rep.send_string(json.dumps({"symbol": request["symbol"], "bid": 1.5}))
            """;

    private static PyzmqPeer quoteServer;

    @DynamicPropertySource
    static void quoteServerEndpoint(DynamicPropertyRegistry registry) {
        quoteServer = PyzmqPeer.start(QUOTE_SERVER);
        String endpoint = quoteServer.line(WAIT);
        registry.add("monocoque.sockets.quote-client.connect", () -> endpoint);
    }

    @AfterAll
    static void stopQuoteServer() {
        if (quoteServer != null) {
            quoteServer.close();
        }
    }

    @Autowired
    ReactiveZmqTemplate reactive;

    @Autowired
    ZmqContext context;

    @Autowired
    @Qualifier("orders")
    ZmqSocket orders;

    @Autowired
    @Qualifier("feed")
    ZmqSocket feed;

    @Autowired
    @Qualifier("out")
    ZmqSocket out;

    @Test
    void aFluxGivesWhatAPyzmqPushSendsWithPayloadsConvertedFromJson() throws InterruptedException {
        try (PyzmqPeer push = PyzmqPeer.start("""
                import json, sys, zmq
                ctx = zmq.Context()
                push = ctx.socket(zmq.PUSH)
                push.setsockopt(zmq.LINGER, 10000)
                push.connect(sys.argv[1])
                for n in range(5):
                    push.send_string(json.dumps({"n": n, "symbol": "ACME"}))
                push.close()
                ctx.term()  # flushes within the linger; at interpreter exit pyzmq would not
                print("sent")
                """, orders.lastEndpoint())) {
            StepVerifier.create(reactive.receive("orders", Map.class).map(Message::getPayload).take(5))
                    .expectNext(Map.of("n", 0, "symbol", "ACME"), Map.of("n", 1, "symbol", "ACME"), Map.of("n", 2, "symbol", "ACME"),
                            Map.of("n", 3, "symbol", "ACME"), Map.of("n", 4, "symbol", "ACME"))
                    .expectComplete()
                    .verify(WAIT);
            assertThat(push.line(WAIT)).isEqualTo("sent");
            assertThat(push.exitCode(WAIT)).isZero();
        }
    }

    @Test
    void withoutDemandNothingIsReadAndTheSendersHighWaterMarkHoldsItBack() throws InterruptedException {
        int offered = 5000;
        try (PyzmqPeer push = PyzmqPeer.start("""
                import sys, zmq
                ctx = zmq.Context()
                push = ctx.socket(zmq.PUSH)
                push.setsockopt(zmq.SNDHWM, 10)
                push.setsockopt(zmq.SNDTIMEO, 1500)
                push.setsockopt(zmq.LINGER, 30000)
                push.connect(sys.argv[1])
                body = b"x" * 16384
                sent = 0
                try:
                    for n in range(int(sys.argv[2])):
                        push.send(body)
                        sent += 1
                except zmq.Again:
                    pass
                print(sent, flush=True)
                push.close()
                ctx.term()  # flushes what is queued within the linger; at interpreter exit pyzmq would not
                """, feed.lastEndpoint(), Integer.toString(offered))) {
            AtomicInteger heldBackAt = new AtomicInteger();
            AtomicInteger received = new AtomicInteger();
            StepVerifier verifier = StepVerifier.create(reactive.receiveRaw("feed"), 0)
                    // no request: the reader takes nothing; pyzmq's send times out once both high-water
                    // marks and the socket buffers between them are full
                    .then(() -> heldBackAt.set(Integer.parseInt(push.line(WAIT))))
                    .thenRequest(Long.MAX_VALUE)
                    .thenConsumeWhile(m -> received.incrementAndGet() < heldBackAt.get())
                    .thenCancel();
            try {
                verifier.verify(WAIT);
            } catch (AssertionError e) {
                throw new AssertionError("received " + received + " of the " + heldBackAt + " sent; socket " + feed.statistics(), e);
            }
            assertThat(heldBackAt.get()).as("16 KB messages pyzmq got out with no demand (of %d)", offered).isPositive().isLessThan(offered / 2);
            assertThat(received.get()).as("every message it sent arrives once asked for").isEqualTo(heldBackAt.get());
            assertThat(push.exitCode(WAIT)).isZero();
        }
    }

    @Test
    void aPublisherOfMessagesIsSentInOrderAndTheMonoCompletes() throws InterruptedException {
        try (PyzmqPeer pull = PyzmqPeer.start("""
                import sys, zmq
                pull = zmq.Context().socket(zmq.PULL)
                pull.connect(sys.argv[1])
                got = [pull.recv_string() for _ in range(100)]
                print(len(got), got[0], got[-1])
                """, out.lastEndpoint())) {
            Flux<Message<String>> messages = Flux.range(0, 100).map(i -> MessageBuilder.withPayload("m" + i).build());
            StepVerifier.create(reactive.send("out", messages)).expectComplete().verify(WAIT);
            assertThat(pull.line(WAIT)).isEqualTo("100 m0 m99");
            assertThat(pull.exitCode(WAIT)).isZero();
        }
    }

    @Test
    void requestReplyIsAMonoOfTheConvertedReply() {
        StepVerifier.create(reactive.sendAndReceive("quote-client", Map.of("symbol", "ACME"), Map.class))
                .assertNext(reply -> assertThat(reply).containsEntry("symbol", "ACME").containsEntry("bid", 1.5))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void aMessageThatArrivesForACancelledSubscriptionGoesToTheNextOneInsteadOfBeingLost() {
        // the first subscription asks for one message when none is there, and is cancelled while it waits
        StepVerifier.create(reactive.receiveRaw("orders"), 1).expectSubscription().thenCancel().verify(WAIT);
        try (ZmqSocket push = context.createSocket(SocketType.PUSH)) {
            push.setOption(SocketOption.LINGER, Duration.ofSeconds(5));
            push.connect(orders.lastEndpoint());
            push.send("first");
            push.send("second");
            StepVerifier.create(reactive.receiveRaw("orders").map(ZmqMessage::lastString).take(2))
                    .expectNext("first", "second").expectComplete().verify(WAIT);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
