package io.monocoque.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.spring.annotation.ZmqListener;
import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;
import io.monocoque.spring.core.ZmqConfigurationException;
import io.monocoque.zmq.SocketType;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Listener declarations that cannot work are refused at start, with the attribute or property to fix. */
class ZmqListenerConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class));

    @Test
    void concurrencyAboveOneOnAConfiguredRepSocketIsRefusedWithTheWayOut() {
        refused(ConcurrentRep.class, e -> {
            assertThat(e.getSource()).isEqualTo("@ZmqListener(concurrency)");
            assertThat(e.getProblem()).contains("'quotes', a REP socket").contains("one request at a time");
            assertThat(e.getAction()).contains("monocoque.sockets.quotes.type to router");
        }, "monocoque.sockets.quotes.type=rep", "monocoque.sockets.quotes.bind=inproc://quotes");
    }

    @Test
    void aSendToSocketThatDoesNotExistStopsStartUpInsteadOfFailingEveryMessage() {
        refused(SendsToGhost.class, e -> {
            assertThat(e.getSource()).isEqualTo("@SendTo");
            assertThat(e.getValue()).isEqualTo("ghost");
            assertThat(e.getProblem()).contains("no ZmqSocket bean");
            assertThat(e.getAction()).contains("monocoque.sockets.ghost");
        }, "monocoque.sockets.in.type=pull", "monocoque.sockets.in.bind=inproc://in");
    }

    @Test
    void aSendToSocketThatCannotSendStopsStartUp() {
        refused(SendsToGhost.class, e -> {
            assertThat(e.getProblem()).contains("'ghost', a PULL socket, which only receives");
            assertThat(e.getAction()).contains("push");
        }, "monocoque.sockets.in.type=pull", "monocoque.sockets.in.bind=inproc://in",
                "monocoque.sockets.ghost.type=pull", "monocoque.sockets.ghost.bind=inproc://ghost");
        refused(SendsToGhost.class, e -> assertThat(e.getProblem()).contains("a REP socket, which sends only the reply"),
                "monocoque.sockets.in.type=pull", "monocoque.sockets.in.bind=inproc://in",
                "monocoque.sockets.ghost.type=rep", "monocoque.sockets.ghost.bind=inproc://ghost");
    }

    @Test
    void aSendToSocketThatSendsIsAccepted() {
        runner.withUserConfiguration(SendsToGhost.class).withPropertyValues("monocoque.sockets.in.type=pull",
                "monocoque.sockets.in.bind=inproc://in", "monocoque.sockets.ghost.type=push", "monocoque.sockets.ghost.bind=inproc://ghost")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theDefaultConcurrencyGivesConfiguredAndInlineRepListenersTheSameSingleThread() {
        runner.withUserConfiguration(RepListeners.class).withPropertyValues("monocoque.listener.concurrency=3",
                "monocoque.sockets.quotes.type=rep", "monocoque.sockets.quotes.bind=inproc://quotes",
                "monocoque.sockets.in.type=pull", "monocoque.sockets.in.bind=inproc://in").run(context -> {
                    assertThat(context).hasNotFailed();
                    ZmqListenerEndpointRegistry registry = context.getBean(ZmqListenerEndpointRegistry.class);
                    for (String id : new String[] {"configured-rep", "inline-rep"}) {
                        ZmqListenerContainer container = registry.getListenerContainer(id);
                        assertThat(container.getConcurrency()).as(id).isEqualTo(1);
                        assertThat(container.getSocket().type()).as(id).isEqualTo(SocketType.REP);
                    }
                    assertThat(registry.getListenerContainer("pull").getConcurrency()).isEqualTo(3); // the default still applies elsewhere
                });
    }

    @Test
    void aListenerOnASendOnlySocketIsRefused() {
        refused(OnPub.class, e -> {
            assertThat(e.getProblem()).contains("PUB socket").contains("only sends");
            assertThat(e.getAction()).contains("ZmqTemplate");
        }, "monocoque.sockets.feed.type=pub", "monocoque.sockets.feed.bind=inproc://feed");
    }

    @Test
    void aListenerOnASocketThatIsNotThereIsRefused() {
        refused(OnMissing.class, e -> {
            assertThat(e.getProblem()).contains("no ZmqSocket bean").contains("'ghost'");
            assertThat(e.getAction()).contains("monocoque.sockets.ghost");
        });
    }

    @Test
    void aListenerThatNamesNoSocketIsRefused() {
        refused(NoSocket.class, e -> assertThat(e.getProblem()).contains("NoSocket.listen()").contains("names no socket"));
    }

    @Test
    void aListenerThatNamesASocketAndDeclaresOneIsRefused() {
        refused(Both.class, e -> assertThat(e.getAction()).contains("Keep one"));
    }

    @Test
    void anInlineSocketThatNeitherBindsNorConnectsIsRefused() {
        refused(Unattached.class, e -> assertThat(e.getProblem()).contains("neither binds nor connects"));
    }

    @Test
    void anInlineEndpointThatIsMalformedIsRefused() {
        refused(BadEndpoint.class, e -> {
            assertThat(e.getSource()).isEqualTo("@ZmqListener(connect)[0]");
            assertThat(e.getValue()).isEqualTo("localhost:5555");
        });
    }

    @Test
    void anUnknownErrorHandlerIsRefused() {
        refused(UnknownErrorHandler.class, e -> assertThat(e.getProblem()).contains("no ZmqListenerErrorHandler bean"),
                "monocoque.sockets.in.type=pull", "monocoque.sockets.in.bind=inproc://in");
    }

    @Test
    void placeholdersResolveInListenerAttributes() {
        runner.withUserConfiguration(WithPlaceholders.class)
                .withPropertyValues("app.endpoint=inproc://placeholder", "app.threads=3", "app.start=false")
                .run(context -> {
                    ZmqListenerContainer container = context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer("placed");
                    assertThat(container.getConcurrency()).isEqualTo(3);
                    assertThat(container.isAutoStartup()).isFalse();
                    assertThat(container.isRunning()).isFalse();
                });
    }

    @Test
    void listenerDefaultsComeFromProperties() {
        runner.withUserConfiguration(Defaults.class)
                .withPropertyValues("monocoque.listener.concurrency=2", "monocoque.listener.auto-startup=false")
                .run(context -> {
                    ZmqListenerContainer container = context.getBean(ZmqListenerEndpointRegistry.class)
                            .getListenerContainer("defaults");
                    assertThat(container.getConcurrency()).isEqualTo(2);
                    assertThat(container.isRunning()).isFalse();
                });
    }

    @Test
    void aDeclaredDishWithoutGroupsIsRefusedAsItWouldReceiveNothing() {
        refused(DishWithoutGroups.class, e -> {
            assertThat(e.getSource()).isEqualTo("@ZmqListener(groups)");
            assertThat(e.getProblem()).contains("joins no group");
        });
    }

    @Test
    void topicsOnADishAndGroupsOnASubAreRefusedNamingTheOtherAttribute() {
        refused(TopicsOnDish.class, e -> {
            assertThat(e.getSource()).isEqualTo("@ZmqListener(topics)");
            assertThat(e.getAction()).contains("groups");
        });
        refused(GroupsOnSub.class, e -> {
            assertThat(e.getSource()).isEqualTo("@ZmqListener(groups)");
            assertThat(e.getAction()).contains("topics");
        }, "monocoque.sockets.prices.type=sub", "monocoque.sockets.prices.connect=inproc://prices");
    }

    @Configuration(proxyBeanMethods = false)
    static class DishWithoutGroups {
        @io.monocoque.spring.annotation.ZmqListener(type = io.monocoque.zmq.SocketType.DISH, bind = "inproc://dish-none")
        void on(String s) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TopicsOnDish {
        @io.monocoque.spring.annotation.ZmqListener(type = io.monocoque.zmq.SocketType.DISH, bind = "inproc://dish-topics",
                topics = "eur")
        void on(String s) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class GroupsOnSub {
        @io.monocoque.spring.annotation.ZmqListener(socket = "prices", groups = "eur")
        void on(String s) {
        }
    }

    private void refused(Class<?> listeners, Consumer<ZmqConfigurationException> check, String... properties) {
        runner.withUserConfiguration(listeners).withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof ZmqConfigurationException)) {
                failure = failure.getCause();
            }
            assertThat(failure).as("a ZmqConfigurationException in %s", context.getStartupFailure()).isNotNull();
            check.accept((ZmqConfigurationException) failure);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class ConcurrentRep {
        @ZmqListener(socket = "quotes", concurrency = "4")
        String quote(String request) {
            return request;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RepListeners {
        @ZmqListener(id = "configured-rep", socket = "quotes")
        String configured(String request) {
            return request;
        }

        @ZmqListener(id = "inline-rep", type = SocketType.REP, bind = "inproc://inline-quotes")
        String inline(String request) {
            return request;
        }

        @ZmqListener(id = "pull", socket = "in")
        void pull(String m) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SendsToGhost {
        @ZmqListener(socket = "in")
        @org.springframework.messaging.handler.annotation.SendTo("ghost")
        String forward(String m) {
            return m;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OnPub {
        @ZmqListener(socket = "feed")
        void listen(String m) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OnMissing {
        @ZmqListener(socket = "ghost")
        void listen(String m) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NoSocket {
        @ZmqListener
        void listen(String m) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Both {
        @ZmqListener(socket = "in", type = SocketType.PULL, bind = "inproc://x")
        void listen(String m) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Unattached {
        @ZmqListener(type = SocketType.PULL)
        void listen(String m) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BadEndpoint {
        @ZmqListener(type = SocketType.SUB, connect = "localhost:5555")
        void listen(String m) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UnknownErrorHandler {
        @ZmqListener(socket = "in", errorHandler = "nope")
        void listen(String m) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WithPlaceholders {
        @ZmqListener(id = "placed", type = SocketType.PULL, bind = "${app.endpoint}", concurrency = "${app.threads}",
                autoStartup = "${app.start}")
        void listen(String m) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Defaults {
        @ZmqListener(id = "defaults", type = SocketType.PULL, bind = "inproc://defaults")
        void listen(String m) {
        }

        @Bean
        String unused() {
            return "";
        }
    }
}
