package io.monocoque.zmq.faults;

/**
 * One kind of traffic in {@link MixedTrafficSoakTest}: its sockets and threads, the faults and
 * reconnects it suffers, and what its pattern promises, checked at the end.
 */
interface SoakLane extends AutoCloseable {

    /** Called about every {@link MixedTrafficSoakTest#STEP}: applies this step's fault or reconnect, if any. */
    void step(long step) throws Exception;

    /** Lifts every fault, stops the traffic, waits for what is still in flight, and asserts the pattern's promises. */
    void finish() throws Exception;

    /** One line: what went through and what the faults did. */
    String summary();

    @Override
    void close();
}
