package io.monocoque.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.spring.core.ZmqConfigurationException;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.ZmqSocket;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code monocoque.sockets.<name>.options.<option-name>} sets options that have no property of
 * their own; whatever it cannot set stops start-up naming the property and what to do instead.
 */
class NamedSocketOptionsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class))
            .withPropertyValues("monocoque.sockets.in.type=pull", "monocoque.sockets.in.bind=inproc://named-options");

    @Test
    void optionsWithoutAPropertyOfTheirOwnAreSetByName() {
        runner.withPropertyValues("monocoque.sockets.back.type=router", "monocoque.sockets.back.bind=inproc://named-options-router",
                "monocoque.sockets.back.options.router-notify=3", "monocoque.sockets.back.options.hello-msg=welcome")
                .run(context -> {
                    ZmqSocket back = context.getBean("back", ZmqSocket.class);
                    assertThat(back.getOption(SocketOption.ROUTER_NOTIFY)).isEqualTo(3);
                    assertThat(back.getOption(SocketOption.HELLO_MSG)).asString(StandardCharsets.UTF_8).isEqualTo("welcome");
                });
    }

    @Test
    void aValueOfTheWrongKindStopsStartUpSayingWhatKindItNeeds() {
        runner.withPropertyValues("monocoque.sockets.back.type=router", "monocoque.sockets.back.bind=inproc://named-options-bad",
                "monocoque.sockets.back.options.router-notify=lots").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(analysis(context.getStartupFailure()))
                            .contains("monocoque.sockets.back.options.router-notify").contains("a whole number");
                });
        runner.withPropertyValues("monocoque.sockets.back.type=router", "monocoque.sockets.back.bind=inproc://named-options-range",
                "monocoque.sockets.back.options.router-notify=9").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(analysis(context.getStartupFailure()))
                            .contains("monocoque.sockets.back.options.router-notify").contains("a value the socket accepts");
                });
    }

    @Test
    void aNameThatIsNoOptionStopsStartUpListingTheNamesThatAre() {
        runner.withPropertyValues("monocoque.sockets.in.options.no-such-option=1").run(context -> {
            assertThat(context).hasFailed();
            assertThat(analysis(context.getStartupFailure()))
                    .contains("monocoque.sockets.in.options.no-such-option")
                    .contains("there is no socket option named 'no-such-option'")
                    .contains("Use one of the engine's option names:").contains("router-notify");
        });
    }

    @Test
    void anOptionWithItsOwnPropertyIsSentThere() {
        runner.withPropertyValues("monocoque.sockets.in.options.linger=5s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(analysis(context.getStartupFailure()))
                    .contains("'linger' has a property of its own").contains("Set monocoque.sockets.in.linger instead.");
        });
        runner.withPropertyValues("monocoque.sockets.in.options.curve-server=true").run(context ->
                assertThat(analysis(context.getStartupFailure())).contains("Set monocoque.sockets.in.curve.server instead."));
    }

    @Test
    void theEventsOptionIsReadOnlyTooAndNotOffered() {
        runner.withPropertyValues("monocoque.sockets.in.options.events=1").run(context -> {
            assertThat(context).hasFailed();
            assertThat(analysis(context.getStartupFailure())).contains("'events' is read-only").contains("SocketOption.EVENTS");
        });
        runner.withPropertyValues("monocoque.sockets.in.options.no-such-option=1").run(context ->
                assertThat(analysis(context.getStartupFailure())).doesNotContain("events"));
    }

    @Test
    void aSecretIsRefusedWithoutShowingIt() {
        runner.withPropertyValues("monocoque.sockets.in.options.plain-password=hunter2").run(context -> {
            assertThat(context).hasFailed();
            String analysis = analysis(context.getStartupFailure());
            assertThat(analysis).contains("'plain-password' is a secret").contains("monocoque.sockets.in.plain")
                    .doesNotContain("hunter2");
            assertThat(context.getStartupFailure()).hasStackTraceContaining("plain-password")
                    .satisfies(t -> assertThat(stackTrace(t)).doesNotContain("hunter2"));
        });
    }

    @Test
    void transportOptionsWithoutPropertiesAreSetByName() {
        runner.withPropertyValues("monocoque.sockets.in.options.affinity=1",
                "monocoque.sockets.in.options.socks-proxy=127.0.0.1:1080", "monocoque.sockets.in.options.reconnect-stop=3").run(context -> {
            assertThat(context).hasNotFailed();
            io.monocoque.zmq.ZmqSocket in = context.getBean("in", io.monocoque.zmq.ZmqSocket.class);
            assertThat(in.getOption(io.monocoque.zmq.SocketOption.AFFINITY)).isEqualTo(1L);
            assertThat(in.getOption(io.monocoque.zmq.SocketOption.SOCKS_PROXY)).isEqualTo("127.0.0.1:1080");
            assertThat(in.getOption(io.monocoque.zmq.SocketOption.RECONNECT_STOP)).isEqualTo(3);
        });
        // Those with a property of their own are sent there.
        runner.withPropertyValues("monocoque.sockets.in.options.send-buffer-size=65536").run(context ->
                assertThat(analysis(context.getStartupFailure())).contains("Set monocoque.sockets.in.send-buffer-size instead."));
    }

    @Test
    void aReadOnlyOptionIsRefusedAndNotOffered() {
        runner.withPropertyValues("monocoque.sockets.in.options.last-endpoint=tcp://127.0.0.1:1").run(context -> {
            assertThat(context).hasFailed();
            assertThat(analysis(context.getStartupFailure())).contains("'last-endpoint' is read-only")
                    .contains("SocketOption.LAST_ENDPOINT");
        });
        runner.withPropertyValues("monocoque.sockets.in.options.no-such-option=1").run(context ->
                assertThat(analysis(context.getStartupFailure())).doesNotContain("last-endpoint").doesNotContain("thread-safe"));
    }

    @Test
    void theSocksPasswordIsASecretForCodeNotForPlainOrCurve() {
        runner.withPropertyValues("monocoque.sockets.in.options.socks-password=hunter2").run(context -> {
            assertThat(context).hasFailed();
            assertThat(analysis(context.getStartupFailure())).contains("'socks-password' is a secret")
                    .contains("ZmqSocketCustomizer").doesNotContain(".plain").doesNotContain("hunter2");
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

    private static String stackTrace(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
