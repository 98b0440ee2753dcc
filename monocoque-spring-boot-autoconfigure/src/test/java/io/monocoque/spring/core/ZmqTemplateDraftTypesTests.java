package io.monocoque.spring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.spring.autoconfigure.ZmqSocketTrackerConfiguration;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@link ZmqTemplate} on the draft types: request/reply over CLIENT (one request at a time, a late
 * reply never taken for the next request's), sending on SERVER to a routing id, on SCATTER.
 */
class ZmqTemplateDraftTypesTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class))
            .withUserConfiguration(ZmqSocketTrackerConfiguration.class);

    private ZmqContext peers;

    @BeforeEach
    void peers() {
        peers = ZmqContext.create();
    }

    @AfterEach
    void closePeers() {
        peers.close();
    }

    private ZmqSocket peer(SocketType type) {
        ZmqSocket s = peers.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        return s;
    }

    @Test
    void aClientTemplateGetsEachRequestsOwnReply() {
        try (ZmqSocket server = peer(SocketType.SERVER)) {
            server.bind("tcp://127.0.0.1:*");
            runner.withPropertyValues("monocoque.sockets.quotes.type=client", "monocoque.sockets.quotes.connect=" + server.lastEndpoint())
                    .run(context -> {
                        ZmqTemplate template = context.getBean(ZmqTemplate.class);
                        for (int i = 0; i < 5; i++) {
                            String question = "q" + i;
                            CompletableFuture<String> reply = CompletableFuture.supplyAsync(
                                    () -> template.sendAndReceive("quotes", question, String.class, WAIT));
                            ZmqMessage request = server.receive(WAIT);
                            server.send(ZmqMessage.of("re: " + request.frameString(0)).withRoutingId(request.routingId()));
                            assertThat(reply.get(20, TimeUnit.SECONDS)).isEqualTo("re: " + question);
                        }
                    });
        }
    }

    @Test
    void afterATimeoutTheLateReplyIsNotTakenForTheNextRequestsReply() {
        try (ZmqSocket server = peer(SocketType.SERVER)) {
            server.bind("tcp://127.0.0.1:*");
            runner.withPropertyValues("monocoque.sockets.quotes.type=client", "monocoque.sockets.quotes.connect=" + server.lastEndpoint())
                    .run(context -> {
                        ZmqTemplate template = context.getBean(ZmqTemplate.class);
                        CompletableFuture<String> first = CompletableFuture.supplyAsync(
                                () -> template.sendAndReceive("quotes", "first", String.class, Duration.ofMillis(300)));
                        ZmqMessage lost = server.receive(WAIT);
                        assertThat(lost.frameString(0)).isEqualTo("first");
                        assertThat(first).failsWithin(WAIT).withThrowableThat().havingRootCause().isInstanceOf(ZmqReplyTimeoutException.class)
                                .withMessageContaining("(CLIENT)");

                        // the reply comes late, before the next request: on the same connection it would pass for that one's
                        server.send(ZmqMessage.of("late answer to first").withRoutingId(lost.routingId()));
                        CompletableFuture<String> second = CompletableFuture.supplyAsync(
                                () -> template.sendAndReceive("quotes", "second", String.class, WAIT));
                        ZmqMessage next = server.receive(WAIT);
                        assertThat(next.frameString(0)).isEqualTo("second");
                        assertThat(next.routingId()).as("a fresh connection").isNotEqualTo(lost.routingId());
                        server.send(ZmqMessage.of("answer to second").withRoutingId(next.routingId()));
                        assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo("answer to second");
                    });
        }
    }

    @Test
    void aClientTheTemplateCannotRemakeDropsTheLateReplyBeforeTheNextRequest() {
        try (ZmqSocket server = peer(SocketType.SERVER); ZmqSocket own = peer(SocketType.CLIENT)) {
            server.bind("tcp://127.0.0.1:*");
            own.connect(server.lastEndpoint());
            runner.withBean("quotes", ZmqSocket.class, () -> own, d -> d.setDestroyMethodName("")).run(context -> {
                ZmqTemplate template = context.getBean(ZmqTemplate.class);
                CompletableFuture<String> first = CompletableFuture.supplyAsync(
                        () -> template.sendAndReceive("quotes", "first", String.class, Duration.ofMillis(300)));
                ZmqMessage lost = server.receive(WAIT);
                assertThat(first).failsWithin(WAIT).withThrowableThat().havingRootCause().isInstanceOf(ZmqReplyTimeoutException.class);
                server.send(ZmqMessage.of("late answer to first").withRoutingId(lost.routingId()));
                CompletableFuture<String> second = CompletableFuture.supplyAsync(
                        () -> template.sendAndReceive("quotes", "second", String.class, WAIT));
                ZmqMessage next = server.receive(WAIT);
                assertThat(next.frameString(0)).isEqualTo("second");
                server.send(ZmqMessage.of("answer to second").withRoutingId(next.routingId()));
                assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo("answer to second");
            });
        }
    }

    @Test
    void aClientCarriesOneRequestAtATimeSoItHasNoAsynchronousRequests() {
        runner.withPropertyValues("monocoque.sockets.quotes.type=client", "monocoque.sockets.quotes.connect=inproc://nobody").run(context -> {
            ZmqTemplate template = context.getBean(ZmqTemplate.class);
            assertThatThrownBy(() -> template.sendAndReceiveAsync("quotes", "q", String.class))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one request at a time");
        });
    }

    @Test
    void aServerTemplateSendsToTheClientWithTheRoutingId() {
        runner.withPropertyValues("monocoque.sockets.news.type=server", "monocoque.sockets.news.bind=tcp://127.0.0.1:*").run(context -> {
            ZmqTemplate template = context.getBean(ZmqTemplate.class);
            ZmqSocket news = context.getBean("news", ZmqSocket.class);
            try (ZmqSocket a = peer(SocketType.CLIENT); ZmqSocket b = peer(SocketType.CLIENT)) {
                a.connect(news.lastEndpoint());
                b.connect(news.lastEndpoint());
                a.send(ZmqMessage.of("a"));
                b.send(ZmqMessage.of("b"));
                ZmqMessage one = news.receive(WAIT);
                ZmqMessage two = news.receive(WAIT);
                int idOfB = one.frameString(0).equals("b") ? one.routingId() : two.routingId();

                template.send("news", idOfB, "for b only");
                assertThat(b.receive(WAIT).frameString(0)).isEqualTo("for b only");
                assertThat(a.receive(Duration.ofMillis(200))).isNull();

                assertThatThrownBy(() -> template.send("news", idOfB + 1000, "nobody")).isInstanceOf(ZmqException.class)
                        .satisfies(e -> assertThat(((ZmqException) e).error()).isEqualTo(ZmqError.EHOSTUNREACH));
                assertThatThrownBy(() -> template.send("news", "topic", "x")).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("single-frame");
            }
        });
    }

    @Test
    void aPeerTemplateSendsToTheRoutingIdConnectPeerReturned() {
        try (ZmqSocket remote = peer(SocketType.PEER)) {
            remote.bind("tcp://127.0.0.1:*");
            runner.withPropertyValues("monocoque.sockets.mesh.type=peer", "monocoque.sockets.mesh.bind=tcp://127.0.0.1:*").run(context -> {
                ZmqTemplate template = context.getBean(ZmqTemplate.class);
                int toRemote = context.getBean("mesh", ZmqSocket.class).connectPeer(remote.lastEndpoint());
                template.send("mesh", toRemote, "hello peer");
                ZmqMessage got = remote.receive(WAIT);
                assertThat(got.frameString(0)).isEqualTo("hello peer");
                assertThat(got.routingId()).isNotZero();
            });
        }
    }

    @Test
    void aScatterTemplateSendsSingleFramesToItsGathers() {
        try (ZmqSocket gather = peer(SocketType.GATHER)) {
            gather.bind("tcp://127.0.0.1:*");
            runner.withPropertyValues("monocoque.sockets.tasks.type=scatter", "monocoque.sockets.tasks.connect=" + gather.lastEndpoint(),
                    "monocoque.template.type-id-header=true").run(context -> {
                        ZmqTemplate template = context.getBean(ZmqTemplate.class);
                        template.send("tasks", new Task("t1"));
                        ZmqMessage received = gather.receive(WAIT);
                        assertThat(received.size()).as("no type id frame on a single-frame type").isEqualTo(1);
                        assertThat(received.frameString(0)).isEqualTo("{\"name\":\"t1\"}");
                        assertThatThrownBy(() -> template.send("tasks", 7, "x")).isInstanceOf(IllegalArgumentException.class)
                                .hasMessageContaining("SERVER");
                    });
        }
    }

    record Task(String name) {
    }
}
