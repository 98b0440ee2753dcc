package io.monocoque.zmq;

import org.junit.jupiter.api.BeforeAll;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link DirectWriteTest} on the epoll transport ({@code EpollDirectSocketChannel}), AUTO's choice on Linux. */
class EpollDirectWriteTest extends DirectWriteTest {

    @BeforeAll
    static void needsEpoll() {
        assumeTrue(ZmqContext.isAvailable(IoTransport.EPOLL), "epoll is not available on this machine");
    }

    @Override
    IoTransport transport() {
        return IoTransport.EPOLL;
    }
}
