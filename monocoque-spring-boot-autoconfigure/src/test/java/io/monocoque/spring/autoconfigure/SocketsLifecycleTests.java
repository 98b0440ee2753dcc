package io.monocoque.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How configured sockets live with the context: logged at start, and bound through a pause (the
 * test context cache pauses the contexts it is not using), so that after a restart the same
 * socket beans serve again and what arrived during the pause is delivered then.
 */
class SocketsLifecycleTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class))
            .withUserConfiguration(Listener.class)
            .withPropertyValues("monocoque.sockets.orders.type=pull", "monocoque.sockets.orders.bind=tcp://127.0.0.1:*",
                    "monocoque.sockets.orders.linger=0s");

    @Test
    void socketsStayBoundWhileTheContextIsPausedAndListenersResumeOnRestart() {
        runner.run(context -> {
            ConfigurableApplicationContext app = context.getSourceApplicationContext(ConfigurableApplicationContext.class);
            ZmqSocket orders = context.getBean("orders", ZmqSocket.class);
            String endpoint = orders.lastEndpoint();
            Listener listener = context.getBean(Listener.class);
            try (ZmqSocket push = context.getBean(ZmqContext.class).createSocket(SocketType.PUSH)) {
                push.setOption(SocketOption.LINGER, Duration.ZERO);
                push.connect(endpoint);
                push.send(ZmqMessage.of("before"));
                await().atMost(Duration.ofSeconds(10)).until(() -> listener.received.contains("before"));

                app.pause();
                assertThat(orders.isClosed()).isFalse();
                assertThat(orders.endpoints()).containsExactly(endpoint);
                push.send(ZmqMessage.of("during"));

                app.restart();
                await().atMost(Duration.ofSeconds(10)).until(() -> listener.received.contains("during"));
                push.send(ZmqMessage.of("after"));
                await().atMost(Duration.ofSeconds(10)).until(() -> listener.received.contains("after"));
                assertThat(listener.received).containsExactly("before", "during", "after");
            }
        });
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void eachSocketIsLoggedAtStartWithItsEndpointsAndSecurity(CapturedOutput output) {
        runner.withPropertyValues("monocoque.sockets.secure.type=router", "monocoque.sockets.secure.bind=tcp://127.0.0.1:*",
                "monocoque.sockets.secure.linger=0s", "monocoque.sockets.secure.curve.server=true",
                "monocoque.sockets.secure.curve.secret-key=" + CurveKeyPair.generate().secretKeyZ85(),
                "monocoque.sockets.secure.curve.allow-any=true").run(context -> {
            ZmqSocket orders = context.getBean("orders", ZmqSocket.class);
            ZmqSocket secure = context.getBean("secure", ZmqSocket.class);
            assertThat(output.getOut()).contains("ZeroMQ socket 'orders' (PULL) on " + orders.lastEndpoint())
                    .contains("ZeroMQ socket 'secure' (ROUTER, CURVE server) on " + secure.lastEndpoint());
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Listener {

        final List<String> received = new CopyOnWriteArrayList<>();

        @ZmqListener(socket = "orders")
        void onOrder(String order) {
            received.add(order);
        }

        @Bean
        String marker() {
            return "listener";
        }
    }
}
