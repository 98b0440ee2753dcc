package io.monocoque.zmq;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the engine knows of the peer a message came from: the properties it announced in its
 * ZMTP READY command ({@code Socket-Type}, {@code Identity} and application metadata), its
 * remote address, and the user id its authentication established (if any).
 *
 * <p>One instance is shared by every message received on a connection.
 */
public final class PeerInfo {

    /** No peer: a message that was built locally. */
    public static final PeerInfo NONE = new PeerInfo(Map.of(), null, null);

    private final Map<String, byte[]> properties;
    private final String remoteAddress;
    private final String userId;

    public PeerInfo(Map<String, byte[]> properties, String remoteAddress, String userId) {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        properties.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), v.clone()));
        this.properties = Collections.unmodifiableMap(copy);
        this.remoteAddress = remoteAddress;
        this.userId = userId;
    }

    /** The property's value as UTF-8 text, looked up case-insensitively, or {@code null}. */
    public String property(String name) {
        byte[] v = properties.get(name.toLowerCase(Locale.ROOT));
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /** Every property the peer announced, names in lower case, values as raw bytes. */
    public Map<String, byte[]> properties() {
        return properties;
    }

    /** The peer's socket type as it announced it, or {@code null}. */
    public String socketType() {
        return property("Socket-Type");
    }

    /** The peer's remote address ({@code "127.0.0.1:5555"}, an ipc path, or an inproc name). */
    public String remoteAddress() {
        return remoteAddress;
    }

    /** The user id authentication established (ZAP), or {@code null} without one. */
    public String userId() {
        return userId;
    }

    @Override
    public String toString() {
        return "PeerInfo[" + remoteAddress + ", " + socketType() + (userId == null ? "" : ", user " + userId) + "]";
    }
}
