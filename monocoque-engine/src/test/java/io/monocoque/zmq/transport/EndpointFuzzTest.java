package io.monocoque.zmq.transport;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of endpoint strings, which arrive from configuration files and from users: parsing
 * either refuses with EINVAL or EPROTONOSUPPORT and a message that quotes the endpoint, or yields
 * an endpoint whose canonical form parses back to itself; {@link Endpoint#tcp} builds only
 * strings that parse to the host and port it was given.
 *
 * <p>{@code mvn verify} runs them in regression mode (the empty input and the files under
 * {@code src/test/resources/io/monocoque/zmq/transport/EndpointFuzzTestInputs/<method>/}); to fuzz
 * one, see docs/fuzzing.md.
 */
class EndpointFuzzTest {

    private static final String[] PREFIXES = {"tcp://", "ipc://", "inproc://", "tcp://[", "tcp://*:", "udp://", ""};

    @FuzzTest(maxDuration = "1m")
    void endpointParsesToACanonicalFormOrIsRefusedNamingIt(FuzzedDataProvider data) {
        String endpoint = data.pickValue(PREFIXES) + data.consumeRemainingAsString();
        Endpoint e;
        try {
            e = Endpoint.parse(endpoint);
        } catch (ZmqException refused) {
            assertThat(refused.error()).isIn(ZmqError.EINVAL, ZmqError.EPROTONOSUPPORT);
            assertThat(refused.getMessage()).as("the refusal quotes the endpoint").contains("'" + endpoint + "'");
            return;
        }
        String canonical = e.toString();
        assertThat(canonical).startsWith(e.kind().scheme() + "://").endsWith(e.address());
        Endpoint again = Endpoint.parse(canonical);
        assertThat(again).isEqualTo(e);
        assertThat(again.toString()).as("canonical forms are fixed points").isEqualTo(canonical);
        assertThat(again.kind()).isEqualTo(e.kind());
        assertThat(again.isWildcard()).isEqualTo(e.isWildcard());
        if (e.kind() == Endpoint.Kind.TCP) {
            assertThat(e.port()).isBetween(0, 65535);
            assertThat(e.isWildcardPort()).isEqualTo(e.port() == 0);
            assertThat(again.host()).isEqualTo(e.host());
            assertThat(again.port()).isEqualTo(e.port());
            assertThat(e.isIpv6()).isEqualTo(e.host().indexOf(':') >= 0);
        }
        try {
            assertThat(e.validateForConnect()).isSameAs(e);
            assertThat(e.isWildcard()).as("connect takes only a concrete endpoint").isFalse();
        } catch (ZmqException refused) {
            assertThat(refused.error()).isEqualTo(ZmqError.EINVAL);
            assertThat(e.isWildcard()).isTrue();
        }
    }

    @FuzzTest(maxDuration = "1m")
    void tcpBuildsOnlyEndpointsThatParseToTheirHostAndPort(FuzzedDataProvider data) {
        int port = data.consumeInt(-1, 65536);
        String host = data.consumeRemainingAsString();
        String built;
        try {
            built = Endpoint.tcp(host, port);
        } catch (IllegalArgumentException refused) {
            return;
        }
        Endpoint e = Endpoint.parse(built);
        assertThat(e.toString()).isEqualTo(built);
        assertThat(e.port()).isEqualTo(port);
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.indexOf(':') < 0 && !bare.matches("[0-9.]+")) {
            assertThat(e.host()).isEqualTo(bare);
        }
    }
}
