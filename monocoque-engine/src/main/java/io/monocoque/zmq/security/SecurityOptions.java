package io.monocoque.zmq.security;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.security.curve.CryptoBox;
import io.monocoque.zmq.keys.Z85;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * A socket's security options as read when it binds or connects, and the choice of mechanism
 * they make: CURVE server ({@code CURVE_SERVER}), CURVE client ({@code CURVE_SERVER_KEY}),
 * PLAIN server ({@code PLAIN_SERVER}), PLAIN client ({@code PLAIN_USERNAME} or
 * {@code PLAIN_PASSWORD}), else NULL. Keys are held as 32 raw bytes (Z85 text is decoded here).
 * {@link #toString()} never shows a secret.
 */
public record SecurityOptions(
        boolean plainServer,
        String plainUsername,
        String plainPassword,
        boolean curveServer,
        byte[] curvePublicKey,
        byte[] curveSecretKey,
        byte[] curveServerKey) {

    /** Short-term keys, nonces and cookie keys of every connection come from here. */
    static final SecureRandom RANDOM = new SecureRandom();

    /** No security: the NULL mechanism. */
    public static final SecurityOptions NONE = new SecurityOptions(false, null, null, false, null, null, null);

    /** Reads socket options: a socket's own {@code getOption}, e.g. {@code SecurityOptions.of(socket::getOption)}. */
    public interface OptionValues {
        <T> T get(SocketOption<T> option);
    }

    /** The security options of a socket whose option values {@code socket} reads. */
    public static SecurityOptions of(OptionValues socket) {
        return new SecurityOptions(
                socket.get(SocketOption.PLAIN_SERVER),
                socket.get(SocketOption.PLAIN_USERNAME),
                socket.get(SocketOption.PLAIN_PASSWORD),
                socket.get(SocketOption.CURVE_SERVER),
                raw(socket.get(SocketOption.CURVE_PUBLIC_KEY)),
                raw(socket.get(SocketOption.CURVE_SECRET_KEY)),
                raw(socket.get(SocketOption.CURVE_SERVER_KEY)));
    }

    /** A key option's value as 32 raw bytes: it may have been given as 40 bytes of Z85 text. */
    private static byte[] raw(byte[] key) {
        if (key == null || key.length == 32) {
            return key;
        }
        return Z85.decodeRedacted(new String(key, StandardCharsets.US_ASCII));
    }

    /** The mechanism's name these options select. */
    public String mechanismName() {
        if (curveServer || curveServerKey != null) {
            return CurveMechanism.NAME;
        }
        if (plainServer || plainUsername != null || plainPassword != null) {
            return PlainMechanism.NAME;
        }
        return NullMechanism.NAME;
    }

    /**
     * A factory of per-connection mechanisms for these options.
     *
     * @throws ZmqException EINVAL when a CURVE socket lacks a key it needs
     */
    public Supplier<Mechanism> mechanisms() {
        if (curveServer) {
            if (curveSecretKey == null) {
                throw new ZmqException(ZmqError.EINVAL, "a CURVE server needs " + SocketOption.CURVE_SECRET_KEY);
            }
            byte[] secret = curveSecretKey;
            return () -> new CurveServerMechanism(secret, CookieKeys.shared(), RANDOM);
        }
        if (curveServerKey != null) {
            if (curveSecretKey == null) {
                throw new ZmqException(ZmqError.EINVAL, "a CURVE client needs " + SocketOption.CURVE_SECRET_KEY
                        + " (and " + SocketOption.CURVE_PUBLIC_KEY + ") besides " + SocketOption.CURVE_SERVER_KEY);
            }
            byte[] secret = curveSecretKey;
            byte[] pub = curvePublicKey != null ? curvePublicKey : CryptoBox.publicKey(secret);
            byte[] server = curveServerKey;
            return () -> new CurveClientMechanism(pub, secret, server, RANDOM);
        }
        if (plainServer) {
            return PlainMechanism::server;
        }
        if (plainUsername != null || plainPassword != null) {
            String user = plainUsername == null ? "" : plainUsername;
            String password = plainPassword == null ? "" : plainPassword;
            return () -> PlainMechanism.client(user, password);
        }
        return NullMechanism::new;
    }

    @Override
    public String toString() {
        return "SecurityOptions[" + mechanismName() + (curveServer || plainServer ? " server" : "")
                + (plainUsername != null ? ", user " + plainUsername : "") + "]";
    }
}
