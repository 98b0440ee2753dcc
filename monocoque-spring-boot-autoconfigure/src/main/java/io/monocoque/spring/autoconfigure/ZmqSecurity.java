package io.monocoque.spring.autoconfigure;

import io.monocoque.spring.core.ZmqConfigurationException;
import io.monocoque.zmq.CurveKeyPair;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqSocket;
import io.monocoque.zmq.auth.ZapHandler;
import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.auth.ZapRequest;
import io.monocoque.zmq.auth.ZmqAuthenticator;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The PLAIN and CURVE settings of {@code monocoque.sockets.<name>}: socket options, and the
 * context's ZAP handler that applies each server socket's own rules (its users, its allowed
 * client keys) under its ZAP domain. Secrets never appear in messages.
 */
final class ZmqSecurity {

    private static final Log LOG = LogFactory.getLog(ZmqSecurity.class);
    private static final String HIDDEN = "(secret, not shown)";
    private static final String KEY_HELP = "a CURVE key is 40 characters of Z85 text, as zmq_curve_keypair, "
            + "CurveKeyPair.generate() or a czmq certificate give it";

    private ZmqSecurity() {
    }

    /** Sets the socket's security options; call before it binds or connects. */
    static void apply(String name, ZmqSocket socket, MonocoqueProperties.Socket d) {
        String prefix = "monocoque.sockets." + name;
        MonocoqueProperties.Plain plain = d.getPlain();
        MonocoqueProperties.Curve curve = d.getCurve();
        boolean plainUsed = plain.isServer() || plain.getUsername() != null;
        boolean curveUsed = curve.isServer() || curve.getServerKey() != null;
        if (plainUsed && curveUsed) {
            throw new ZmqConfigurationException(prefix + ".curve", null, "socket '" + name + "' is set up for both PLAIN and CURVE",
                    "A socket uses one security mechanism: remove " + prefix + ".plain or " + prefix + ".curve.");
        }
        if (plain.isServer() && plain.getUsername() != null) {
            throw new ZmqConfigurationException(prefix + ".plain.username", plain.getUsername(), "a PLAIN server does not send a user name",
                    "Remove " + prefix + ".plain.username (a server checks the users in " + prefix + ".plain.users or .password-file).");
        }
        if (plain.isServer()) {
            set(socket, SocketOption.PLAIN_SERVER, true, prefix + ".plain.server", false, "true or false");
        } else if (plain.getUsername() != null) {
            set(socket, SocketOption.PLAIN_USERNAME, plain.getUsername(), prefix + ".plain.username", false, "at most 255 bytes");
            set(socket, SocketOption.PLAIN_PASSWORD, plain.getPassword() == null ? "" : plain.getPassword(), prefix + ".plain.password",
                    true, "at most 255 bytes");
        }
        if (curveUsed) {
            applyCurve(name, socket, curve, prefix);
        }
        String domain = zapDomain(name, d);
        if (domain != null) {
            set(socket, SocketOption.ZAP_DOMAIN, domain, prefix + ".zap-domain", false, "at most 255 bytes");
        }
    }

    private static void applyCurve(String name, ZmqSocket socket, MonocoqueProperties.Curve curve, String prefix) {
        if (curve.isServer() && curve.getServerKey() != null) {
            throw new ZmqConfigurationException(prefix + ".curve.server-key", curve.getServerKey(),
                    "a CURVE server does not connect to another server's key", "Remove " + prefix + ".curve.server-key, or "
                            + prefix + ".curve.server to make the socket a client.");
        }
        CurveKeyPair keys = keyPair(curve, prefix);
        if (keys == null) {
            if (curve.isServer()) {
                throw new ZmqConfigurationException(prefix + ".curve.secret-key", null, "socket '" + name
                        + "' is a CURVE server without its key pair", "Set " + prefix + ".curve.secret-key (Z85; " + KEY_HELP + ") or "
                                + prefix + ".curve.certificate (a czmq .key_secret file).");
            }
            keys = CurveKeyPair.generate(); // an anonymous client: the server sees a fresh key each run
        }
        set(socket, SocketOption.CURVE_PUBLIC_KEY, keys.publicKey(), prefix + ".curve.public-key", false, KEY_HELP);
        set(socket, SocketOption.CURVE_SECRET_KEY, keys.secretKey(), prefix + ".curve.secret-key", true, KEY_HELP);
        if (curve.isServer()) {
            set(socket, SocketOption.CURVE_SERVER, true, prefix + ".curve.server", false, "true or false");
            if (!hasCurveRules(curve)) {
                LOG.warn("Socket '" + name + "' is a CURVE server that accepts any client key (encryption without client "
                        + "authentication). Set " + prefix + ".curve.allowed-client-keys or .allowed-client-certificates, or "
                        + prefix + ".curve.allow-any=true to say that is intended.");
            }
        } else {
            set(socket, SocketOption.CURVE_SERVER_KEY, decode(curve.getServerKey(), prefix + ".curve.server-key", false),
                    prefix + ".curve.server-key", false, KEY_HELP);
        }
    }

    private static CurveKeyPair keyPair(MonocoqueProperties.Curve curve, String prefix) {
        if (curve.getCertificate() != null) {
            if (curve.getSecretKey() != null || curve.getPublicKey() != null) {
                throw new ZmqConfigurationException(prefix + ".curve.certificate", curve.getCertificate(),
                        "the key pair is given twice: by a certificate and by keys", "Keep either " + prefix + ".curve.certificate or "
                                + prefix + ".curve.secret-key (with public-key).");
            }
            try {
                return CurveKeyPair.load(curve.getCertificate());
            } catch (ZmqException e) {
                throw new ZmqConfigurationException(prefix + ".curve.certificate", curve.getCertificate(), e.getMessage(),
                        "Point " + prefix + ".curve.certificate at a czmq secret certificate (.key_secret) that holds both keys.", e);
            }
        }
        if (curve.getSecretKey() == null) {
            if (curve.getPublicKey() != null) {
                throw new ZmqConfigurationException(prefix + ".curve.secret-key", null, "a public key without its secret key",
                        "Set " + prefix + ".curve.secret-key too (" + KEY_HELP + ").");
            }
            return null;
        }
        byte[] secret = decode(curve.getSecretKey(), prefix + ".curve.secret-key", true);
        CurveKeyPair keys = CurveKeyPair.fromSecretKey(secret);
        if (curve.getPublicKey() != null) {
            byte[] given = decode(curve.getPublicKey(), prefix + ".curve.public-key", false);
            if (!java.util.Arrays.equals(given, keys.publicKey())) {
                throw new ZmqConfigurationException(prefix + ".curve.public-key", curve.getPublicKey(),
                        "the public key does not belong to the secret key", "Give the public key of the same pair as "
                                + prefix + ".curve.secret-key, or leave public-key unset: it is derived from the secret key.");
            }
        }
        return keys;
    }

    private static byte[] decode(String z85, String property, boolean secret) {
        try {
            return CurveKeyPair.decodeKey(z85.strip());
        } catch (ZmqException e) {
            throw new ZmqConfigurationException(property, secret ? HIDDEN : z85, e.getMessage(),
                    "Set " + property + " to the 40-character Z85 form of the key (" + KEY_HELP + ").", e);
        }
    }

    private static <T> void set(ZmqSocket socket, SocketOption<T> option, T value, String property, boolean secret, String expected) {
        try {
            socket.setOption(option, value);
        } catch (ZmqException e) {
            throw new ZmqConfigurationException(property, secret || value instanceof byte[] ? HIDDEN : value, e.getMessage(),
                    "Set " + property + " to " + expected + ".", e);
        }
    }

    private static boolean hasCurveRules(MonocoqueProperties.Curve curve) {
        return !curve.getAllowedClientKeys().isEmpty() || curve.getAllowedClientCertificates() != null || curve.isAllowAny();
    }

    private static boolean hasPlainRules(MonocoqueProperties.Plain plain) {
        return plain.isServer() && (!plain.getUsers().isEmpty() || plain.getPasswordFile() != null);
    }

    /** Whether the socket authenticates clients by rules of its own. */
    static boolean hasServerRules(MonocoqueProperties.Socket d) {
        return hasPlainRules(d.getPlain()) || (d.getCurve().isServer() && hasCurveRules(d.getCurve()));
    }

    /** The ZAP domain the socket's requests carry, or {@code null} for none. */
    static String zapDomain(String name, MonocoqueProperties.Socket d) {
        if (d.getZapDomain() != null) {
            return d.getZapDomain();
        }
        return hasServerRules(d) ? name : null;
    }

    /**
     * The context's ZAP handler: each socket's rules under its domain, then the application's
     * own handler, then libzmq's behaviour without a handler. {@code null} when there is nothing
     * to decide (the engine then behaves as libzmq does).
     */
    static ZapHandler authenticator(MonocoqueProperties properties, ZapHandler applicationHandler) {
        Map<String, ZapHandler> byDomain = new LinkedHashMap<>();
        Map<String, String> owners = new LinkedHashMap<>();
        properties.getSockets().forEach((name, d) -> {
            if (!hasServerRules(d)) {
                return;
            }
            String domain = zapDomain(name, d);
            if (byDomain.containsKey(domain)) {
                throw new ZmqConfigurationException("monocoque.sockets." + name + ".zap-domain", domain, "sockets '" + owners.get(domain)
                        + "' and '" + name + "' both have authentication rules under ZAP domain '" + domain + "'",
                        "Give each socket with PLAIN users or allowed CURVE keys a ZAP domain of its own.");
            }
            byDomain.put(domain, rules(name, d));
            owners.put(domain, name);
        });
        if (byDomain.isEmpty()) {
            return applicationHandler;
        }
        return new PerDomain(byDomain, applicationHandler);
    }

    private static ZapHandler rules(String name, MonocoqueProperties.Socket d) {
        String prefix = "monocoque.sockets." + name;
        ZmqAuthenticator.Builder b = ZmqAuthenticator.builder();
        MonocoqueProperties.Plain plain = d.getPlain();
        if (!plain.getUsers().isEmpty()) {
            b.plainUsers(plain.getUsers());
        }
        if (plain.getPasswordFile() != null) {
            try {
                b.plainPasswordFile(plain.getPasswordFile());
            } catch (UncheckedIOException | IllegalArgumentException e) {
                throw new ZmqConfigurationException(prefix + ".plain.password-file", plain.getPasswordFile(), e.getMessage(),
                        "Point " + prefix + ".plain.password-file at a readable file of 'name=password' lines.", e);
            }
        }
        MonocoqueProperties.Curve curve = d.getCurve();
        for (int i = 0; i < curve.getAllowedClientKeys().size(); i++) {
            b.curveAllow(decode(curve.getAllowedClientKeys().get(i), prefix + ".curve.allowed-client-keys[" + i + "]", false));
        }
        if (curve.getAllowedClientCertificates() != null) {
            try {
                b.curveCertificates(curve.getAllowedClientCertificates());
            } catch (RuntimeException e) {
                throw new ZmqConfigurationException(prefix + ".curve.allowed-client-certificates", curve.getAllowedClientCertificates(),
                        e.getMessage(), "Point it at a directory of czmq public certificates (.key files).", e);
            }
        }
        if (curve.isAllowAny()) {
            b.curveAllowAny();
        }
        return b.build();
    }

    /** Each socket's rules under its ZAP domain; anything else as the application or libzmq decides. */
    static final class PerDomain implements ZapHandler {

        private final Map<String, ZapHandler> byDomain;
        private final ZapHandler fallback;

        PerDomain(Map<String, ZapHandler> byDomain, ZapHandler fallback) {
            this.byDomain = Map.copyOf(byDomain);
            this.fallback = fallback;
        }

        @Override
        public ZapReply authenticate(ZapRequest request) {
            ZapHandler rules = byDomain.get(request.domain());
            if (rules != null) {
                return rules.authenticate(request);
            }
            if (fallback != null) {
                return fallback.authenticate(request);
            }
            // What the engine does without any handler: CURVE encrypts for anyone, PLAIN refuses.
            switch (request.mechanism()) {
                case ZapRequest.NULL:
                    return ZapReply.allow("");
                case ZapRequest.CURVE:
                    return ZapReply.allow(request.clientKeyZ85());
                default:
                    return ZapReply.deny("no PLAIN users for ZAP domain '" + request.domain() + "'");
            }
        }

        @Override
        public String toString() {
            return "PerDomain" + byDomain.keySet();
        }
    }
}
