package io.monocoque.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.spring.core.ZmqConfigurationException;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The publish/subscribe options (issue 12) reach configured sockets through
 * {@code monocoque.sockets.<name>.options}, and one set on a socket type it does not apply to
 * stops start-up naming the types it does apply to.
 */
class PubSubNamedOptionsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class));

    @Test
    void aWelcomeMessageAndConflationReachTheirSockets() {
        runner.withPropertyValues(
                "monocoque.sockets.feed.type=xpub", "monocoque.sockets.feed.bind=inproc://pubsub-named-options",
                "monocoque.sockets.feed.options.xpub-welcome-msg=prices:hello",
                "monocoque.sockets.feed.options.xpub-nodrop=true",
                "monocoque.sockets.prices.type=sub", "monocoque.sockets.prices.connect=inproc://pubsub-named-options",
                "monocoque.sockets.prices.subscribe=prices", "monocoque.sockets.prices.options.conflate=true")
                .run(context -> {
                    ZmqSocket feed = context.getBean("feed", ZmqSocket.class);
                    ZmqSocket prices = context.getBean("prices", ZmqSocket.class);
                    assertThat(feed.getOption(SocketOption.XPUB_NODROP)).isTrue();
                    assertThat(prices.getOption(SocketOption.CONFLATE)).isTrue();
                    ZmqMessage welcome = prices.receive(Duration.ofSeconds(10));
                    assertThat(welcome).isNotNull();
                    assertThat(welcome.frame(0)).isEqualTo("prices:hello".getBytes(StandardCharsets.UTF_8));
                });
    }

    @Test
    void anOptionOnASocketTypeItDoesNotApplyToStopsStartUp() {
        runner.withPropertyValues("monocoque.sockets.in.type=router", "monocoque.sockets.in.bind=inproc://pubsub-named-router",
                "monocoque.sockets.in.options.conflate=true").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(analysis(context.getStartupFailure()))
                            .contains("monocoque.sockets.in.options.conflate")
                            .contains("conflate applies to PUB, SUB, DEALER, PULL, PUSH sockets only, not to a ROUTER");
                });
    }

    private static String analysis(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ZmqConfigurationException e) {
                return e.getMessage() + "\n" + e.getAction();
            }
        }
        throw new AssertionError("no ZmqConfigurationException in " + failure, failure);
    }
}
