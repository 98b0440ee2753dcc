package io.monocoque.zmq;

/** {@link DirectWriteTest} on the NIO transport ({@code NioDirectSocketChannel}). */
class NioDirectWriteTest extends DirectWriteTest {

    @Override
    IoTransport transport() {
        return IoTransport.NIO;
    }
}
