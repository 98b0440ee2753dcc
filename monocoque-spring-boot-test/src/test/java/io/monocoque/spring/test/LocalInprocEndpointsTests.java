package io.monocoque.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(classes = LocalEndpointsApplication.class, properties = {
        "monocoque.sockets.orders.type=pull", "monocoque.sockets.orders.bind=tcp://*:5557",
        "monocoque.sockets.quotes.type=rep", "monocoque.sockets.quotes.bind=tcp://*:5555",
        "monocoque.sockets.ticks.type=pub", "monocoque.sockets.ticks.bind=tcp://*:5556",
        "monocoque.sockets.audit.type=push",
        "monocoque.sockets.audit.connect=tcp://audit.invalid:7000,tcp://audit-2.invalid:7000"})
@LocalZmqEndpoints(ZmqTestTransport.INPROC)
class LocalInprocEndpointsTests extends LocalEndpointsContract {

    @Test
    void bindsAndConnectsMoveToInprocNames() {
        assertThat(zmq.transport()).isEqualTo(ZmqTestTransport.INPROC);
        assertThat(zmq.endpoints("orders")).containsExactly("inproc://orders");
        assertThat(zmq.endpoints("quotes")).containsExactly("inproc://quotes");
        assertThat(zmq.endpoints("audit")).containsExactly("inproc://audit.peer", "inproc://audit.peer.1");
    }
}
