package io.monocoque.spring.core;

import io.monocoque.zmq.ZmqException;

import java.util.Locale;

/**
 * Checks endpoint strings before a socket uses them, and turns bind/connect failures into
 * advice a user can act on.
 */
public final class ZmqEndpoints {

    /** How every endpoint must look, for error messages. */
    public static final String FORMS = "tcp://host:port (host '*' for every interface, port '*' for an ephemeral one), "
            + "ipc:///path/to/socket, inproc://name or udp://host:port (RADIO, DISH and DGRAM)";

    private ZmqEndpoints() {
    }

    /**
     * What is wrong with {@code endpoint}'s form, or {@code null} when it looks right (whether
     * the address can be used is only known when binding or connecting).
     */
    public static String problem(String endpoint, boolean bind) {
        if (endpoint == null || endpoint.isBlank()) {
            return "the endpoint is empty";
        }
        int sep = endpoint.indexOf("://");
        if (sep < 0) {
            return "'" + endpoint + "' has no transport: an endpoint starts with tcp://, ipc://, inproc:// or udp://";
        }
        String transport = endpoint.substring(0, sep).toLowerCase(Locale.ROOT);
        String address = endpoint.substring(sep + 3);
        switch (transport) {
            case "tcp":
            case "udp": {
                int colon = address.lastIndexOf(':');
                if (colon <= 0 || colon == address.length() - 1) {
                    return "a " + transport + " endpoint needs a host and a port, as in " + transport + "://127.0.0.1:5555";
                }
                String port = address.substring(colon + 1);
                if (!port.equals("*") && !port.chars().allMatch(Character::isDigit)) {
                    return "'" + port + "' is not a port: use a number from 1 to 65535" + (bind ? ", or '*' for an ephemeral one" : "");
                }
                if (!port.equals("*") && (port.length() > 5 || Integer.parseInt(port) > 65535 || Integer.parseInt(port) < (bind ? 0 : 1))) {
                    return "port " + port + " is out of range: use a number from 1 to 65535";
                }
                if (!bind && (port.equals("*") || address.startsWith("*:"))) {
                    return "a connect endpoint needs a concrete host and port, not '*'";
                }
                return null;
            }
            case "ipc":
            case "inproc":
                return address.isEmpty() ? "the " + transport + " endpoint has no " + (transport.equals("ipc") ? "path" : "name") : null;
            default:
                return "transport '" + transport + "' is not supported: use tcp://, ipc://, inproc:// or udp://";
        }
    }

    /** What to do about a failed bind or connect of the endpoint held by {@code source}. */
    public static String advice(ZmqException e, String source) {
        switch (e.error()) {
            case EADDRINUSE:
                return "Another process or socket is already listening on this address. Stop it, or change " + source
                        + " (a port of '*' picks a free one).";
            case EADDRNOTAVAIL:
                return "Bind to an address of this machine (or '*' for every interface), or fix the host name in " + source + ".";
            case EPROTONOSUPPORT:
            case EINVAL:
                return "Change " + source + " to one of: " + FORMS + ".";
            default:
                return "Check " + source + " (" + FORMS + ").";
        }
    }
}
