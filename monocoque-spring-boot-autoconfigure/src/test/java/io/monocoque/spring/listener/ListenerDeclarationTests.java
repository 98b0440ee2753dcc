package io.monocoque.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.spring.autoconfigure.ZmqListenerContainerFactoryConfigurer;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

/** Repeated {@code @ZmqListener}s, and a second container factory made with the auto-configuration's configurer. */
class ListenerDeclarationTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class))
            .withPropertyValues("monocoque.sockets.eu.type=pull", "monocoque.sockets.eu.bind=inproc://eu-orders",
                    "monocoque.listener.concurrency=2", "monocoque.listener.shutdown-timeout=3s", "monocoque.listener.retry.max-attempts=2");

    @Test
    void aRepeatedZmqListenerGivesOneListenerPerAnnotationOnTheSameMethod() {
        runner.withUserConfiguration(Repeated.class).run(context -> {
            ZmqListenerEndpointRegistry registry = context.getBean(ZmqListenerEndpointRegistry.class);
            assertThat(registry.getListenerContainerIds()).contains("eu", "us");
            assertThat(registry.getListenerContainer("us").getSocketType()).isEqualTo(SocketType.PULL);
            ZmqContext zmq = context.getBean(ZmqContext.class);
            try (ZmqSocket eu = zmq.createSocket(SocketType.PUSH); ZmqSocket us = zmq.createSocket(SocketType.PUSH)) {
                eu.connect("inproc://eu-orders");
                us.connect("inproc://us-orders");
                eu.send("e1");
                us.send("u1");
                Repeated listeners = context.getBean(Repeated.class);
                await().atMost(WAIT).until(() -> listeners.seen.size() == 2);
                assertThat(listeners.seen).containsExactlyInAnyOrder("eu:e1", "us:u1"); // an inline socket is named after its listener
            }
        });
    }

    @Test
    void aSecondFactoryMadeWithTheConfigurerHasTheAutoConfiguredSettingsAndOnlyItsOwnChanges() {
        runner.withUserConfiguration(SecondFactory.class).run(context -> {
            DefaultZmqListenerContainerFactory auto = context.getBean("zmqListenerContainerFactory", DefaultZmqListenerContainerFactory.class);
            DefaultZmqListenerContainerFactory bulk = context.getBean("bulk", DefaultZmqListenerContainerFactory.class);
            assertThat(bulk.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(3)).isEqualTo(auto.getShutdownTimeout());
            assertThat(bulk.getRetryPolicy()).isNotNull().isSameAs(auto.getRetryPolicy());
            assertThat(bulk.getTaskExecutor()).isSameAs(auto.getTaskExecutor());
            assertThat(bulk.getMessageMapper()).isSameAs(auto.getMessageMapper());
            ZmqListenerEndpointRegistry registry = context.getBean(ZmqListenerEndpointRegistry.class);
            assertThat(registry.getListenerContainer("bulk-listener").getConcurrency()).isEqualTo(5);
            assertThat(registry.getListenerContainer("default-listener").getConcurrency()).isEqualTo(2);
        });
    }

    @Test
    void theListenerPhaseIsAPropertyAndMustStayAboveTheSockets() {
        runner.withPropertyValues("monocoque.listener.phase=" + (Integer.MAX_VALUE - 100)).run(context ->
                assertThat(context.getBean(ZmqListenerEndpointRegistry.class).getPhase()).isEqualTo(Integer.MAX_VALUE - 100));
        runner.withPropertyValues("monocoque.listener.phase=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("monocoque.listener.phase");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Repeated {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @ZmqListener(id = "eu", socket = "eu")
        @ZmqListener(id = "us", type = SocketType.PULL, bind = "inproc://us-orders")
        void order(String body, @Header(io.monocoque.spring.support.ZmqHeaders.SOCKET) String socket) {
            seen.add(socket + ":" + body);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SecondFactory {

        @Bean
        DefaultZmqListenerContainerFactory bulk(ZmqListenerContainerFactoryConfigurer configurer) {
            DefaultZmqListenerContainerFactory factory = new DefaultZmqListenerContainerFactory();
            configurer.configure(factory);
            factory.setConcurrency(5);
            return factory;
        }

        @ZmqListener(id = "bulk-listener", socket = "eu", containerFactory = "bulk")
        void bulk(String body) {
        }

        @ZmqListener(id = "default-listener", type = SocketType.PULL, bind = "inproc://other")
        void other(String body) {
        }
    }
}
