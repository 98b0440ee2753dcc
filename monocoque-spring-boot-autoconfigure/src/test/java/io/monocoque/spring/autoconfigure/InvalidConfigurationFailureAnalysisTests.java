package io.monocoque.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;

import java.util.Properties;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.Ordered;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/** Start-up failures name the property at fault and what to do, through Spring Boot's failure analysis. */
class InvalidConfigurationFailureAnalysisTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class));

    @Test
    void anUnknownSocketTypeNamesThePropertyAndTheValidTypes() {
        assertFailure(analysis -> {
            assertThat(analysis.getDescription()).contains("monocoque.sockets.orders.type").contains("pulll")
                    .contains("not a ZeroMQ socket type");
            assertThat(analysis.getAction()).contains("monocoque.sockets.orders.type").contains("pull").contains("router");
        }, "monocoque.sockets.orders.type=pulll", "monocoque.sockets.orders.bind=tcp://127.0.0.1:*");
    }

    @Test
    void aSocketThatNeitherBindsNorConnectsIsRefused() {
        assertFailure(analysis -> {
            assertThat(analysis.getDescription()).contains("monocoque.sockets.orders").contains("neither binds nor connects");
            assertThat(analysis.getAction()).contains("monocoque.sockets.orders.bind").contains("monocoque.sockets.orders.connect");
        }, "monocoque.sockets.orders.type=pull");
    }

    @Test
    void aSocketWithoutATypeIsRefused() {
        assertFailure(analysis -> {
            assertThat(analysis.getDescription()).contains("monocoque.sockets.orders.type").contains("no type");
            assertThat(analysis.getAction()).contains("monocoque.sockets.orders.type");
        }, "monocoque.sockets.orders.bind=tcp://127.0.0.1:*");
    }

    @Test
    void aMalformedEndpointNamesItsIndexedProperty() {
        assertFailure(analysis -> {
            assertThat(analysis.getDescription()).contains("monocoque.sockets.orders.bind[1]").contains("pgm://x:1")
                    .contains("not supported");
            assertThat(analysis.getAction()).contains("tcp://host:port");
        }, "monocoque.sockets.orders.type=pull", "monocoque.sockets.orders.bind=tcp://127.0.0.1:*,pgm://x:1");
    }

    @Test
    void aConnectEndpointWithoutAPortIsRefused() {
        assertFailure(analysis -> assertThat(analysis.getDescription()).contains("monocoque.sockets.quotes.connect[0]")
                .contains("host and a port"), "monocoque.sockets.quotes.type=req", "monocoque.sockets.quotes.connect=tcp://quotes");
    }

    @Test
    void anAddressInUseSaysWhatToChange() {
        try (ZmqContext other = ZmqContext.create(); ZmqSocket taken = other.createSocket(SocketType.PULL)) {
            taken.bind("tcp://127.0.0.1:*");
            assertFailure(analysis -> {
                assertThat(analysis.getDescription()).contains("monocoque.sockets.orders.bind[0]").contains(taken.lastEndpoint());
                assertThat(analysis.getAction()).contains("already listening").contains("monocoque.sockets.orders.bind[0]");
            }, "monocoque.sockets.orders.type=pull", "monocoque.sockets.orders.bind=" + taken.lastEndpoint());
        }
    }

    @Test
    void anOptionValueTheEngineRefusesNamesTheOption() {
        assertFailure(analysis -> {
            assertThat(analysis.getDescription()).contains("monocoque.sockets.r.routing-id");
            assertThat(analysis.getAction()).contains("1 to 255 bytes");
        }, "monocoque.sockets.r.type=router", "monocoque.sockets.r.bind=inproc://r", "monocoque.sockets.r.routing-id=" + "x".repeat(300));
    }

    @Test
    void badMetadataNamesAreRefused() {
        assertFailure(analysis -> {
            assertThat(analysis.getDescription()).contains("monocoque.sockets.r.metadata");
            assertThat(analysis.getAction()).contains("'X-'");
        }, "monocoque.sockets.r.type=dealer", "monocoque.sockets.r.connect=inproc://r", "monocoque.sockets.r.metadata.Service=x");
    }

    @Test
    void subscriptionsOnASocketThatCannotSubscribeAreRefused() {
        assertFailure(analysis -> assertThat(analysis.getAction()).contains("monocoque.sockets.p.subscribe"),
                "monocoque.sockets.p.type=pull", "monocoque.sockets.p.bind=inproc://p", "monocoque.sockets.p.subscribe=A");
    }

    @Test
    void aDurationThatIsNotOneNamesTheProperty() {
        assertFailure(analysis -> {
            assertThat(analysis.getDescription()).contains("monocoque.sockets.p.linger").contains("forever");
            assertThat(analysis.getAction()).contains("500ms");
        }, "monocoque.sockets.p.type=pull", "monocoque.sockets.p.bind=inproc://p", "monocoque.sockets.p.linger=forever");
    }

    @Test
    void aBadCurveSecretKeyNamesThePropertyWithoutShowingTheSecret() {
        String notAKey = "this_is_not_a_z85_key_and_must_not_leak~";
        assertFailure(analysis -> {
            assertThat(analysis.getDescription()).contains("monocoque.sockets.secure.curve.secret-key").contains("not valid Z85")
                    .doesNotContain(notAKey);
            assertThat(analysis.getAction()).contains("40-character Z85").doesNotContain(notAKey);
        }, "monocoque.sockets.secure.type=rep", "monocoque.sockets.secure.bind=inproc://s", "monocoque.sockets.secure.curve.server=true",
                "monocoque.sockets.secure.curve.secret-key=" + notAKey);
    }

    @Test
    void aCurveKeyOfTheWrongLengthIsRefused() {
        assertFailure(analysis -> assertThat(analysis.getDescription()).contains("monocoque.sockets.c.curve.server-key")
                .contains("40 Z85 characters"),
                "monocoque.sockets.c.type=req", "monocoque.sockets.c.connect=tcp://127.0.0.1:5555", "monocoque.sockets.c.curve.server-key=short");
    }

    @Test
    void aCurveServerWithoutItsKeysIsRefused() {
        assertFailure(analysis -> {
            assertThat(analysis.getDescription()).contains("CURVE server without its key pair");
            assertThat(analysis.getAction()).contains("monocoque.sockets.s.curve.secret-key").contains("curve.certificate");
        }, "monocoque.sockets.s.type=rep", "monocoque.sockets.s.bind=inproc://s", "monocoque.sockets.s.curve.server=true");
    }

    @Test
    void aPublicKeyThatDoesNotBelongToTheSecretKeyIsRefused() {
        io.monocoque.zmq.CurveKeyPair one = io.monocoque.zmq.CurveKeyPair.generate();
        io.monocoque.zmq.CurveKeyPair other = io.monocoque.zmq.CurveKeyPair.generate();
        assertFailure(analysis -> assertThat(analysis.getDescription()).contains("monocoque.sockets.s.curve.public-key")
                .contains("does not belong").doesNotContain(one.secretKeyZ85()),
                "monocoque.sockets.s.type=rep", "monocoque.sockets.s.bind=inproc://s", "monocoque.sockets.s.curve.server=true",
                "monocoque.sockets.s.curve.secret-key=" + one.secretKeyZ85(), "monocoque.sockets.s.curve.public-key=" + other.publicKeyZ85());
    }

    @Test
    void aSocketSetUpForPlainAndCurveIsRefused() {
        assertFailure(analysis -> assertThat(analysis.getDescription()).contains("both PLAIN and CURVE"),
                "monocoque.sockets.s.type=rep", "monocoque.sockets.s.bind=inproc://s", "monocoque.sockets.s.plain.server=true",
                "monocoque.sockets.s.curve.server=true", "monocoque.sockets.s.curve.secret-key=" + io.monocoque.zmq.CurveKeyPair.generate().secretKeyZ85());
    }

    @Test
    void zeroIoThreadsIsRefused() {
        assertFailure(analysis -> assertThat(analysis.getDescription()).contains("monocoque.io-threads"), "monocoque.io-threads=0");
    }

    @Test
    void aMisspeltSocketPropertyStopsStartUpNamingTheNearestValidOne() {
        assertFailure(analysis -> {
            assertThat(analysis.getDescription()).contains("monocoque.sockets.orders.recieve-timeout")
                    .contains("did you mean monocoque.sockets.orders.receive-timeout?");
            assertThat(analysis.getAction()).contains("Rename monocoque.sockets.orders.recieve-timeout to monocoque.sockets.orders.receive-timeout");
        }, "monocoque.sockets.orders.type=pull", "monocoque.sockets.orders.bind=inproc://o", "monocoque.sockets.orders.recieve-timeout=1s");
    }

    @Test
    void unknownTopLevelAndNestedKeysAreNamedEachWithItsNearestOne() {
        assertFailure(analysis -> {
            assertThat(analysis.getDescription()).contains("monocoque.io-thread").contains("did you mean monocoque.io-threads?")
                    .contains("monocoque.listener.concurency").contains("did you mean monocoque.listener.concurrency?")
                    .contains("monocoque.sockets.s.curve.secret").contains("monocoque.sockets.s.curve.secret-key");
        }, "monocoque.io-thread=2", "monocoque.listener.concurency=2", "monocoque.sockets.s.type=rep", "monocoque.sockets.s.bind=inproc://s",
                "monocoque.sockets.s.curve.secret=x");
    }

    @Test
    void aKeyFarFromEveryValidOneListsTheValidOnes() {
        assertFailure(analysis -> {
            assertThat(analysis.getDescription()).contains("monocoque.completely-wrong").doesNotContain("did you mean");
            assertThat(analysis.getAction()).contains("monocoque.[").contains("io-threads").contains("sockets");
        }, "monocoque.completely-wrong=1");
    }

    @Test
    void freeFormMapsTakeAnyKey() {
        runner.withPropertyValues("monocoque.sockets.d.type=dealer", "monocoque.sockets.d.connect=inproc://d",
                "monocoque.sockets.d.metadata.X-Anything=1").run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theAnalyzersAreRegisteredWithSpringBootAndAskedBeforeItsGenericBindAnalysis() throws Exception {
        Properties factories = PropertiesLoaderUtils.loadProperties(new ClassPathResource("META-INF/spring.factories"));
        assertThat(factories.getProperty(FailureAnalyzer.class.getName()))
                .contains(ZmqConfigurationFailureAnalyzer.class.getName())
                .contains(ZmqPropertiesBindFailureAnalyzer.class.getName())
                .contains(ZmqUnknownPropertyFailureAnalyzer.class.getName());
        assertThat(new ZmqUnknownPropertyFailureAnalyzer().getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
        assertThat(new ZmqPropertiesBindFailureAnalyzer().getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
    }

    private void assertFailure(Consumer<FailureAnalysis> check, String... properties) {
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            FailureAnalysis analysis = new ZmqConfigurationFailureAnalyzer().analyze(failure);
            if (analysis == null) {
                analysis = new ZmqPropertiesBindFailureAnalyzer().analyze(failure);
            }
            if (analysis == null) {
                analysis = new ZmqUnknownPropertyFailureAnalyzer().analyze(failure);
            }
            assertThat(analysis).as("an analysis of %s", failure).isNotNull();
            check.accept(analysis);
        });
    }
}
