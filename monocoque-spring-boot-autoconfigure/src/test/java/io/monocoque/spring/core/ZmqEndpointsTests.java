package io.monocoque.spring.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ZmqEndpointsTests {

    @Test
    void wellFormedEndpointsPass() {
        assertThat(ZmqEndpoints.problem("tcp://*:5555", true)).isNull();
        assertThat(ZmqEndpoints.problem("tcp://127.0.0.1:*", true)).isNull();
        assertThat(ZmqEndpoints.problem("tcp://[::1]:5555", false)).isNull();
        assertThat(ZmqEndpoints.problem("tcp://quotes-service:5555", false)).isNull();
        assertThat(ZmqEndpoints.problem("ipc:///tmp/prices", true)).isNull();
        assertThat(ZmqEndpoints.problem("inproc://orders", false)).isNull();
        assertThat(ZmqEndpoints.problem("udp://239.0.0.1:5556", false)).isNull();
        assertThat(ZmqEndpoints.problem("udp://*:5556", true)).isNull();
    }

    @Test
    void malformedEndpointsSayWhatIsWrong() {
        assertThat(ZmqEndpoints.problem("localhost:5555", false)).contains("no transport");
        assertThat(ZmqEndpoints.problem("pgm://x:1", true)).contains("not supported");
        assertThat(ZmqEndpoints.problem("udp://host", false)).contains("udp endpoint needs a host and a port");
        assertThat(ZmqEndpoints.problem("tcp://host", false)).contains("host and a port");
        assertThat(ZmqEndpoints.problem("tcp://host:http", false)).contains("not a port");
        assertThat(ZmqEndpoints.problem("tcp://host:70000", false)).contains("out of range");
        assertThat(ZmqEndpoints.problem("tcp://*:*", false)).contains("concrete host and port");
        assertThat(ZmqEndpoints.problem("inproc://", true)).contains("no name");
        assertThat(ZmqEndpoints.problem(" ", true)).contains("empty");
    }
}
