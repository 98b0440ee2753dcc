package io.monocoque.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/** Stopping the application lets a request in progress finish and its reply go out before sockets close. */
class GracefulShutdownTests {

    @Test
    void aRequestInProgressWhenTheApplicationStopsStillGetsItsReply() throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(SlowService.class).web(WebApplicationType.NONE)
                .properties("monocoque.sockets.service.type=rep", "monocoque.sockets.service.bind=tcp://127.0.0.1:*",
                        "spring.main.banner-mode=off")
                .run();
        ZmqSocket service = app.getBean("service", ZmqSocket.class);
        CountDownLatch handling = app.getBean(CountDownLatch.class);
        ZmqListenerEndpointRegistry registry = app.getBean(ZmqListenerEndpointRegistry.class);
        try (ZmqContext clients = ZmqContext.create(); ZmqSocket req = clients.createSocket(SocketType.REQ)) {
            req.connect(service.lastEndpoint());
            req.send("work");
            assertThat(handling.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);
            ZmqMessage reply = req.receive(Duration.ofSeconds(5));
            assertThat(reply).isNotNull();
            assertThat(reply.frameString(0)).isEqualTo("done work");
            closing.get(10, TimeUnit.SECONDS);
        }
        assertThat(service.isClosed()).isTrue();
        assertThat(registry.isRunning()).isFalse();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class SlowService {

        private final CountDownLatch handling = new CountDownLatch(1);

        @Bean
        CountDownLatch handling() {
            return handling;
        }

        @ZmqListener(socket = "service")
        String work(String body) throws InterruptedException {
            handling.countDown();
            Thread.sleep(500);
            return "done " + body;
        }
    }
}
