package io.monocoque.samples.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monocoque.spring.test.ZmqTestEndpoints;
import io.monocoque.test.ZmqContextExtension;
import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * The quote service behind CURVE on a ROUTER: the README's sample client key pair is served over
 * REQ and DEALER, and a client whose key is not allowed, or that does not speak CURVE, is refused.
 */
@MarketDataTest
class SecureQuotesTests {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final CurveKeyPair SAMPLE_CLIENT = CurveKeyPair.of(SampleKeys.CLIENT_PUBLIC, SampleKeys.CLIENT_SECRET);
    @RegisterExtension
    static final ZmqContextExtension clients = new ZmqContextExtension();

    @Autowired
    @Qualifier("secure-quotes")
    ZmqSocket secureQuotes;

    @Autowired
    ZmqTestEndpoints zmq;

    @Test
    void theSampleServerKeyInTheReadmeBelongsToTheConfiguredSecretKey() {
        byte[] configuredSecret = secureQuotes.getOption(SocketOption.CURVE_SECRET_KEY);
        assertThat(CurveKeyPair.fromSecretKey(configuredSecret).publicKeyZ85()).isEqualTo(SampleKeys.SERVER_PUBLIC);
        assertThat(secureQuotes.getOption(SocketOption.CURVE_SERVER)).isTrue();
    }

    @Test
    void theSampleClientGetsAQuoteOverReq() {
        try (ZmqSocket req = curveClient(SocketType.REQ, SAMPLE_CLIENT)) {
            req.send("{\"symbol\":\"ACME\"}");
            ZmqMessage reply = req.receive(WAIT);
            assertThat(reply).isNotNull();
            assertThat(Http.parse(reply.frameString(0)).get("symbol").asString()).isEqualTo("ACME");
        }
    }

    @Test
    void theSampleClientGetsQuotesOverDealerWithOrWithoutTheEmptyDelimiter() {
        try (ZmqSocket dealer = curveClient(SocketType.DEALER, SAMPLE_CLIENT)) {
            dealer.send(ZmqMessage.of("", "{\"symbol\":\"GLOBEX\"}"));
            ZmqMessage withDelimiter = dealer.receive(WAIT);
            assertThat(withDelimiter).isNotNull();
            assertThat(withDelimiter.size()).isEqualTo(2);
            assertThat(withDelimiter.frameLength(0)).isZero();
            assertThat(Http.parse(withDelimiter.frameString(1)).get("symbol").asString()).isEqualTo("GLOBEX");

            dealer.send("{\"symbol\":\"INITECH\"}");
            ZmqMessage bare = dealer.receive(WAIT);
            assertThat(bare).isNotNull();
            assertThat(bare.size()).isEqualTo(1);
            assertThat(Http.parse(bare.frameString(0)).get("symbol").asString()).isEqualTo("INITECH");
        }
    }

    @Test
    void errorRepliesComeBackOverCurveToo() {
        try (ZmqSocket req = curveClient(SocketType.REQ, SAMPLE_CLIENT)) {
            req.send("{\"symbol\":\"NOPE\"}");
            assertThat(Http.parse(req.receive(WAIT).frameString(0)).get("error").asString()).startsWith("unknown symbol 'NOPE'");
            req.send("{not json");
            assertThat(Http.parse(req.receive(WAIT).frameString(0)).get("error").asString()).isEqualTo(QuoteErrorReplies.MALFORMED);
        }
    }

    @Test
    @SuppressWarnings("try") // the monitor handle is only there to be closed
    void aClientWhoseKeyIsNotAllowedIsRefusedAtTheHandshake() throws Exception {
        long failuresBefore = secureQuotes.statistics().handshakeFailures();
        List<MonitorEvent> events = new CopyOnWriteArrayList<>();
        try (ZmqSocket stranger = curveClientUnconnected(SocketType.REQ, CurveKeyPair.generate());
                AutoCloseable monitor = stranger.monitor(events::add)) {
            stranger.connect(zmq.endpoint("secure-quotes"));
            stranger.send("{\"symbol\":\"ACME\"}");

            await().atMost(WAIT).until(() -> secureQuotes.statistics().handshakeFailures() > failuresBefore);
            await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.type() == MonitorEventType.HANDSHAKE_FAILED_AUTH));
            assertThat(events).noneMatch(e -> e.type() == MonitorEventType.HANDSHAKE_SUCCEEDED);
            assertThat(stranger.receive(Duration.ofMillis(300))).as("a reply to a refused client").isNull();
        }
    }

    @Test
    void aClientWithoutCurveIsRefused() {
        long failuresBefore = secureQuotes.statistics().handshakeFailures();
        try (ZmqSocket plain = clients.socket(SocketType.REQ)) {
            plain.setOption(SocketOption.LINGER, Duration.ZERO);
            plain.connect(zmq.endpoint("secure-quotes"));
            plain.send("{\"symbol\":\"ACME\"}");
            await().atMost(WAIT).until(() -> secureQuotes.statistics().handshakeFailures() > failuresBefore);
            assertThat(plain.receive(Duration.ofMillis(300))).isNull();
        }
    }

    private ZmqSocket curveClient(SocketType type, CurveKeyPair keys) {
        ZmqSocket s = curveClientUnconnected(type, keys);
        s.connect(zmq.endpoint("secure-quotes"));
        return s;
    }

    private static ZmqSocket curveClientUnconnected(SocketType type, CurveKeyPair keys) {
        ZmqSocket s = clients.socket(type);
        s.setOption(SocketOption.LINGER, Duration.ZERO); // a refused client's request must not hold up closing
        s.setOption(SocketOption.CURVE_SERVER_KEY, CurveKeyPair.decodeKey(SampleKeys.SERVER_PUBLIC));
        s.setOption(SocketOption.CURVE_PUBLIC_KEY, keys.publicKey());
        s.setOption(SocketOption.CURVE_SECRET_KEY, keys.secretKey());
        return s;
    }
}
