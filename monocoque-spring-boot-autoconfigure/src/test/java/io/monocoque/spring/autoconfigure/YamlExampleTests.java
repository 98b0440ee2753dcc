package io.monocoque.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqSocket;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The application.yml of the example gives working sockets, options and security. */
@SpringBootTest(classes = YamlExampleTests.ExampleApplication.class)
@ActiveProfiles("yaml-example")
class YamlExampleTests {

    private static final CurveKeyPair PRICES = CurveKeyPair.generate();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) throws Exception {
        registry.add("PRICES_SECRET_KEY", PRICES::secretKeyZ85);
        Path dir = Files.createTempDirectory("monocoque-yaml");
        registry.add("example.ipc-path", () -> dir.resolve("prices").toString());
    }

    @Autowired
    @Qualifier("orders")
    ZmqSocket orders;

    @Autowired
    @Qualifier("prices")
    ZmqSocket prices;

    @Autowired
    @Qualifier("quotes")
    ZmqSocket quotes;

    @Test
    void everySocketOfTheExampleIsABeanWithItsSettings() {
        assertThat(orders.type()).isEqualTo(SocketType.PULL);
        assertThat(orders.getOption(SocketOption.RECEIVE_HIGH_WATER_MARK)).isEqualTo(10000);
        assertThat(orders.lastEndpoint()).startsWith("tcp://127.0.0.1:");

        assertThat(prices.type()).isEqualTo(SocketType.PUB);
        assertThat(prices.endpoints()).hasSize(2).anySatisfy(e -> assertThat(e).startsWith("ipc://"));
        assertThat(prices.getOption(SocketOption.CURVE_SERVER)).isTrue();
        assertThat(prices.getOption(SocketOption.CURVE_PUBLIC_KEY)).isEqualTo(PRICES.publicKey());

        assertThat(quotes.type()).isEqualTo(SocketType.REQ);
        assertThat(quotes.getOption(SocketOption.SEND_TIMEOUT)).isEqualTo(Duration.ofSeconds(2));
        assertThat(quotes.endpoints()).containsExactly("tcp://127.0.0.1:5555");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ExampleApplication {
    }
}
