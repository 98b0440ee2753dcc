package io.monocoque.zmq.auth;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A ZAP reply (RFC 27): a status code ({@code 200} allowed, {@code 300} temporary failure,
 * {@code 400} authentication failure, {@code 500} internal error), a status text, the user id
 * the application will see on every message of the connection, and metadata added to the
 * peer's properties.
 *
 * <p>As in libzmq, a 300 closes the connection silently while 400 and 500 first send the
 * client an ERROR command carrying the status code.
 */
public final class ZapReply {

    private final int statusCode;
    private final String statusText;
    private final String userId;
    private final Map<String, byte[]> metadata;

    private ZapReply(int statusCode, String statusText, String userId, Map<String, byte[]> metadata) {
        if (statusCode != 200 && statusCode != 300 && statusCode != 400 && statusCode != 500) {
            throw new IllegalArgumentException("a ZAP status code is 200, 300, 400 or 500, not " + statusCode);
        }
        this.statusCode = statusCode;
        this.statusText = statusText == null ? "" : statusText;
        this.userId = userId == null ? "" : userId;
        Map<String, byte[]> copy = new LinkedHashMap<>();
        metadata.forEach((k, v) -> copy.put(Objects.requireNonNull(k), v.clone()));
        this.metadata = Collections.unmodifiableMap(copy);
    }

    /** The client is allowed, known to the application as {@code userId} (may be empty). */
    public static ZapReply allow(String userId) {
        return new ZapReply(200, "OK", userId, Map.of());
    }

    /** The client is allowed, as {@code userId}, with metadata (UTF-8 values) added to its properties. */
    public static ZapReply allow(String userId, Map<String, String> metadata) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        metadata.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return new ZapReply(200, "OK", userId, bytes);
    }

    /** The client failed authentication (400); the reason stays local, the client sees only "400". */
    public static ZapReply deny(String statusText) {
        return new ZapReply(400, statusText, null, Map.of());
    }

    /** A temporary failure (300): the client is disconnected without an ERROR and may retry. */
    public static ZapReply temporaryFailure(String statusText) {
        return new ZapReply(300, statusText, null, Map.of());
    }

    /** The authenticator failed (500). */
    public static ZapReply internalError(String statusText) {
        return new ZapReply(500, statusText, null, Map.of());
    }

    /** A reply with any valid status code and raw metadata values, e.g. one parsed off the wire. */
    public static ZapReply of(int statusCode, String statusText, String userId, Map<String, byte[]> metadata) {
        return new ZapReply(statusCode, statusText, userId, metadata);
    }

    public int statusCode() {
        return statusCode;
    }

    public String statusText() {
        return statusText;
    }

    /** The user id, empty when none was given (or the client was refused). */
    public String userId() {
        return userId;
    }

    /** Metadata properties for the connection, values as raw bytes. */
    public Map<String, byte[]> metadata() {
        return metadata;
    }

    /** Whether the status code is 200. */
    public boolean isAllowed() {
        return statusCode == 200;
    }

    @Override
    public String toString() {
        return "ZapReply[" + statusCode + " " + statusText + (userId.isEmpty() ? "" : ", user " + userId) + "]";
    }
}
