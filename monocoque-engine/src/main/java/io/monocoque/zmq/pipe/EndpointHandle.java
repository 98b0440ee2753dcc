package io.monocoque.zmq.pipe;

/** A bound or connected endpoint of a socket, closed by {@code unbind}/{@code disconnect}. */
public interface EndpointHandle {

    /** The endpoint as resolved (a wildcard port replaced by the real one). */
    String endpoint();

    /** Stops listening or connecting and closes this endpoint's connections. */
    void close();

    /**
     * Whether the endpoint ended by itself (a connecter that stopped reconnecting, see
     * {@link PipeHost#endpointEnded}); such a handle is no longer one of the socket's endpoints.
     */
    default boolean hasEnded() {
        return false;
    }
}
