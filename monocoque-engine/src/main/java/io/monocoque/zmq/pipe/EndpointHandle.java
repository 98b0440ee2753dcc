package io.monocoque.zmq.pipe;

/** A bound or connected endpoint of a socket, closed by {@code unbind}/{@code disconnect}. */
public interface EndpointHandle {

    /** The endpoint as resolved (a wildcard port replaced by the real one). */
    String endpoint();

    /** Stops listening or connecting and closes this endpoint's connections. */
    void close();
}
