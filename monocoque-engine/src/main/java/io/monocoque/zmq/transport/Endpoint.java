package io.monocoque.zmq.transport;

import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed ZeroMQ endpoint string such as {@code tcp://127.0.0.1:5555}, {@code ipc:///tmp/feeds}
 * or {@code inproc://workers}, as passed to bind and connect.
 *
 * <p>Instances are immutable and compare by their canonical form ({@link #toString()}): IPv6
 * literals are written the RFC 5952 way (as libzmq prints them, {@code tcp://[::1]:5555}) and a
 * wildcard port is written {@code *}, so {@code tcp://*:0} equals {@code tcp://*:*}. Parsing is
 * purely syntactic: host names are not resolved and files are not touched.
 */
public final class Endpoint {

    /** The transport an endpoint uses. */
    public enum Kind {
        /** TCP over IPv4 or IPv6. */
        TCP("tcp"),
        /** Unix domain sockets. */
        IPC("ipc"),
        /** In-process queues between sockets of one context. */
        INPROC("inproc");

        private final String scheme;

        Kind(String scheme) {
            this.scheme = scheme;
        }

        /** The name before {@code ://}, e.g. {@code tcp}. */
        public String scheme() {
            return scheme;
        }
    }

    /** Transports libzmq knows that Monocoque does not implement, named so errors can say so. */
    private static final Set<String> UNSUPPORTED_LIBZMQ_TRANSPORTS =
            Set.of("pgm", "epgm", "norm", "udp", "vmci", "tipc", "ws", "wss");

    private static final String SUPPORTED = "Monocoque supports tcp, ipc and inproc (and udp for RADIO, DISH and DGRAM)";

    /** sun_path is 108 bytes on Linux; a path needs a trailing NUL, an abstract name a leading one. */
    private static final int MAX_IPC_ADDRESS_BYTES = 107;

    private final Kind kind;
    private final String address;
    private final String host;
    private final int port;
    private final boolean wildcardHost;
    private final boolean wildcardPort;
    private final boolean ipv6;
    private final String canonical;

    private Endpoint(Kind kind, String address, String host, int port, boolean wildcardHost,
            boolean wildcardPort, boolean ipv6) {
        this.kind = kind;
        this.address = address;
        this.host = host;
        this.port = port;
        this.wildcardHost = wildcardHost;
        this.wildcardPort = wildcardPort;
        this.ipv6 = ipv6;
        this.canonical = kind.scheme() + "://" + address;
    }

    /**
     * Parses an endpoint string.
     *
     * @throws ZmqException {@link ZmqError#EINVAL} if it is malformed,
     *     {@link ZmqError#EPROTONOSUPPORT} if its transport is not tcp, ipc or inproc; the message
     *     quotes the endpoint
     */
    public static Endpoint parse(String endpoint) {
        if (endpoint == null) {
            throw invalid("endpoint must not be null");
        }
        int separator = endpoint.indexOf("://");
        if (separator < 0) {
            throw invalid("missing '://' in endpoint '" + endpoint
                    + "' (expected transport://address, e.g. tcp://127.0.0.1:5555)");
        }
        String scheme = endpoint.substring(0, separator);
        String rest = endpoint.substring(separator + 3);
        switch (scheme) {
            case "tcp":
                return parseTcp(endpoint, rest);
            case "ipc":
                return parseIpc(endpoint, rest);
            case "inproc":
                return parseInproc(endpoint, rest);
            default:
                throw unsupportedTransport(endpoint, scheme);
        }
    }

    private static ZmqException unsupportedTransport(String endpoint, String scheme) {
        if (scheme.isEmpty()) {
            return invalid("missing transport before '://' in endpoint '" + endpoint
                    + "' (expected e.g. tcp://127.0.0.1:5555)");
        }
        String lower = scheme.toLowerCase(Locale.ROOT);
        if (UNSUPPORTED_LIBZMQ_TRANSPORTS.contains(lower)) {
            return new ZmqException(ZmqError.EPROTONOSUPPORT, "transport '" + scheme
                    + "' in endpoint '" + endpoint + "' is not supported; " + SUPPORTED);
        }
        if (!lower.equals(scheme) && (lower.equals("tcp") || lower.equals("ipc") || lower.equals("inproc"))) {
            // libzmq matches transport names case-sensitively; say so rather than just "unknown".
            return new ZmqException(ZmqError.EPROTONOSUPPORT, "unknown transport '" + scheme
                    + "' in endpoint '" + endpoint + "'; transport names are lower-case: use '"
                    + lower + "'");
        }
        return new ZmqException(ZmqError.EPROTONOSUPPORT, "unknown transport '" + scheme
                + "' in endpoint '" + endpoint + "'; " + SUPPORTED);
    }

    private static Endpoint parseTcp(String endpoint, String rest) {
        if (rest.isEmpty()) {
            throw invalid("missing host and port in endpoint '" + endpoint
                    + "' (expected tcp://host:port)");
        }
        if (rest.indexOf(';') >= 0) {
            throw invalid("source-address endpoints (tcp://source;destination) are not supported: '"
                    + endpoint + "'; bind or connect to tcp://host:port");
        }
        String hostPart;
        String portPart;
        String host;
        boolean ipv6 = false;
        boolean wildcardHost = false;
        if (rest.charAt(0) == '[') {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw invalid("missing ']' after the IPv6 address in endpoint '" + endpoint + "'");
            }
            hostPart = rest.substring(1, close);
            if (close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw invalid("missing port after ']' in endpoint '" + endpoint
                        + "' (expected tcp://[address]:port)");
            }
            portPart = rest.substring(close + 2);
            host = canonicalIpv6(hostPart);
            if (host == null) {
                throw invalid("invalid IPv6 address '" + hostPart + "' in endpoint '" + endpoint + "'");
            }
            ipv6 = true;
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon < 0) {
                throw invalid("missing port in endpoint '" + endpoint + "' (expected tcp://host:port)");
            }
            hostPart = rest.substring(0, colon);
            portPart = rest.substring(colon + 1);
            if (hostPart.isEmpty()) {
                throw invalid("missing host in endpoint '" + endpoint
                        + "' (use tcp://*:port to bind on every interface)");
            }
            if (hostPart.indexOf(':') >= 0) {
                throw invalid("IPv6 address in endpoint '" + endpoint
                        + "' must be enclosed in brackets, e.g. tcp://[::1]:5555");
            }
            if (hostPart.equals("*")) {
                host = "*";
                wildcardHost = true;
            } else if (looksLikeIpv4(hostPart)) {
                host = canonicalIpv4(hostPart);
                if (host == null) {
                    throw invalid("invalid IPv4 address '" + hostPart + "' in endpoint '" + endpoint
                            + "' (expected four decimal numbers 0-255 without leading zeros)");
                }
            } else if (isHostName(hostPart)) {
                host = hostPart;
            } else {
                throw invalid("invalid host name '" + hostPart + "' in endpoint '" + endpoint + "'");
            }
        }
        int port;
        boolean wildcardPort;
        if (portPart.isEmpty()) {
            throw invalid("missing port in endpoint '" + endpoint + "' (expected tcp://host:port)");
        } else if (portPart.equals("*")) {
            port = 0;
            wildcardPort = true;
        } else {
            port = parsePort(portPart);
            if (port < 0) {
                throw invalid("invalid port '" + portPart + "' in endpoint '" + endpoint
                        + "' (expected 1-65535, or * or 0 for an ephemeral port)");
            }
            wildcardPort = port == 0;
        }
        String address = (ipv6 ? "[" + host + "]" : host) + ":" + (wildcardPort ? "*" : Integer.toString(port));
        return new Endpoint(Kind.TCP, address, host, port, wildcardHost, wildcardPort, ipv6);
    }

    private static Endpoint parseIpc(String endpoint, String rest) {
        if (rest.isEmpty()) {
            throw invalid("missing path in endpoint '" + endpoint
                    + "' (expected ipc:///path/to/socket, ipc://@abstract-name or ipc://*)");
        }
        if (rest.indexOf('\0') >= 0) {
            throw invalid("NUL character in ipc endpoint '" + endpoint + "'");
        }
        if (rest.equals("@")) {
            throw invalid("missing abstract socket name after '@' in endpoint '" + endpoint + "'");
        }
        int bytes = rest.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_IPC_ADDRESS_BYTES) {
            throw invalid("ipc address in endpoint '" + endpoint + "' is " + bytes
                    + " bytes long; Unix domain socket addresses are limited to "
                    + MAX_IPC_ADDRESS_BYTES + " bytes");
        }
        return new Endpoint(Kind.IPC, rest, null, 0, false, false, false);
    }

    private static Endpoint parseInproc(String endpoint, String rest) {
        if (rest.isEmpty()) {
            throw invalid("missing name in endpoint '" + endpoint + "' (expected inproc://name)");
        }
        return new Endpoint(Kind.INPROC, rest, null, 0, false, false, false);
    }

    /**
     * Builds the canonical string for a TCP address, bracketing (and normalising) IPv6 literals:
     * {@code tcp("127.0.0.1", 54321)} gives {@code tcp://127.0.0.1:54321} and
     * {@code tcp("0:0:0:0:0:0:0:1", 54321)} gives {@code tcp://[::1]:54321}, as libzmq reports
     * last endpoints. Port 0 is written as the wildcard {@code *}.
     *
     * @throws IllegalArgumentException if the port is outside 0-65535 or the host is not a valid
     *     IPv4 literal, IPv6 literal, host name or {@code *}
     */
    public static String tcp(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0-65535: " + port);
        }
        String bare = host.length() >= 2 && host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1)
                : host;
        String portText = port == 0 ? "*" : Integer.toString(port);
        if (bare.indexOf(':') >= 0) {
            String canonical = canonicalIpv6(bare);
            if (canonical == null) {
                throw new IllegalArgumentException("invalid IPv6 address: " + host);
            }
            return "tcp://[" + canonical + "]:" + portText;
        }
        if (bare.equals("*") || isHostName(bare)) {
            return "tcp://" + bare + ":" + portText;
        }
        String ipv4 = looksLikeIpv4(bare) ? canonicalIpv4(bare) : null;
        if (ipv4 == null) {
            throw new IllegalArgumentException("invalid host: " + host);
        }
        return "tcp://" + ipv4 + ":" + portText;
    }

    /**
     * Checks that this endpoint names one concrete peer, as connect needs, and returns it.
     *
     * @throws ZmqException {@link ZmqError#EINVAL} for a wildcard host, port or ipc path
     */
    public Endpoint validateForConnect() {
        if (wildcardHost) {
            throw invalid("cannot connect to wildcard address '" + canonical
                    + "'; '*' means every interface and is only valid for bind");
        }
        if (wildcardPort) {
            throw invalid("cannot connect to wildcard port in '" + canonical
                    + "'; ephemeral ports (* or 0) are only valid for bind");
        }
        if (kind == Kind.IPC && address.equals("*")) {
            throw invalid("cannot connect to wildcard address '" + canonical
                    + "'; ipc://* is only valid for bind");
        }
        return this;
    }

    /** The transport. */
    public Kind kind() {
        return kind;
    }

    /**
     * The canonical part after {@code ://}: {@code host:port} (IPv6 in brackets) for tcp, the path
     * or {@code @name} for ipc, the name for inproc.
     */
    public String address() {
        return address;
    }

    /**
     * The TCP host without brackets: {@code *} for every interface, an IPv4 or IPv6 literal, or a
     * host or interface name.
     *
     * @throws IllegalStateException if this is not a tcp endpoint
     */
    public String host() {
        requireTcp("host");
        return host;
    }

    /**
     * The TCP port, 0 for the wildcard (ephemeral) port.
     *
     * @throws IllegalStateException if this is not a tcp endpoint
     */
    public int port() {
        requireTcp("port");
        return port;
    }

    /** Whether this is a tcp endpoint with host {@code *} (every interface; bind only). */
    public boolean isWildcardHost() {
        return wildcardHost;
    }

    /** Whether this is a tcp endpoint with port {@code *} or {@code 0} (ephemeral; bind only). */
    public boolean isWildcardPort() {
        return wildcardPort;
    }

    /** Whether this is a tcp endpoint whose host is a bracketed IPv6 literal. */
    public boolean isIpv6() {
        return ipv6;
    }

    /**
     * Whether binding must choose part of the address: a tcp wildcard host or port, or
     * {@code ipc://*}, for which the caller picks a fresh socket path as libzmq does.
     */
    public boolean isWildcard() {
        return wildcardHost || wildcardPort || (kind == Kind.IPC && address.equals("*"));
    }

    /** Whether this is an ipc endpoint in the Linux abstract namespace ({@code ipc://@name}). */
    public boolean isAbstract() {
        return kind == Kind.IPC && address.startsWith("@");
    }

    private void requireTcp(String what) {
        if (kind != Kind.TCP) {
            throw new IllegalStateException(what + "() is only defined for tcp endpoints, not '"
                    + canonical + "'");
        }
    }

    /** The canonical endpoint string, e.g. {@code tcp://[::1]:5555}. */
    @Override
    public String toString() {
        return canonical;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint && ((Endpoint) o).canonical.equals(canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    private static ZmqException invalid(String message) {
        return new ZmqException(ZmqError.EINVAL, message);
    }

    /** -1 unless the text is a decimal number 0-65535. */
    private static int parsePort(String text) {
        if (text.length() > 5) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 65535 ? value : -1;
    }

    /** Digits and dots only: resolvers would read it as a number, so it must be a valid IPv4 literal. */
    private static boolean looksLikeIpv4(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true;
    }

    /**
     * Null unless a dotted quad (checked by Netty's {@link NetUtil}). Leading zeros are refused
     * as well, because some resolvers read them as octal, so {@code 010.0.0.1} would not mean
     * what it seems to.
     */
    private static String canonicalIpv4(String text) {
        return NetUtil.isValidIpV4Address(text) && !hasLeadingZero(text) ? text : null;
    }

    /** Whether a part of a dotted quad has a leading zero ({@code 010}, not {@code 0}). */
    private static boolean hasLeadingZero(String quad) {
        for (int i = 0; i < quad.length() - 1; i++) {
            if (quad.charAt(i) == '0' && (i == 0 || quad.charAt(i - 1) == '.') && quad.charAt(i + 1) != '.') {
                return true;
            }
        }
        return false;
    }

    /** Letters, digits, '-' and '_' in dot-separated labels of 1-63 characters (RFC 1123, leniently). */
    private static boolean isHostName(String text) {
        if (text.isEmpty() || text.length() > 253) {
            return false;
        }
        for (String label : text.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63
                    || label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_';
                if (!ok) {
                    return false;
                }
            }
        }
        return !looksLikeIpv4(text);
    }

    /**
     * The RFC 5952 form of an IPv6 literal (lower case, no leading zeros, the longest run of two
     * or more zero groups as {@code ::}, IPv4-mapped addresses as {@code ::ffff:a.b.c.d}), keeping
     * a {@code %zone} suffix; null if the text is not an IPv6 literal. Netty's {@link NetUtil}
     * reads and writes the address; the zone and the embedded quad's leading zeros are checked here.
     */
    private static String canonicalIpv6(String text) {
        String zone = "";
        int percent = text.indexOf('%');
        if (percent >= 0) {
            zone = text.substring(percent);
            text = text.substring(0, percent);
            if (zone.length() == 1 || !isZone(zone.substring(1))) {
                return null;
            }
        }
        if (!NetUtil.isValidIpV6Address(text)) {
            return null;
        }
        int quad = text.lastIndexOf(':') + 1;
        boolean embeddedQuad = text.indexOf('.', quad) >= 0;
        if (embeddedQuad && hasLeadingZero(text.substring(quad))) {
            return null;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
        if (bytes == null || bytes.length != 16) {
            return null;
        }
        if (embeddedQuad && !text.regionMatches(true, Math.max(0, quad - 5), "ffff:", 0, 5)) {
            // NetUtil reads the deprecated IPv4-compatible form (::a.b.c.d) as IPv4-mapped;
            // it is a different address, so the ffff that NetUtil put in goes again.
            bytes[10] = 0;
            bytes[11] = 0;
        }
        try {
            // Inet6Address.getByAddress keeps a mapped address as IPv6 (InetAddress.getByAddress
            // would turn it into IPv4); with no host name nothing is looked up.
            return NetUtil.toAddressString(Inet6Address.getByAddress(null, bytes, -1), true) + zone;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    private static boolean isZone(String zone) {
        for (int i = 0; i < zone.length(); i++) {
            char c = zone.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
