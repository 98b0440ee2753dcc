package io.monocoque.zmq;

/**
 * A snapshot of what a {@link ZmqProxy} has forwarded, in the order and meaning of the eight
 * values libzmq's {@code zmq_proxy_steerable} returns for {@code STATISTICS}. A multipart
 * message counts as one message; bytes are the sum of its frames' lengths.
 *
 * @param frontendMessagesIn  messages the proxy received from the frontend
 * @param frontendBytesIn     their total frame bytes
 * @param frontendMessagesOut messages the proxy sent out through the frontend
 * @param frontendBytesOut    their total frame bytes
 * @param backendMessagesIn   messages the proxy received from the backend
 * @param backendBytesIn      their total frame bytes
 * @param backendMessagesOut  messages the proxy sent out through the backend
 * @param backendBytesOut     their total frame bytes
 */
public record ProxyStatistics(
        long frontendMessagesIn,
        long frontendBytesIn,
        long frontendMessagesOut,
        long frontendBytesOut,
        long backendMessagesIn,
        long backendBytesIn,
        long backendMessagesOut,
        long backendBytesOut) {

    /** The eight values in libzmq's STATISTICS reply order. */
    public long[] toArray() {
        return new long[] {
                frontendMessagesIn, frontendBytesIn, frontendMessagesOut, frontendBytesOut,
                backendMessagesIn, backendBytesIn, backendMessagesOut, backendBytesOut};
    }
}
