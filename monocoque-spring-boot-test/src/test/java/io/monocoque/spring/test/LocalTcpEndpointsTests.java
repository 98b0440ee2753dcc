package io.monocoque.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.ZmqSocket;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(classes = LocalEndpointsApplication.class, properties = {
        "monocoque.sockets.orders.type=pull", "monocoque.sockets.orders.bind=tcp://*:5557",
        "monocoque.sockets.quotes.type=rep", "monocoque.sockets.quotes.bind=tcp://*:5555",
        "monocoque.sockets.ticks.type=pub", "monocoque.sockets.ticks.bind=tcp://*:5556",
        "monocoque.sockets.audit.type=push",
        "monocoque.sockets.audit.connect=tcp://audit.invalid:7000,tcp://audit-2.invalid:7000"})
@LocalZmqEndpoints(ZmqTestTransport.TCP)
class LocalTcpEndpointsTests extends LocalEndpointsContract {

    @Autowired
    @Qualifier("orders")
    ZmqSocket orders;

    @Test
    void bindsMoveToEphemeralLoopbackPortsAndConnectsToPeersBoundTheSameWay() {
        assertThat(zmq.transport()).isEqualTo(ZmqTestTransport.TCP);
        for (String socket : zmq.sockets()) {
            assertThat(zmq.endpoints(socket)).as(socket).isNotEmpty()
                    .allSatisfy(endpoint -> assertThat(endpoint).matches("tcp://127\\.0\\.0\\.1:[1-9][0-9]*"));
        }
        assertThat(zmq.endpoint("orders")).isEqualTo(orders.lastEndpoint()).doesNotEndWith(":5557");
        assertThat(zmq.endpoints("audit")).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(zmq.peer("audit").socket().endpoints());
    }
}
