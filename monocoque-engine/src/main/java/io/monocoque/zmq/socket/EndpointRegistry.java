package io.monocoque.zmq.socket;

import io.monocoque.zmq.pipe.EndpointHandle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoints a socket is bound or connected to, each under the name it was given and, for a
 * bind to a wildcard, under the name it resolved to, so that either unbinds it. Guarded by its
 * own monitor: binding and connecting never take the socket's lock, which I/O threads need.
 */
final class EndpointRegistry {

    private final Map<String, List<EndpointHandle>> endpoints = new LinkedHashMap<>();
    private volatile String lastEndpoint;

    /** Records a bind made as {@code requested}. */
    synchronized void bound(String requested, EndpointHandle h) {
        endpoints.computeIfAbsent(h.endpoint(), k -> new ArrayList<>()).add(h);
        if (!h.endpoint().equals(requested)) {
            endpoints.computeIfAbsent(requested, k -> new ArrayList<>()).add(h);
        }
        lastEndpoint = h.endpoint();
    }

    /** Records a connect made as {@code requested}. */
    synchronized void connected(String requested, EndpointHandle h) {
        if (!h.hasEnded()) { // it may have ended already, on an I/O thread, before connect returned
            endpoints.computeIfAbsent(requested, k -> new ArrayList<>()).add(h);
        }
        lastEndpoint = h.endpoint();
    }

    /** The handles of {@code endpoint} (as given or as resolved), no longer registered; {@code null} if unknown. */
    synchronized List<EndpointHandle> remove(String endpoint) {
        List<EndpointHandle> handles = endpoints.remove(endpoint);
        if (handles != null) {
            endpoints.values().forEach(l -> l.removeAll(handles));
            endpoints.values().removeIf(List::isEmpty);
        }
        return handles;
    }

    /** Forgets a handle that ended by itself (see {@link EndpointHandle#hasEnded()}). */
    synchronized void ended(EndpointHandle h) {
        endpoints.values().forEach(l -> l.remove(h));
        endpoints.values().removeIf(List::isEmpty);
    }

    /** Every handle, once each, no longer registered. */
    synchronized List<EndpointHandle> removeAll() {
        List<EndpointHandle> handles = new ArrayList<>();
        endpoints.values().forEach(l -> l.forEach(h -> {
            if (!handles.contains(h)) {
                handles.add(h);
            }
        }));
        endpoints.clear();
        return handles;
    }

    /** The resolved endpoints, once each, in the order they were made. */
    synchronized List<String> endpoints() {
        List<String> all = new ArrayList<>();
        endpoints.values().forEach(l -> l.forEach(h -> {
            if (!all.contains(h.endpoint())) {
                all.add(h.endpoint());
            }
        }));
        return all;
    }

    /** The endpoint of the last bind or connect, resolved. */
    String lastEndpoint() {
        return lastEndpoint;
    }
}
