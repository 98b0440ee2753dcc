package io.monocoque.zmq.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.transport.Endpoint.Kind;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

    private static AbstractThrowableAssert<?, ? extends Throwable> assertParseFails(String endpoint, ZmqError error) {
        return assertThatThrownBy(() -> Endpoint.parse(endpoint))
                .isInstanceOf(ZmqException.class)
                .satisfies(e -> assertThat(((ZmqException) e).error()).isEqualTo(error))
                .hasMessageContaining("'" + endpoint + "'");
    }

    // --- tcp -----------------------------------------------------------------------------------

    @Test
    void parsesTcpWithIpv4HostAndPort() {
        Endpoint e = Endpoint.parse("tcp://127.0.0.1:5555");
        assertThat(e.kind()).isEqualTo(Kind.TCP);
        assertThat(e.host()).isEqualTo("127.0.0.1");
        assertThat(e.port()).isEqualTo(5555);
        assertThat(e.address()).isEqualTo("127.0.0.1:5555");
        assertThat(e).hasToString("tcp://127.0.0.1:5555");
        assertThat(e.isWildcardHost()).isFalse();
        assertThat(e.isWildcardPort()).isFalse();
        assertThat(e.isWildcard()).isFalse();
        assertThat(e.isIpv6()).isFalse();
    }

    @Test
    void parsesTcpWithHostName() {
        Endpoint e = Endpoint.parse("tcp://localhost:80");
        assertThat(e.host()).isEqualTo("localhost");
        assertThat(e.port()).isEqualTo(80);
        assertThat(Endpoint.parse("tcp://broker-1.example.com:65535").host()).isEqualTo("broker-1.example.com");
        assertThat(Endpoint.parse("tcp://eth0:5555").host()).isEqualTo("eth0"); // interface names bind
    }

    @Test
    void parsesTcpWildcardHostForBindingEveryInterface() {
        Endpoint e = Endpoint.parse("tcp://*:5555");
        assertThat(e.host()).isEqualTo("*");
        assertThat(e.isWildcardHost()).isTrue();
        assertThat(e.isWildcardPort()).isFalse();
        assertThat(e.isWildcard()).isTrue();
        assertThat(e).hasToString("tcp://*:5555");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://127.0.0.1:*", "tcp://127.0.0.1:0"})
    void starAndZeroPortsAreTheSameEphemeralWildcard(String endpoint) {
        Endpoint e = Endpoint.parse(endpoint);
        assertThat(e.port()).isZero();
        assertThat(e.isWildcardPort()).isTrue();
        assertThat(e.isWildcard()).isTrue();
        assertThat(e).hasToString("tcp://127.0.0.1:*");
        assertThat(e).isEqualTo(Endpoint.parse("tcp://127.0.0.1:*"));
    }

    @Test
    void parsesBracketedIpv6AndReportsTheHostWithoutBrackets() {
        Endpoint e = Endpoint.parse("tcp://[::1]:5555");
        assertThat(e.host()).isEqualTo("::1");
        assertThat(e.port()).isEqualTo(5555);
        assertThat(e.isIpv6()).isTrue();
        assertThat(e.address()).isEqualTo("[::1]:5555");
        assertThat(e).hasToString("tcp://[::1]:5555");
    }

    @Test
    void normalisesIpv6LiteralsTheWayLibzmqPrintsThem() {
        assertThat(Endpoint.parse("tcp://[0:0:0:0:0:0:0:1]:1")).isEqualTo(Endpoint.parse("tcp://[::1]:1"));
        assertThat(Endpoint.parse("tcp://[2001:DB8:0:0:1:0:0:1]:1").host()).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Endpoint.parse("tcp://[2001:0db8::0001]:1").host()).isEqualTo("2001:db8::1");
        assertThat(Endpoint.parse("tcp://[::]:1").host()).isEqualTo("::");
        assertThat(Endpoint.parse("tcp://[1:0:2:3:4:5:6:7]:1").host()).isEqualTo("1:0:2:3:4:5:6:7");
        assertThat(Endpoint.parse("tcp://[fe80::1%eth0]:1").host()).isEqualTo("fe80::1%eth0");
        assertThat(Endpoint.parse("tcp://[::ffff:10.0.0.1]:1").host()).isEqualTo("::ffff:10.0.0.1");
        assertThat(Endpoint.parse("tcp://[::ffff:a00:1]:1").host()).isEqualTo("::ffff:10.0.0.1");
        assertThat(Endpoint.parse("tcp://[0:0:0:0:0:FFFF:10.0.0.1]:1").host()).isEqualTo("::ffff:10.0.0.1");
        // the deprecated IPv4-compatible form is another address than the IPv4-mapped one
        assertThat(Endpoint.parse("tcp://[::1.2.3.4]:1").host()).isEqualTo("::102:304");
    }

    @Test
    void equalEndpointsHaveEqualHashCodes() {
        Endpoint a = Endpoint.parse("tcp://[::0:1]:05555");
        Endpoint b = Endpoint.parse("tcp://[::1]:5555");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Endpoint.parse("tcp://[::1]:5556"));
        assertThat(a).isNotEqualTo("tcp://[::1]:5555");
    }

    @Test
    void rejectsMissingSeparator() {
        assertParseFails("foo", ZmqError.EINVAL).hasMessageContaining("missing '://' in endpoint 'foo'");
        assertParseFails("tcp:/127.0.0.1:5555", ZmqError.EINVAL);
        assertParseFails("", ZmqError.EINVAL);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Endpoint.parse(null))
                .isInstanceOf(ZmqException.class)
                .hasMessageContaining("null");
    }

    @Test
    void rejectsAnEmptyTransport() {
        assertParseFails("://x", ZmqError.EINVAL).hasMessageContaining("missing transport");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pgm", "epgm", "norm", "udp", "vmci", "tipc", "ws", "wss"})
    void rejectsLibzmqTransportsItDoesNotImplementByName(String transport) {
        String endpoint = transport + "://eth0;239.192.1.1:5555";
        assertParseFails(endpoint, ZmqError.EPROTONOSUPPORT)
                .hasMessageContaining("transport '" + transport + "'")
                .hasMessageContaining("not supported")
                .hasMessageContaining("tcp, ipc and inproc");
    }

    @Test
    void rejectsUnknownTransports() {
        assertParseFails("http://example.com:80", ZmqError.EPROTONOSUPPORT)
                .hasMessageContaining("unknown transport 'http'");
    }

    @Test
    void rejectsUpperCaseTransportNamesWithAHint() {
        assertParseFails("TCP://127.0.0.1:5555", ZmqError.EPROTONOSUPPORT).hasMessageContaining("use 'tcp'");
    }

    @Test
    void rejectsTcpWithoutPort() {
        assertParseFails("tcp://localhost", ZmqError.EINVAL).hasMessageContaining("missing port");
        assertParseFails("tcp://localhost:", ZmqError.EINVAL).hasMessageContaining("missing port");
        assertParseFails("tcp://[::1]", ZmqError.EINVAL).hasMessageContaining("missing port");
        assertParseFails("tcp://[::1]5555", ZmqError.EINVAL).hasMessageContaining("missing port");
    }

    @Test
    void rejectsTcpWithoutHost() {
        assertParseFails("tcp://", ZmqError.EINVAL).hasMessageContaining("missing host and port");
        assertParseFails("tcp://:5555", ZmqError.EINVAL).hasMessageContaining("missing host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://host:65536", "tcp://host:-1", "tcp://host:abc", "tcp://host:5555/path",
        "tcp://host:+80", "tcp://host:1000000", "tcp://host:**"})
    void rejectsInvalidPorts(String endpoint) {
        assertParseFails(endpoint, ZmqError.EINVAL).hasMessageContaining("invalid port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://256.0.0.1:1", "tcp://1.2.3:1", "tcp://1.2.3.4.5:1", "tcp://010.0.0.1:1",
        "tcp://1..2.3:1", "tcp://1234:1", "tcp://1.2.3.04:1", "tcp://1.02.3.4:1"})
    void rejectsInvalidIpv4Literals(String endpoint) {
        assertParseFails(endpoint, ZmqError.EINVAL).hasMessageContaining("invalid IPv4 address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://[1::2::3]:1", "tcp://[12345::]:1", "tcp://[1:2:3:4:5:6:7:8:9]:1",
        "tcp://[1:2:3:4:5:6:7]:1", "tcp://[gggg::]:1", "tcp://[]:1", "tcp://[::1%]:1",
        "tcp://[1.2.3.4::]:1", "tcp://[:::]:1", "tcp://[:1::]:1", "tcp://[::ffff:010.0.0.1]:1", "tcp://[::1%eth 0]:1"})
    void rejectsInvalidIpv6Literals(String endpoint) {
        assertParseFails(endpoint, ZmqError.EINVAL).hasMessageContaining("invalid IPv6 address");
    }

    @Test
    void rejectsUnbracketedIpv6WithAHint() {
        assertParseFails("tcp://::1:5555", ZmqError.EINVAL).hasMessageContaining("tcp://[::1]:5555");
    }

    @Test
    void rejectsAnUnclosedBracket() {
        assertParseFails("tcp://[::1:5555", ZmqError.EINVAL).hasMessageContaining("missing ']'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://bad host:1", "tcp://-lead.example:1", "tcp://a..b:1", "tcp://host/x:1",
        "tcp://hôte:1"})
    void rejectsInvalidHostNames(String endpoint) {
        assertParseFails(endpoint, ZmqError.EINVAL).hasMessageContaining("invalid host name");
    }

    @Test
    void rejectsTheSourceAddressFormWithAClearMessage() {
        assertParseFails("tcp://192.168.1.17:5555;192.168.1.1:5555", ZmqError.EINVAL)
                .hasMessageContaining("source-address endpoints")
                .hasMessageContaining("not supported");
    }

    @Test
    void connectRejectsAWildcardHost() {
        Endpoint e = Endpoint.parse("tcp://*:5555");
        assertThatThrownBy(e::validateForConnect)
                .isInstanceOf(ZmqException.class)
                .satisfies(x -> assertThat(((ZmqException) x).error()).isEqualTo(ZmqError.EINVAL))
                .hasMessageContaining("cannot connect to wildcard address 'tcp://*:5555'");
    }

    @Test
    void connectRejectsAWildcardPort() {
        assertThatThrownBy(() -> Endpoint.parse("tcp://localhost:0").validateForConnect())
                .isInstanceOf(ZmqException.class)
                .hasMessageContaining("cannot connect to wildcard port in 'tcp://localhost:*'");
    }

    @Test
    void connectAcceptsConcreteEndpoints() {
        Endpoint e = Endpoint.parse("tcp://localhost:5555");
        assertThat(e.validateForConnect()).isSameAs(e);
        assertThat(Endpoint.parse("ipc:///tmp/x.sock").validateForConnect()).isNotNull();
        assertThat(Endpoint.parse("inproc://x").validateForConnect()).isNotNull();
    }

    // --- tcp(host, port) -------------------------------------------------------------------------

    @Test
    void tcpBuildsTheCanonicalLastEndpointString() {
        assertThat(Endpoint.tcp("127.0.0.1", 54321)).isEqualTo("tcp://127.0.0.1:54321");
        assertThat(Endpoint.tcp("::1", 54321)).isEqualTo("tcp://[::1]:54321");
        assertThat(Endpoint.tcp("[::1]", 54321)).isEqualTo("tcp://[::1]:54321");
        assertThat(Endpoint.tcp("0:0:0:0:0:0:0:1", 54321)).isEqualTo("tcp://[::1]:54321");
        assertThat(Endpoint.tcp("fe80:0:0:0:0:0:0:1%eth0", 1)).isEqualTo("tcp://[fe80::1%eth0]:1");
        assertThat(Endpoint.tcp("localhost", 80)).isEqualTo("tcp://localhost:80");
        assertThat(Endpoint.tcp("*", 0)).isEqualTo("tcp://*:*");
    }

    @Test
    void tcpOutputParsesBackToTheSameEndpoint() {
        String text = Endpoint.tcp("2001:db8:0:0:0:0:2:1", 7000);
        assertThat(Endpoint.parse(text)).hasToString(text);
    }

    @Test
    void tcpRejectsBadPortsAndHosts() {
        assertThatThrownBy(() -> Endpoint.tcp("localhost", 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Endpoint.tcp("localhost", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Endpoint.tcp("1::2::3", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Endpoint.tcp("300.1.1.1", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Endpoint.tcp("bad host", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- ipc -----------------------------------------------------------------------------------

    @Test
    void parsesIpcPaths() {
        Endpoint e = Endpoint.parse("ipc:///tmp/feeds.sock");
        assertThat(e.kind()).isEqualTo(Kind.IPC);
        assertThat(e.address()).isEqualTo("/tmp/feeds.sock");
        assertThat(e).hasToString("ipc:///tmp/feeds.sock");
        assertThat(e.isAbstract()).isFalse();
        assertThat(e.isWildcard()).isFalse();
        assertThat(Endpoint.parse("ipc://relative.sock").address()).isEqualTo("relative.sock");
    }

    @Test
    void parsesAbstractNamespaceIpc() {
        Endpoint e = Endpoint.parse("ipc://@monocoque-feeds");
        assertThat(e.isAbstract()).isTrue();
        assertThat(e.address()).isEqualTo("@monocoque-feeds");
    }

    @Test
    void parsesIpcWildcardAndRefusesToConnectToIt() {
        Endpoint e = Endpoint.parse("ipc://*");
        assertThat(e.isWildcard()).isTrue();
        assertThat(e.isWildcardHost()).isFalse();
        assertThatThrownBy(e::validateForConnect)
                .isInstanceOf(ZmqException.class)
                .hasMessageContaining("cannot connect to wildcard address 'ipc://*'");
    }

    @Test
    void rejectsEmptyIpcAddresses() {
        assertParseFails("ipc://", ZmqError.EINVAL).hasMessageContaining("missing path");
        assertParseFails("ipc://@", ZmqError.EINVAL).hasMessageContaining("missing abstract socket name");
    }

    @Test
    void rejectsIpcPathsLongerThanAUnixSocketAddressAllows() {
        String fits = "/" + "a".repeat(106);
        assertThat(Endpoint.parse("ipc://" + fits).address()).isEqualTo(fits);
        assertParseFails("ipc://" + fits + "a", ZmqError.EINVAL).hasMessageContaining("108 bytes long");
        assertParseFails("ipc://@" + "é".repeat(54), ZmqError.EINVAL).hasMessageContaining("limited to 107 bytes");
    }

    @Test
    void tcpAccessorsAreNotDefinedForOtherTransports() {
        Endpoint e = Endpoint.parse("ipc:///tmp/x");
        assertThatThrownBy(e::host).isInstanceOf(IllegalStateException.class).hasMessageContaining("ipc:///tmp/x");
        assertThatThrownBy(e::port).isInstanceOf(IllegalStateException.class);
    }

    // --- inproc --------------------------------------------------------------------------------

    @Test
    void parsesInprocNames() {
        Endpoint e = Endpoint.parse("inproc://workers");
        assertThat(e.kind()).isEqualTo(Kind.INPROC);
        assertThat(e.address()).isEqualTo("workers");
        assertThat(e).hasToString("inproc://workers");
        assertThat(e.isWildcard()).isFalse();
        assertThat(Endpoint.parse("inproc://a:b/c d").address()).isEqualTo("a:b/c d");
    }

    @Test
    void rejectsAnEmptyInprocName() {
        assertParseFails("inproc://", ZmqError.EINVAL).hasMessageContaining("missing name");
    }

    @Test
    void endpointsOfDifferentTransportsAreNotEqual() {
        assertThat(Endpoint.parse("inproc://x")).isNotEqualTo(Endpoint.parse("ipc://x"));
        assertThat(Kind.INPROC.scheme()).isEqualTo("inproc");
    }
}
