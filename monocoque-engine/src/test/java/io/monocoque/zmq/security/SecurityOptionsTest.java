package io.monocoque.zmq.security;

import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.auth.ZapRequest;
import io.monocoque.zmq.auth.ZmqAuthenticator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The security options in libzmq's shape, which never show a secret, and the authenticator's rules on their own. */
class SecurityOptionsTest {

    @Test
    void secretsNeverAppearInNamesOrValidationErrors() {
        assertThat(SocketOption.PLAIN_PASSWORD.isSecret()).isTrue();
        assertThat(SocketOption.CURVE_SECRET_KEY.isSecret()).isTrue();
        assertThat(SocketOption.CURVE_PUBLIC_KEY.isSecret()).isFalse();
        assertThat(SocketOption.PLAIN_PASSWORD.toString()).isEqualTo("plain-password");
        String tooLong = "p4ssw0rd".repeat(40);
        assertThatThrownBy(() -> SocketOption.PLAIN_PASSWORD.validate(tooLong))
                .isInstanceOf(ZmqException.class).message().doesNotContain("p4ssw0rd");
        byte[] badKey = "not-a-key-but-forty-characters-long!!!!".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> SocketOption.CURVE_SECRET_KEY.validate(badKey))
                .isInstanceOf(ZmqException.class).message().doesNotContain("not-a-key");
    }

    @Test
    void curveKeysAreThirtyTwoBytesOrTheirZ85Text() {
        CurveKeyPair k = CurveKeyPair.generate();
        assertThat(SocketOption.CURVE_SERVER_KEY.validate(k.publicKey())).hasSize(32);
        assertThat(SocketOption.CURVE_SERVER_KEY.validate(k.publicKeyZ85().getBytes(StandardCharsets.US_ASCII))).hasSize(40);
        assertThatThrownBy(() -> SocketOption.CURVE_SERVER_KEY.validate(new byte[31])).isInstanceOf(ZmqException.class);
    }

    @Test
    void optionsChooseTheMechanismAsLibzmqDoes() {
        try (ZmqContext ctx = ZmqContext.create(); ZmqSocket s = ctx.createSocket(SocketType.DEALER)) {
            assertThat(s.getOption(SocketOption.ZAP_DOMAIN)).isEmpty();
            s.setOption(SocketOption.PLAIN_USERNAME, "u");
            assertThat(mechanism(s)).isEqualTo("PLAIN");
            s.setOption(SocketOption.CURVE_SERVER, true);
            s.setOption(SocketOption.CURVE_SECRET_KEY, CurveKeyPair.generate().secretKey());
            assertThat(mechanism(s)).isEqualTo("CURVE");
            assertThat(s.getOption(SocketOption.CURVE_SECRET_KEY)).hasSize(32);
        }
    }

    private static String mechanism(ZmqSocket s) {
        try {
            var f = ZmqSocket.class.getDeclaredField("base");
            f.setAccessible(true);
            return SecurityOptions.of(((io.monocoque.zmq.socket.SocketBase) f.get(s))::getOption).mechanismName();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void securityOptionsToStringShowsNoSecret() {
        SecurityOptions o = new SecurityOptions(false, "user", "hunter2", false, null, new byte[32], null);
        assertThat(o.toString()).contains("PLAIN").doesNotContain("hunter2");
    }

    private static ZapRequest plain(String address, String user, String password) {
        return new ZapRequest("", address, new byte[0], "PLAIN", List.of(user.getBytes(), password.getBytes()));
    }

    @Test
    void authenticatorMatchesCidrBlocksForIpv4AndIpv6() {
        ZmqAuthenticator a = ZmqAuthenticator.builder().allow("10.1.0.0/16", "2001:db8::/32").plainUsers(Map.of("u", "p")).build();
        assertThat(a.authenticate(plain("10.1.200.3", "u", "p")).statusCode()).isEqualTo(200);
        assertThat(a.authenticate(plain("10.2.0.1", "u", "p")).statusCode()).isEqualTo(400);
        assertThat(a.authenticate(plain("2001:db8:0:0:0:0:0:7", "u", "p")).statusCode()).isEqualTo(200);
        assertThat(a.authenticate(plain("2001:db9::7", "u", "p")).statusCode()).isEqualTo(400);
        assertThat(a.authenticate(plain("", "u", "p")).statusCode()).as("ipc: no address").isEqualTo(400);
        assertThatThrownBy(() -> ZmqAuthenticator.builder().deny("example.com")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void authenticatorRefusesUnknownUsersAndCurveKeysByDefault() {
        ZmqAuthenticator a = ZmqAuthenticator.builder().build();
        assertThat(a.authenticate(plain("127.0.0.1", "u", "p")).statusCode()).isEqualTo(400);
        ZapRequest curve = new ZapRequest("", "127.0.0.1", null, "CURVE", List.of(new byte[32]));
        assertThat(a.authenticate(curve).statusCode()).isEqualTo(400);
        assertThat(ZmqAuthenticator.builder().curveAllowAny().build().authenticate(curve).statusCode()).isEqualTo(200);
        assertThat(curve.toString()).contains("CURVE");
        assertThat(plain("127.0.0.1", "u", "topsecret").toString()).doesNotContain("topsecret");
    }
}
