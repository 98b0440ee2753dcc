package io.monocoque.zmq.auth;

import io.monocoque.zmq.keys.Z85;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A ZAP authentication request (RFC 27): who is connecting to which server socket, with which
 * mechanism and credentials. {@link #toString()} never shows credentials.
 */
public final class ZapRequest {

    /** The NULL mechanism's name. */
    public static final String NULL = "NULL";
    /** The PLAIN mechanism's name. */
    public static final String PLAIN = "PLAIN";
    /** The CURVE mechanism's name. */
    public static final String CURVE = "CURVE";

    private final String domain;
    private final String address;
    private final byte[] routingId;
    private final String mechanism;
    private final List<byte[]> credentials;

    /**
     * @param domain      the server socket's ZAP domain (may be empty)
     * @param address     the client's IP address (IPv4 dotted or IPv6 text), empty when the
     *                    transport has none (ipc)
     * @param routingId   the routing id of the server socket, as libzmq sends it (may be empty)
     * @param mechanism   {@link #NULL}, {@link #PLAIN} or {@link #CURVE}
     * @param credentials the mechanism's credential frames (copied)
     */
    public ZapRequest(String domain, String address, byte[] routingId, String mechanism, List<byte[]> credentials) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.address = Objects.requireNonNull(address, "address");
        this.routingId = routingId == null ? new byte[0] : routingId.clone();
        this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
        List<byte[]> copy = new ArrayList<>(credentials.size());
        for (byte[] c : credentials) {
            copy.add(c.clone());
        }
        this.credentials = copy;
    }

    public String domain() {
        return domain;
    }

    /** The client's IP address without a port, or empty. */
    public String address() {
        return address;
    }

    /** The server socket's routing id (what libzmq puts in the request's identity frame). */
    public byte[] routingId() {
        return routingId.clone();
    }

    public String mechanism() {
        return mechanism;
    }

    /** The credential frames, copied. */
    public List<byte[]> credentials() {
        List<byte[]> copy = new ArrayList<>(credentials.size());
        for (byte[] c : credentials) {
            copy.add(c.clone());
        }
        return copy;
    }

    /** The PLAIN user name (UTF-8), or {@code null} for another mechanism. */
    public String username() {
        return PLAIN.equals(mechanism) && credentials.size() >= 1 ? new String(credentials.get(0), StandardCharsets.UTF_8) : null;
    }

    /** The PLAIN password (UTF-8), or {@code null} for another mechanism. */
    public String password() {
        return PLAIN.equals(mechanism) && credentials.size() >= 2 ? new String(credentials.get(1), StandardCharsets.UTF_8) : null;
    }

    /** The CURVE client's 32-byte long-term public key, or {@code null} for another mechanism. */
    public byte[] clientKey() {
        return CURVE.equals(mechanism) && credentials.size() >= 1 && credentials.get(0).length == 32
                ? credentials.get(0).clone() : null;
    }

    /** The CURVE client's public key as Z85 text, or {@code null} for another mechanism. */
    public String clientKeyZ85() {
        byte[] k = clientKey();
        return k == null ? null : Z85.encode(k);
    }

    /** Mechanism, domain and address; never the credentials (a CURVE public key is shown, being public). */
    @Override
    public String toString() {
        String who = CURVE.equals(mechanism) && clientKey() != null ? ", key " + clientKeyZ85()
                : PLAIN.equals(mechanism) ? ", user " + username() : "";
        return "ZapRequest[" + mechanism + ", domain '" + domain + "', address " + address + who + "]";
    }
}
