package io.monocoque.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.spring.core.ZmqTemplate;
import io.monocoque.spring.support.ZmqHeaders;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.testing.ClientContext;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.SendTo;

/**
 * {@code @ZmqListener} on DISH sockets gets only the groups it joined (from {@code groups} on the
 * listener, on start, left on stop, and from {@code monocoque.sockets.<name>.groups}); a DISH
 * listener's results go to a RADIO in the group they came in; the template sends on a RADIO in
 * a group.
 */
@SpringBootTest(classes = RadioDishListenerTests.App.class, properties = {
        "monocoque.sockets.feed.type=dish", "monocoque.sockets.feed.bind=tcp://127.0.0.1:*", "monocoque.sockets.feed.groups=news",
        "monocoque.sockets.relay.type=radio", "monocoque.sockets.relay.bind=tcp://127.0.0.1:*",
        "monocoque.sockets.ticks.type=radio", "monocoque.sockets.ticks.bind=tcp://127.0.0.1:*"})
class RadioDishListenerTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final ClientContext clients = new ClientContext();

    @Autowired
    Listeners listeners;

    @Autowired
    ZmqListenerEndpointRegistry registry;

    @Autowired
    ZmqTemplate template;

    @Autowired
    @Qualifier("feed")
    ZmqSocket feed;

    @Autowired
    @Qualifier("relay")
    ZmqSocket relay;

    @Autowired
    @Qualifier("ticks")
    ZmqSocket ticks;

    private static ZmqSocket radioTo(String endpoint) {
        ZmqSocket radio = clients.createSocket(SocketType.RADIO);
        radio.setOption(SocketOption.LINGER, Duration.ZERO);
        radio.connect(endpoint);
        return radio;
    }

    /** A RADIO sends a group only to a DISH whose join reached it: send until the first one is there. */
    private static void untilJoined(ZmqSocket radio, String group, BlockingQueue<String> received) {
        await().atMost(WAIT).until(() -> {
            radio.send(ZmqMessage.of("probe").withGroup(group));
            String got = received.poll(50, TimeUnit.MILLISECONDS);
            return got != null;
        });
        received.clear();
    }

    @Test
    void anInlineDishListenerReceivesOnlyTheGroupsItJoined() throws Exception {
        try (ZmqSocket radio = radioTo(registry.getListenerContainer("weather").getSocket().lastEndpoint())) {
            untilJoined(radio, "rain", listeners.weather);
            untilJoined(radio, "sun", listeners.weather);
            radio.send(ZmqMessage.of("storm warning").withGroup("storm"));   // not joined
            radio.send(ZmqMessage.of("sunny").withGroup("sunshine"));        // exact names, not prefixes
            radio.send(ZmqMessage.of("showers").withGroup("rain"));
            radio.send(ZmqMessage.of("bright").withGroup("sun"));
            assertThat(listeners.weather.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("rain: showers");
            assertThat(listeners.weather.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("sun: bright");
            assertThat(listeners.weather.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void aListenerOnAConfiguredDishJoinsItsGroupsOnStartAndLeavesThemOnStopKeepingTheSocketsOwn() throws Exception {
        ZmqListenerContainer container = registry.getListenerContainer("sport");
        try (ZmqSocket radio = radioTo(feed.lastEndpoint())) {
            untilJoined(radio, "sport", listeners.sport);
            radio.send(ZmqMessage.of("goal").withGroup("sport"));
            assertThat(listeners.sport.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("sport: goal");

            container.stop();
            // "news" is the socket's own group (monocoque.sockets.feed.groups): still joined; "sport" was the listener's: left
            await().atMost(WAIT).until(() -> {
                radio.send(ZmqMessage.of("after stop").withGroup("sport"));
                radio.send(ZmqMessage.of("headline").withGroup("news"));
                ZmqMessage m = feed.receive(Duration.ofMillis(50));
                while (m != null && !m.group().equals("news")) { // what was in flight as the leave went out
                    m = feed.receive(Duration.ofMillis(50));
                }
                return m != null;
            });
            radio.send(ZmqMessage.of("after stop").withGroup("sport"));
            radio.send(ZmqMessage.of("second headline").withGroup("news"));
            ZmqMessage next;
            do {
                next = feed.receive(WAIT);
            } while (next != null && next.frameString(0).equals("headline"));
            assertThat(next.group()).as("a left group is not sent to the dish any more").isEqualTo("news");
            assertThat(next.frameString(0)).isEqualTo("second headline");
        } finally {
            container.start();
        }
    }

    @Test
    void aDishListenerRelaysToARadioInTheGroupItReceivedAndTheTemplateSendsInAGroup() throws Exception {
        try (ZmqSocket dish = clients.createSocket(SocketType.DISH); ZmqSocket radio = radioTo(
                registry.getListenerContainer("relaying").getSocket().lastEndpoint())) {
            dish.setOption(SocketOption.LINGER, Duration.ZERO);
            dish.join("eur");
            dish.join("ticks-a");
            dish.connect(relay.lastEndpoint());
            dish.connect(ticks.lastEndpoint());

            await().atMost(WAIT).until(() -> { // the relay's DISH joined "eur" and our DISH's join reached the relay RADIO
                radio.send(ZmqMessage.of("warm").withGroup("eur"));
                return dish.receive(Duration.ofMillis(50)) != null;
            });
            while (dish.receive(Duration.ofMillis(100)) != null) {
                // the other warm-ups
            }
            radio.send(ZmqMessage.of("1.08").withGroup("eur"));
            ZmqMessage relayed = dish.receive(WAIT);
            assertThat(relayed.group()).isEqualTo("eur");
            assertThat(relayed.frameString(0)).isEqualTo("relayed 1.08");

            await().atMost(WAIT).until(() -> {
                template.send("ticks", "ticks-a", "warm");
                return dish.receive(Duration.ofMillis(50)) != null;
            });
            while (dish.receive(Duration.ofMillis(100)) != null) {
                // the other warm-ups
            }
            template.send("ticks", "ticks-b", "not joined");
            template.send("ticks", "ticks-a", "joined");
            ZmqMessage tick = dish.receive(WAIT);
            assertThat(tick.group()).isEqualTo("ticks-a");
            assertThat(tick.frameString(0)).isEqualTo("joined");
        }
    }

    @Test
    void aDgramListenerAnswersEachDatagramToItsSender() throws Exception {
        String endpoint = registry.getListenerContainer("datagrams").getSocket().lastEndpoint();
        int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
        try (java.net.DatagramSocket udp = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            udp.setSoTimeout((int) WAIT.toMillis());
            byte[] ping = "ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            udp.send(new java.net.DatagramPacket(ping, ping.length, java.net.InetAddress.getLoopbackAddress(), port));
            java.net.DatagramPacket answer = new java.net.DatagramPacket(new byte[64], 64);
            udp.receive(answer);
            assertThat(new String(answer.getData(), 0, answer.getLength(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PING");
        }
    }

    static class Listeners {

        final BlockingQueue<String> weather = new LinkedBlockingQueue<>();
        final BlockingQueue<String> sport = new LinkedBlockingQueue<>();

        @ZmqListener(id = "weather", type = SocketType.DISH, bind = "tcp://127.0.0.1:*", groups = {"rain", "sun"})
        void weather(String report, @Header(ZmqHeaders.GROUP) String group) {
            weather.add(group + ": " + report);
        }

        @ZmqListener(id = "sport", socket = "feed", groups = "sport")
        void sport(String item, @Header(ZmqHeaders.GROUP) String group) {
            if (!group.equals("news")) {
                sport.add(group + ": " + item);
            }
        }

        @ZmqListener(id = "datagrams", type = SocketType.DGRAM, bind = "udp://127.0.0.1:*")
        String datagram(String body) {
            return body.toUpperCase(java.util.Locale.ROOT);
        }

        @ZmqListener(id = "relaying", type = SocketType.DISH, bind = "tcp://127.0.0.1:*", groups = "eur")
        @SendTo("relay")
        String relay(String price) {
            return "relayed " + price;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Listeners.class)
    static class App {
    }
}
