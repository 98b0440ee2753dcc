package io.monocoque.zmq.auth;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.wire.Metadata;
import io.monocoque.zmq.wire.ZmtpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of ZAP (RFC 27) as Monocoque speaks it: the reply a handler socket sends back, which
 * a hostile or broken handler controls frame by frame, and the requests the built-in
 * {@link ZmqAuthenticator} decides, whose credentials an unauthenticated client controls.
 *
 * <p>{@code mvn verify} runs them in regression mode (the empty input and the files under
 * {@code src/test/resources/io/monocoque/zmq/auth/ZapFuzzTestInputs/<method>/}); to fuzz one,
 * see docs/fuzzing.md.
 */
class ZapFuzzTest {

    private static final byte[][] VALID_REPLY = {
        {}, ascii("1.0"), ascii("7"), ascii("200"), ascii("OK"), ascii("admin"), metadata(),
    };

    private static final CurveKeyPair ALLOWED = CurveKeyPair.generate();
    private static final ZmqAuthenticator AUTHENTICATOR = ZmqAuthenticator.builder()
            .allow("127.0.0.1", "10.0.0.0/8", "::1")
            .deny("10.1.0.0/16")
            .plainUsers(Map.of("admin", "secret", "", "empty"))
            .curveAllow(ALLOWED.publicKey())
            .build();

    /**
     * A reply parses only when it has the seven frames of RFC 27 with version 1.0 and a status of
     * 200, 300, 400 or 500; what it yields is exactly what the frames said.
     */
    @FuzzTest(maxDuration = "1m")
    void zapReplyIsParsedExactlyOrRefusedWithAProtocolError(FuzzedDataProvider data) {
        // A message has at least one frame.
        int count = data.remainingBytes() == 0 ? 7 : data.consumeInt(1, 9);
        byte[][] frames = new byte[count][];
        for (int i = 0; i < count; i++) {
            boolean keep = i < VALID_REPLY.length && (data.remainingBytes() == 0 || data.consumeBoolean());
            frames[i] = keep ? VALID_REPLY[i].clone() : data.consumeBytes(data.consumeInt(0, 64));
        }
        ZmqMessage message = ZmqMessage.wrap(frames);
        ZapReply reply;
        try {
            reply = ZapClient.parse(message);
        } catch (ZmtpProtocolException refused) {
            assertThat(refused.getMessage()).contains("ZAP reply");
            return;
        }
        assertThat(count).isEqualTo(7);
        assertThat(frames[0]).isEmpty();
        assertThat(new String(frames[1], StandardCharsets.ISO_8859_1)).isEqualTo("1.0");
        String status = new String(frames[3], StandardCharsets.ISO_8859_1);
        assertThat(status).matches("[2-5]00");
        assertThat(reply.statusCode()).isEqualTo(Integer.parseInt(status));
        assertThat(reply.isAllowed()).isEqualTo(status.equals("200"));
        assertThat(reply.statusText()).isEqualTo(new String(frames[4], StandardCharsets.UTF_8));
        assertThat(reply.userId()).isEqualTo(new String(frames[5], StandardCharsets.UTF_8));
        ByteBuf b = Unpooled.wrappedBuffer(frames[6]);
        try {
            Map<String, byte[]> expected = Metadata.decode(b).asMap();
            assertThat(reply.metadata().keySet()).containsExactlyElementsOf(expected.keySet());
            expected.forEach((k, v) -> assertThat(reply.metadata().get(k)).isEqualTo(v));
        } finally {
            b.release();
        }
    }

    /**
     * Whatever a client sends as credentials, and whatever address it comes from, the
     * authenticator answers (never throws) and allows exactly the clients its rules allow.
     */
    @FuzzTest(maxDuration = "1m")
    void authenticatorAllowsExactlyWhatItsRulesAllow(FuzzedDataProvider data) {
        String[] addresses = {"127.0.0.1", "10.2.3.4", "10.1.2.3", "192.0.2.1", "::1", "::ffff:127.0.0.1", ""};
        String address = data.remainingBytes() == 0 || data.consumeBoolean()
                ? data.pickValue(addresses) : data.consumeString(48);
        String[] mechanisms = {ZapRequest.NULL, ZapRequest.PLAIN, ZapRequest.CURVE};
        String mechanism = data.consumeBoolean() ? data.consumeString(8) : data.pickValue(mechanisms);
        List<byte[]> credentials = new ArrayList<>();
        int n = data.consumeInt(0, 3);
        for (int i = 0; i < n; i++) {
            int choice = data.consumeInt(0, 3);
            credentials.add(choice == 0 ? ascii("admin") : choice == 1 ? ascii("secret")
                    : choice == 2 ? ALLOWED.publicKey() : data.consumeBytes(40));
        }
        ZapRequest request = new ZapRequest(data.consumeString(16), address, data.consumeBytes(8), mechanism, credentials);
        if (ZapRequest.PLAIN.equals(mechanism) && credentials.size() == 2 && credentials.get(1).length >= 4) {
            String password = new String(credentials.get(1), StandardCharsets.UTF_8);
            String shown = request.toString();
            // The same request with another password: whatever of the text shows there is not the password.
            String without = new ZapRequest(request.domain(), request.address(), request.routingId(), mechanism,
                    List.of(credentials.get(0), new byte[] {0})).toString();
            if (!without.contains(password)) {
                assertThat(shown).as("a request never shows its password").doesNotContain(password);
            }
        }

        ZapReply reply = AUTHENTICATOR.authenticate(request);

        assertThat(reply).isNotNull();
        boolean addressAllowed = List.of("127.0.0.1", "10.2.3.4", "::1", "::ffff:127.0.0.1").contains(address);
        boolean credentialsGood;
        switch (mechanism) {
            case ZapRequest.NULL:
                credentialsGood = true;
                break;
            case ZapRequest.PLAIN:
                credentialsGood = credentials.size() == 2 && (
                        (MessageDigest.isEqual(credentials.get(0), ascii("admin")) && MessageDigest.isEqual(credentials.get(1), ascii("secret")))
                        || (credentials.get(0).length == 0 && MessageDigest.isEqual(credentials.get(1), ascii("empty"))));
                break;
            case ZapRequest.CURVE:
                credentialsGood = !credentials.isEmpty() && MessageDigest.isEqual(credentials.get(0), ALLOWED.publicKey());
                break;
            default:
                credentialsGood = false;
        }
        if (!addressesAreLiterals(address)) {
            // Another spelling of an allowed address may be allowed; no address makes bad credentials good.
            if (reply.isAllowed()) {
                assertThat(credentialsGood).as("allowed %s from %s", mechanism, address).isTrue();
            }
        } else {
            assertThat(reply.isAllowed()).as("allowed %s from %s", mechanism, address)
                    .isEqualTo(addressAllowed && credentialsGood);
        }
        if (reply.isAllowed() && mechanism.equals(ZapRequest.PLAIN)) {
            assertThat(reply.userId()).isEqualTo(new String(credentials.get(0), StandardCharsets.UTF_8));
        }
        if (reply.isAllowed() && mechanism.equals(ZapRequest.CURVE)) {
            assertThat(reply.userId()).isEqualTo(ALLOWED.publicKeyZ85());
        }
    }

    /**
     * An address rule is an IP literal or a CIDR block, or is refused with an
     * {@link IllegalArgumentException}; an accepted rule matches its own network address.
     */
    @FuzzTest(maxDuration = "1m")
    void addressRulesAreIpLiteralsOrCidrBlocksOrRefused(byte[] input) {
        String rule = new String(input, StandardCharsets.UTF_8);
        ZmqAuthenticator a;
        try {
            a = ZmqAuthenticator.builder().allow(rule).build();
        } catch (IllegalArgumentException refused) {
            return;
        }
        String host = rule.strip();
        int slash = host.indexOf('/');
        if (slash < 0) {
            assertThat(a.authenticate(new ZapRequest("", host, new byte[0], ZapRequest.NULL, List.of())).isAllowed())
                    .as("rule %s admits its own address", rule).isTrue();
        }
    }

    /** Whether the fuzzer's address is one of the literals the test knows the rules for. */
    private static boolean addressesAreLiterals(String address) {
        return List.of("127.0.0.1", "10.2.3.4", "10.1.2.3", "192.0.2.1", "::1", "::ffff:127.0.0.1", "").contains(address);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] metadata() {
        ByteBuf b = Unpooled.buffer();
        Metadata.of("X-Role", "operator").encode(b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }
}
