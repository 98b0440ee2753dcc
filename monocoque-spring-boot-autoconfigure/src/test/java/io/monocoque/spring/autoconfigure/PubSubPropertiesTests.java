package io.monocoque.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.spring.core.ZmqConfigurationException;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The publish/subscribe options (issue 12) are properties of {@code monocoque.sockets.<name>}
 * (conflate, xpub-nodrop, xpub-manual, xpub-welcome-msg, invert-matching, only-first-subscribe):
 * they reach their sockets and do there what the engine option does, and one set on a socket type
 * it does not apply to stops start-up at that property, naming the types it does apply to.
 */
class PubSubPropertiesTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class));

    @Test
    void aWelcomeMessageAndConflationReachTheirSockets() {
        runner.withPropertyValues(
                "monocoque.sockets.feed.type=xpub", "monocoque.sockets.feed.bind=inproc://pubsub-properties",
                "monocoque.sockets.feed.xpub-welcome-msg=prices:hello", "monocoque.sockets.feed.xpub-nodrop=true",
                "monocoque.sockets.feed.only-first-subscribe=true", "monocoque.sockets.feed.xpub-manual=true",
                "monocoque.sockets.prices.type=sub", "monocoque.sockets.prices.connect=inproc://pubsub-properties",
                "monocoque.sockets.prices.subscribe=prices", "monocoque.sockets.prices.conflate=true",
                "monocoque.sockets.prices.invert-matching=false")
                .run(context -> {
                    ZmqSocket feed = context.getBean("feed", ZmqSocket.class);
                    ZmqSocket prices = context.getBean("prices", ZmqSocket.class);
                    assertThat(feed.getOption(SocketOption.XPUB_NODROP)).isTrue();
                    assertThat(feed.getOption(SocketOption.XPUB_MANUAL)).isTrue();
                    assertThat(feed.getOption(SocketOption.ONLY_FIRST_SUBSCRIBE)).isTrue();
                    assertThat(prices.getOption(SocketOption.CONFLATE)).isTrue();
                    // xpub-manual: the welcome goes out without the application subscribing the peer.
                    ZmqMessage welcome = prices.receive(WAIT);
                    assertThat(welcome).isNotNull();
                    assertThat(welcome.frame(0)).isEqualTo("prices:hello".getBytes(StandardCharsets.UTF_8));
                });
    }

    @Test
    void aConflatingPullKeepsOnlyTheNewestMessage() {
        runner.withPropertyValues("monocoque.sockets.last.type=pull", "monocoque.sockets.last.bind=inproc://pubsub-conflate",
                "monocoque.sockets.last.conflate=true").run(context -> {
                    ZmqSocket last = context.getBean("last", ZmqSocket.class);
                    try (ZmqSocket push = context.getBean(ZmqContext.class).createSocket(SocketType.PUSH)) {
                        push.setOption(SocketOption.LINGER, Duration.ZERO);
                        push.connect("inproc://pubsub-conflate");
                        for (int i = 1; i <= 3; i++) {
                            push.send(ZmqMessage.of("price " + i));
                        }
                        assertThat(last.receive(WAIT).frameString(0)).isEqualTo("price 3");
                        assertThat(last.tryReceive()).isNull();
                    }
                });
    }

    @Test
    void anInvertingPublisherSendsWhatTheSubscriberDidNotAskFor() {
        runner.withPropertyValues("monocoque.sockets.out.type=pub", "monocoque.sockets.out.bind=inproc://pubsub-invert",
                "monocoque.sockets.out.invert-matching=true",
                "monocoque.sockets.in.type=sub", "monocoque.sockets.in.connect=inproc://pubsub-invert",
                "monocoque.sockets.in.invert-matching=true", "monocoque.sockets.in.subscribe=noise").run(context -> {
                    ZmqSocket out = context.getBean("out", ZmqSocket.class);
                    ZmqSocket in = context.getBean("in", ZmqSocket.class);
                    List<String> got = new ArrayList<>();
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    // The subscription crosses over asynchronously: publish until the inverted filter applies.
                    while (got.isEmpty() && System.nanoTime() < deadline) {
                        out.send(ZmqMessage.of("noise 1"));
                        out.send(ZmqMessage.of("signal"));
                        ZmqMessage m = in.receive(Duration.ofMillis(50));
                        while (m != null) {
                            got.add(m.frameString(0));
                            m = in.tryReceive();
                        }
                    }
                    assertThat(got).isNotEmpty().containsOnly("signal");
                });
    }

    @Test
    void anOptionOnASocketTypeItDoesNotApplyToStopsStartUp() {
        runner.withPropertyValues("monocoque.sockets.in.type=router", "monocoque.sockets.in.bind=inproc://pubsub-router",
                "monocoque.sockets.in.conflate=true").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(analysis(context.getStartupFailure()))
                            .contains("monocoque.sockets.in.conflate")
                            .contains("conflate applies to PUB, SUB, DEALER, PULL, PUSH sockets only, not to a ROUTER");
                });
        runner.withPropertyValues("monocoque.sockets.in.type=sub", "monocoque.sockets.in.connect=inproc://pubsub-sub",
                "monocoque.sockets.in.xpub-welcome-msg=hi").run(context ->
                assertThat(analysis(context.getStartupFailure())).contains("monocoque.sockets.in.xpub-welcome-msg")
                        .contains("applies to PUB, XPUB sockets only, not to a SUB"));
        runner.withPropertyValues("monocoque.sockets.in.type=pub", "monocoque.sockets.in.bind=inproc://pubsub-pub",
                "monocoque.sockets.in.only-first-subscribe=true").run(context ->
                assertThat(analysis(context.getStartupFailure())).contains("monocoque.sockets.in.only-first-subscribe")
                        .contains("not to a PUB"));
    }

    @Test
    void theMapSendsThemToTheirProperties() {
        runner.withPropertyValues("monocoque.sockets.in.type=sub", "monocoque.sockets.in.connect=inproc://pubsub-map",
                "monocoque.sockets.in.options.conflate=true").run(context ->
                assertThat(analysis(context.getStartupFailure())).contains("Set monocoque.sockets.in.conflate instead."));
    }

    static String analysis(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ZmqConfigurationException e) {
                return e.getMessage() + "\n" + e.getAction();
            }
        }
        throw new AssertionError("no ZmqConfigurationException in " + failure, failure);
    }
}
