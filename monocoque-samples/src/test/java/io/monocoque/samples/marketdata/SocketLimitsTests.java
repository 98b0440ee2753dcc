package io.monocoque.samples.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.spring.autoconfigure.MonocoqueProperties;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Every socket of the sample states how large a message it takes (none relies on a default),
 * and the sockets that serve many clients heartbeat them.
 */
@MarketDataTest
class SocketLimitsTests {

    @Autowired
    MonocoqueProperties properties;

    @Autowired
    Environment environment;

    @Autowired
    ApplicationContext context;

    @Test
    void everyConfiguredSocketSetsAnExplicitMessageSizeLimitThatReachesTheSocket() {
        assertThat(properties.getSockets()).isNotEmpty();
        properties.getSockets().forEach((name, definition) -> {
            String key = "monocoque.sockets." + name + ".max-message-size";
            assertThat(environment.containsProperty(key)).as(key + " in application.yml").isTrue();
            long limit = context.getBean(name, ZmqSocket.class).getOption(SocketOption.MAX_MESSAGE_SIZE);
            assertThat(limit).as(name).isEqualTo(DataSize.parse(environment.getProperty(key)).toBytes()).isPositive();
        });
    }

    @Test
    void socketsThatServeClientsHeartbeatThem() {
        properties.getSockets().forEach((name, definition) -> {
            if (definition.getBind().isEmpty() || definition.getType() == SocketType.PUSH) {
                return;
            }
            ZmqSocket socket = context.getBean(name, ZmqSocket.class);
            assertThat(socket.getOption(SocketOption.HEARTBEAT_INTERVAL)).as(name).isPositive();
            assertThat(socket.getOption(SocketOption.HEARTBEAT_TIMEOUT)).as(name).isGreaterThan(Duration.ZERO);
        });
    }
}
