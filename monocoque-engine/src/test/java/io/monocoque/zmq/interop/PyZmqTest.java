package io.monocoque.zmq.interop;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules by which {@link PyZmq} decides between running, skipping and failing the libzmq tests. */
class PyZmqTest {

    private static final PyZmq.Probe FOUND = new PyZmq.Probe("/usr/bin/python3", "4.3.4", null);
    private static final PyZmq.Probe MISSING = new PyZmq.Probe(null, null, "python3: No module named 'zmq'");

    @Test
    void foundInterpreterMeansAvailableWhateverTheVariableSays() {
        assertThat(PyZmq.decide(FOUND, null)).isTrue();
        assertThat(PyZmq.decide(FOUND, "1")).isTrue();
    }

    @Test
    void missingInterpreterSkipsWhenNotRequired() {
        assertThat(PyZmq.decide(MISSING, null)).isFalse();
        assertThat(PyZmq.decide(MISSING, "0")).isFalse();
        assertThat(PyZmq.decide(MISSING, "")).isFalse();
    }

    @Test
    void missingInterpreterFailsWithTheReasonWhenRequired() {
        assertThatThrownBy(() -> PyZmq.decide(MISSING, "1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(PyZmq.REQUIRE_ENV)
                .hasMessageContaining("No module named 'zmq'");
    }

    @Test
    void searchReportsEveryCandidateThatFailed() {
        PyZmq.Probe p = PyZmq.search(List.of("/nonexistent/python3", "/bin/false"));
        assertThat(p.interpreter()).isNull();
        assertThat(p.problem()).contains("/nonexistent/python3").contains("/bin/false");
    }
}
