package io.monocoque.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The draft socket types are declared in {@code application.yml} like the classic ones, and the
 * properties that make no sense on them stop start-up naming the property.
 */
class DraftSocketTypesPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class));

    @Test
    void serverAndClientSocketsAreBoundFromPropertiesAndTalk() {
        runner.withPropertyValues("monocoque.sockets.answers.type=server", "monocoque.sockets.answers.bind=inproc://answers",
                "monocoque.sockets.questions.type=CLIENT", "monocoque.sockets.questions.connect=inproc://answers",
                "monocoque.sockets.questions.send-high-water-mark=10").run(context -> {
                    ZmqSocket server = context.getBean("answers", ZmqSocket.class);
                    ZmqSocket client = context.getBean("questions", ZmqSocket.class);
                    assertThat(server.type()).isEqualTo(SocketType.SERVER);
                    assertThat(client.type()).isEqualTo(SocketType.CLIENT);

                    client.send(ZmqMessage.of("ping"));
                    ZmqMessage request = server.receive(Duration.ofSeconds(5));
                    assertThat(request.frameString(0)).isEqualTo("ping");
                    server.send(ZmqMessage.of("pong").withRoutingId(request.routingId()));
                    assertThat(client.receive(Duration.ofSeconds(5)).frameString(0)).isEqualTo("pong");
                });
    }

    @Test
    void scatterAndGatherSocketsAreBoundFromProperties() {
        runner.withPropertyValues("monocoque.sockets.work.type=gather", "monocoque.sockets.work.bind=tcp://127.0.0.1:*",
                "monocoque.sockets.work.linger=0s").run(context -> {
                    ZmqSocket gather = context.getBean("work", ZmqSocket.class);
                    assertThat(gather.type()).isEqualTo(SocketType.GATHER);
                    try (ZmqSocket scatter = context.getBean(io.monocoque.zmq.ZmqContext.class).createSocket(SocketType.SCATTER)) {
                        scatter.connect(gather.lastEndpoint());
                        scatter.send(ZmqMessage.of("task"));
                        assertThat(gather.receive(Duration.ofSeconds(5)).frameString(0)).isEqualTo("task");
                    }
                });
    }

    @Test
    void subscriptionsOnAServerAreRefusedNamingTheProperty() {
        assertFailure(analysis -> {
            assertThat(analysis.getDescription()).contains("monocoque.sockets.s.subscribe").contains("server");
            assertThat(analysis.getAction()).contains("Remove monocoque.sockets.s.subscribe");
        }, "monocoque.sockets.s.type=server", "monocoque.sockets.s.bind=inproc://s", "monocoque.sockets.s.subscribe=A");
    }

    @Test
    void anOptionOfAnotherTypeIsRefusedOnAClientNamingTheProperty() {
        assertFailure(analysis -> assertThat(analysis.getDescription()).contains("monocoque.sockets.c.req-relaxed"),
                "monocoque.sockets.c.type=client", "monocoque.sockets.c.connect=inproc://c", "monocoque.sockets.c.req-relaxed=true");
    }

    @Test
    void aRouterOptionIsRefusedOnAServerThroughTheOptionsMapToo() {
        assertFailure(analysis -> assertThat(analysis.getDescription()).contains("monocoque.sockets.s.options"),
                "monocoque.sockets.s.type=server", "monocoque.sockets.s.bind=inproc://s2", "monocoque.sockets.s.options.router-handover=true");
    }

    @Test
    void aDishJoinsItsConfiguredGroupsAndGetsOnlyThoseFromARadio() {
        runner.withPropertyValues("monocoque.sockets.feed.type=dish", "monocoque.sockets.feed.bind=tcp://127.0.0.1:*",
                "monocoque.sockets.feed.groups=eur,usd", "monocoque.sockets.out.type=radio",
                "monocoque.sockets.out.connect=tcp://127.0.0.1:1").run(context -> {
                    ZmqSocket dish = context.getBean("feed", ZmqSocket.class);
                    assertThat(dish.type()).isEqualTo(SocketType.DISH);
                    assertThat(context.getBean("out", ZmqSocket.class).type()).isEqualTo(SocketType.RADIO);
                    try (ZmqSocket radio = context.getBean(io.monocoque.zmq.ZmqContext.class).createSocket(SocketType.RADIO)) {
                        radio.setOption(io.monocoque.zmq.SocketOption.LINGER, Duration.ZERO);
                        radio.connect(dish.lastEndpoint());
                        // a radio sends a group only once the dish's join reached it
                        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                            radio.send(ZmqMessage.of("warm").withGroup("usd"));
                            return dish.receive(Duration.ofMillis(50)) != null;
                        });
                        while (dish.receive(Duration.ofMillis(100)) != null) {
                            // the other warm-ups
                        }
                        radio.send(ZmqMessage.of("x").withGroup("gbp"));
                        radio.send(ZmqMessage.of("1.08").withGroup("eur"));
                        ZmqMessage m = dish.receive(Duration.ofSeconds(5));
                        assertThat(m.group()).isEqualTo("eur");
                        assertThat(m.frameString(0)).isEqualTo("1.08");
                    }
                });
    }

    @Test
    void aRadioConnectsToADishOverUdpFromProperties() {
        runner.withPropertyValues("monocoque.sockets.feed.type=dish", "monocoque.sockets.feed.bind=udp://127.0.0.1:*",
                "monocoque.sockets.feed.groups=eur").run(feedContext -> {
                    ZmqSocket dish = feedContext.getBean("feed", ZmqSocket.class);
                    runner.withPropertyValues("monocoque.sockets.out.type=radio", "monocoque.sockets.out.connect=" + dish.lastEndpoint())
                            .run(context -> {
                                ZmqSocket radio = context.getBean("out", ZmqSocket.class);
                                // udp has no handshake and no join: the dish filters; the first datagrams may go before the bind is served
                                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                                    radio.send(ZmqMessage.of("1.08").withGroup("eur"));
                                    ZmqMessage m = dish.receive(Duration.ofMillis(50));
                                    return m != null && m.group().equals("eur") && m.frameString(0).equals("1.08");
                                });
                            });
                });
    }

    @Test
    void groupsOnAnythingButADishAreRefusedNamingTheProperty() {
        assertFailure(analysis -> {
            assertThat(analysis.getDescription()).contains("monocoque.sockets.s.groups").contains("only dish sockets join groups");
            assertThat(analysis.getAction()).contains("monocoque.sockets.s.subscribe");
        }, "monocoque.sockets.s.type=sub", "monocoque.sockets.s.connect=inproc://g", "monocoque.sockets.s.groups=eur");
        assertFailure(analysis -> assertThat(analysis.getAction()).contains("type to dish"),
                "monocoque.sockets.r.type=radio", "monocoque.sockets.r.bind=inproc://g2", "monocoque.sockets.r.groups=eur");
    }

    @Test
    void subscriptionsOnADishPointToGroups() {
        assertFailure(analysis -> assertThat(analysis.getAction()).contains("monocoque.sockets.d.groups"),
                "monocoque.sockets.d.type=dish", "monocoque.sockets.d.bind=inproc://d", "monocoque.sockets.d.subscribe=eur");
    }

    @Test
    void aGroupTooLongOrListedTwiceIsRefusedNamingItsIndex() {
        assertFailure(analysis -> assertThat(analysis.getDescription()).contains("monocoque.sockets.d.groups[1]").contains("256 bytes"),
                "monocoque.sockets.d.type=dish", "monocoque.sockets.d.bind=inproc://d1", "monocoque.sockets.d.groups=ok," + "x".repeat(256));
        assertFailure(analysis -> assertThat(analysis.getDescription()).contains("monocoque.sockets.d.groups[2]").contains("twice"),
                "monocoque.sockets.d.type=dish", "monocoque.sockets.d.bind=inproc://d2", "monocoque.sockets.d.groups=a,b,a");
    }

    private void assertFailure(Consumer<FailureAnalysis> check, String... properties) {
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new ZmqConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).as("an analysis of %s", context.getStartupFailure()).isNotNull();
            check.accept(analysis);
        });
    }
}
