package io.monocoque.zmq.testing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules by which {@link PyzmqInterpreter} decides between running, skipping and failing the libzmq tests. */
class PyzmqInterpreterTest {

    private static final PyzmqInterpreter.Probe FOUND = new PyzmqInterpreter.Probe("/usr/bin/python3", "4.3.4", null);
    private static final PyzmqInterpreter.Probe MISSING = new PyzmqInterpreter.Probe(null, null, "python3: No module named 'zmq'");

    @Test
    void foundInterpreterMeansAvailableWhateverTheVariableSays() {
        assertThat(PyzmqInterpreter.decide(FOUND, null)).isTrue();
        assertThat(PyzmqInterpreter.decide(FOUND, "1")).isTrue();
    }

    @Test
    void missingInterpreterSkipsWhenNotRequired() {
        assertThat(PyzmqInterpreter.decide(MISSING, null)).isFalse();
        assertThat(PyzmqInterpreter.decide(MISSING, "0")).isFalse();
        assertThat(PyzmqInterpreter.decide(MISSING, "")).isFalse();
    }

    @Test
    void missingInterpreterFailsWithTheReasonWhenRequired() {
        assertThatThrownBy(() -> PyzmqInterpreter.decide(MISSING, "1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(PyzmqInterpreter.REQUIRE_ENV)
                .hasMessageContaining("No module named 'zmq'");
    }

    @Test
    void searchReportsEveryCandidateThatFailed() {
        PyzmqInterpreter.Probe p = PyzmqInterpreter.search(List.of("/nonexistent/python3", "/bin/false"));
        assertThat(p.interpreter()).isNull();
        assertThat(p.problem()).contains("/nonexistent/python3").contains("/bin/false");
    }
}
