package io.monocoque.zmq.session;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.monocoque.zmq.session.FuzzedConversation.Role;

/**
 * Fuzz tests of the whole session, one per mechanism and side: a real peer session's byte stream
 * (greeting, handshake, messages) reaches the session under test through the fuzzer, which
 * changes it, splits it, delays it and adds to it ({@link FuzzedConversation} says what is checked).
 *
 * <p>{@code mvn verify} runs each in regression mode: once with the empty input (the untouched
 * conversation, which must succeed) and once per file under
 * {@code src/test/resources/io/monocoque/zmq/session/ZmtpSessionFuzzTestInputs/<method>/}. A real
 * fuzzing run of one target ({@code -Pfuzz}, see docs/fuzzing.md):
 * <pre>
 * mvn -Pfuzz -pl monocoque-engine test -Dtest='ZmtpSessionFuzzTest#curveServer'
 * </pre>
 */
class ZmtpSessionFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void nullMechanism(FuzzedDataProvider data) {
        new FuzzedConversation(Role.NULL, data).run();
    }

    @FuzzTest(maxDuration = "2m")
    void plainServer(FuzzedDataProvider data) {
        new FuzzedConversation(Role.PLAIN_SERVER, data).run();
    }

    @FuzzTest(maxDuration = "2m")
    void plainClient(FuzzedDataProvider data) {
        new FuzzedConversation(Role.PLAIN_CLIENT, data).run();
    }

    @FuzzTest(maxDuration = "2m")
    void curveServer(FuzzedDataProvider data) {
        new FuzzedConversation(Role.CURVE_SERVER, data).run();
    }

    @FuzzTest(maxDuration = "2m")
    void curveClient(FuzzedDataProvider data) {
        new FuzzedConversation(Role.CURVE_CLIENT, data).run();
    }
}
