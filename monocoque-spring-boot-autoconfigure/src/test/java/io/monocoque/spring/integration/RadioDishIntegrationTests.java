package io.monocoque.spring.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.integration.dsl.Zmq;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;

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
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Spring Integration on RADIO/DISH: an inbound adapter on a declared DISH joins its groups and
 * hands on only theirs; an outbound adapter on a RADIO sends in the group of the zmq_group header
 * (a DISH's message relayed keeps its group) or of its group function.
 */
@SpringBootTest(classes = RadioDishIntegrationTests.App.class, properties = {
        "monocoque.sockets.out.type=radio", "monocoque.sockets.out.bind=tcp://127.0.0.1:*",
        "monocoque.sockets.by-symbol.type=radio", "monocoque.sockets.by-symbol.bind=tcp://127.0.0.1:*"})
@DirtiesContext
class RadioDishIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ZmqContext PEERS = ZmqContext.create();

    @AfterAll
    static void closePeers() {
        PEERS.close();
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    @Qualifier("out")
    ZmqSocket out;

    @Autowired
    @Qualifier("by-symbol")
    ZmqSocket bySymbol;

    private static ZmqSocket socket(SocketType type) {
        ZmqSocket s = PEERS.createSocket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO);
        return s;
    }

    /** Sends {@code send} until {@code dish} receives something (its join has reached the radio), then drains it. */
    private static void untilJoined(Runnable send, ZmqSocket dish) {
        await().atMost(WAIT).until(() -> {
            send.run();
            return dish.receive(Duration.ofMillis(50)) != null;
        });
        while (dish.receive(Duration.ofMillis(100)) != null) {
            // the other warm-ups
        }
    }

    @Test
    void aDishAdapterHandsOnOnlyItsGroupsAndARadioAdapterSendsThemOnInTheirGroup() {
        ZmqSocket dishIn = context.getBean("dishIn", ZmqInboundChannelAdapter.class).getSocketSource().current();
        try (ZmqSocket radio = socket(SocketType.RADIO); ZmqSocket dish = socket(SocketType.DISH)) {
            dish.join("alerts");
            dish.join("other");
            dish.connect(out.lastEndpoint());
            radio.connect(dishIn.lastEndpoint());
            untilJoined(() -> radio.send(ZmqMessage.of("warm").withGroup("alerts")), dish);

            radio.send(ZmqMessage.of("ignored").withGroup("other")); // the adapter's dish did not join it
            radio.send(ZmqMessage.of("fire").withGroup("alerts"));
            ZmqMessage relayed = dish.receive(WAIT);
            assertThat(relayed.group()).isEqualTo("alerts");
            assertThat(relayed.frameString(0)).isEqualTo("FIRE");
            assertThat(dish.receive(Duration.ofMillis(200))).isNull();
        }
    }

    @Test
    void aRadioAdapterWithAGroupFunctionSendsEachMessageInItsGroup() {
        MessageChannel ticks = context.getBean("ticks.input", MessageChannel.class);
        try (ZmqSocket dish = socket(SocketType.DISH)) {
            dish.join("EURUSD");
            dish.connect(bySymbol.lastEndpoint());
            untilJoined(() -> ticks.send(MessageBuilder.withPayload("EURUSD 1.08").build()), dish);
            ticks.send(MessageBuilder.withPayload("GBPUSD 1.27").build());
            ticks.send(MessageBuilder.withPayload("EURUSD 1.09").build());
            ZmqMessage tick = dish.receive(WAIT);
            assertThat(tick.group()).isEqualTo("EURUSD");
            assertThat(tick.frameString(0)).isEqualTo("EURUSD 1.09");
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableIntegration
    static class App {

        @Bean
        IntegrationFlow alerts() {
            return IntegrationFlow.from(Zmq.inboundAdapter(SocketType.DISH).bind("tcp://127.0.0.1:*").groups("alerts")
                            .payloadType(String.class).id("dishIn"))
                    .transform(String.class, s -> s.toUpperCase(java.util.Locale.ROOT)) // zmq_group stays on the message
                    .handle(Zmq.outboundAdapter("out")).get();
        }

        @Bean
        IntegrationFlow ticks() {
            return f -> f.handle(Zmq.outboundAdapter("by-symbol").groupFunction(m -> ((String) m.getPayload()).split(" ")[0]));
        }
    }
}
