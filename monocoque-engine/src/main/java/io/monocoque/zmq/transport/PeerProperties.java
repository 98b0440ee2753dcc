package io.monocoque.zmq.transport;

import io.monocoque.zmq.wire.Metadata;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What the application sees of a peer's properties once its handshake has succeeded. */
final class PeerProperties {

    private PeerProperties() {
    }

    /**
     * The properties the peer announced, then those the ZAP handler gave (which win, being
     * vouched for by this side, except for Socket-Type and Identity, which only the peer can
     * state), then the authenticated User-Id.
     */
    static Map<String, byte[]> of(Metadata announced, String userId, Map<String, byte[]> zap) {
        if (zap.isEmpty() && (userId == null || userId.isEmpty())) {
            return announced.asMap();
        }
        Map<String, byte[]> all = new LinkedHashMap<>();
        announced.asMap().forEach((k, v) -> all.put(k.toLowerCase(Locale.ROOT), v));
        zap.forEach((k, v) -> {
            String key = k.toLowerCase(Locale.ROOT);
            if (!key.equals(Metadata.SOCKET_TYPE.toLowerCase(Locale.ROOT)) && !key.equals(Metadata.IDENTITY.toLowerCase(Locale.ROOT))) {
                all.put(key, v);
            }
        });
        if (userId != null && !userId.isEmpty()) {
            all.put(Metadata.USER_ID.toLowerCase(Locale.ROOT), userId.getBytes(StandardCharsets.UTF_8));
        }
        return all;
    }
}
