package io.monocoque.zmq.auth;

import io.monocoque.zmq.keys.CurveCertificate;
import io.monocoque.zmq.keys.Z85;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ready-made in-process ZAP handler, in the spirit of czmq's {@code zauth}: address
 * filtering, PLAIN users and CURVE client keys, plus an optional callback for anything else.
 * Register it on the context; PLAIN and CURVE server sockets then ask it about every client.
 *
 * <pre>{@code
 * ctx.setAuthenticator(ZmqAuthenticator.builder()
 *         .deny("192.0.2.7")
 *         .plainPasswordFile(Path.of("/etc/app/passwords"))
 *         .curveCertificates(Path.of("/etc/app/clients"))
 *         .build());
 * }</pre>
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Address: with an allow list, a client whose address is not on it is refused; a client
 *       on the deny list is refused. Entries are IP literals or CIDR blocks ({@code 10.0.0.0/8}).</li>
 *   <li>The {@linkplain Builder#handler callback}, when set, may decide; a {@code null} reply
 *       passes the request on to the built-in rules.</li>
 *   <li>NULL clients (asked only when the socket has a ZAP domain) are allowed.</li>
 *   <li>PLAIN: the user name must be known and the password match (compared in constant time);
 *       the user id is the user name.</li>
 *   <li>CURVE: the client's long-term public key must be allowed (or any key, with
 *       {@link Builder#curveAllowAny()}); the user id is the key in Z85, and a matching
 *       certificate's metadata is added to the peer's properties.</li>
 * </ol>
 * Passwords and files are read once, when {@link Builder#build()} is called; build a new
 * authenticator and register it again to pick up changes. Instances are immutable and safe for
 * concurrent use.
 */
public final class ZmqAuthenticator implements ZapHandler {

    private final List<AddressRule> allow;
    private final List<AddressRule> deny;
    private final ZapHandler handler;
    private final Map<String, byte[]> passwords;
    private final boolean curveAllowAny;
    private final Map<String, Map<String, String>> curveKeys;

    private ZmqAuthenticator(Builder b) {
        this.allow = List.copyOf(b.allow);
        this.deny = List.copyOf(b.deny);
        this.handler = b.handler;
        this.passwords = Map.copyOf(b.passwords);
        this.curveAllowAny = b.curveAllowAny;
        this.curveKeys = Map.copyOf(b.curveKeys);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ZapReply authenticate(ZapRequest request) {
        String address = request.address();
        if (!allow.isEmpty() && allow.stream().noneMatch(r -> r.matches(address))) {
            return ZapReply.deny("address " + address + " is not on the allow list");
        }
        if (deny.stream().anyMatch(r -> r.matches(address))) {
            return ZapReply.deny("address " + address + " is on the deny list");
        }
        if (handler != null) {
            ZapReply r = handler.authenticate(request);
            if (r != null) {
                return r;
            }
        }
        switch (request.mechanism()) {
            case ZapRequest.NULL:
                return ZapReply.allow("");
            case ZapRequest.PLAIN:
                return plain(request);
            case ZapRequest.CURVE:
                return curve(request);
            default:
                return ZapReply.deny("mechanism " + request.mechanism() + " is not supported");
        }
    }

    private ZapReply plain(ZapRequest request) {
        List<byte[]> credentials = request.credentials();
        if (credentials.size() != 2) {
            return ZapReply.deny("PLAIN request without user name and password");
        }
        String user = new String(credentials.get(0), StandardCharsets.UTF_8);
        byte[] expected = passwords.get(user);
        // Compare against something even for an unknown user, so timing does not tell users apart.
        boolean ok = MessageDigest.isEqual(expected == null ? new byte[0] : expected, credentials.get(1)) && expected != null;
        return ok ? ZapReply.allow(user) : ZapReply.deny("wrong user name or password");
    }

    private ZapReply curve(ZapRequest request) {
        byte[] key = request.clientKey();
        if (key == null) {
            return ZapReply.deny("CURVE request without a 32-byte client key");
        }
        String z85 = Z85.encode(key);
        Map<String, String> meta = curveKeys.get(z85);
        if (meta != null) {
            return ZapReply.allow(z85, meta);
        }
        return curveAllowAny ? ZapReply.allow(z85) : ZapReply.deny("client key " + z85 + " is not allowed");
    }

    @Override
    public String toString() {
        return "ZmqAuthenticator[allow " + allow.size() + ", deny " + deny.size() + ", " + passwords.size()
                + " PLAIN users, " + (curveAllowAny ? "any CURVE key" : curveKeys.size() + " CURVE keys")
                + (handler == null ? "" : ", callback") + "]";
    }

    /** Settings for an authenticator. */
    public static final class Builder {

        private final List<AddressRule> allow = new ArrayList<>();
        private final List<AddressRule> deny = new ArrayList<>();
        private ZapHandler handler;
        private final Map<String, byte[]> passwords = new HashMap<>();
        private boolean curveAllowAny;
        private final Map<String, Map<String, String>> curveKeys = new LinkedHashMap<>();

        private Builder() {
        }

        /** Allows only clients from these addresses (IP literals or CIDR blocks); may be called again to add more. */
        public Builder allow(String... addresses) {
            for (String a : addresses) {
                allow.add(AddressRule.parse(a));
            }
            return this;
        }

        /** Refuses clients from these addresses (IP literals or CIDR blocks). */
        public Builder deny(String... addresses) {
            for (String a : addresses) {
                deny.add(AddressRule.parse(a));
            }
            return this;
        }

        /** A callback consulted (after the address rules) before the built-in rules; {@code null} replies fall through. */
        public Builder handler(ZapHandler handler) {
            this.handler = handler;
            return this;
        }

        /** PLAIN users and their passwords. */
        public Builder plainUsers(Map<String, String> usersAndPasswords) {
            usersAndPasswords.forEach((u, p) -> passwords.put(Objects.requireNonNull(u), p.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        /**
         * PLAIN users from a password file: one {@code name=password} per line, blank lines and
         * lines starting with {@code #} ignored (czmq's zauth format).
         *
         * @throws UncheckedIOException when the file cannot be read
         * @throws IllegalArgumentException for a line without {@code =} (its number is given, not its content)
         */
        public Builder plainPasswordFile(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the password file " + file, e);
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("password file " + file + " line " + (i + 1) + " is not name=password");
                }
                passwords.put(line.substring(0, eq).strip(), line.substring(eq + 1).getBytes(StandardCharsets.UTF_8));
            }
            return this;
        }

        /** Allows any CURVE client (encryption for everyone, no client authentication), still subject to the address rules. */
        public Builder curveAllowAny() {
            this.curveAllowAny = true;
            return this;
        }

        /** Allows CURVE clients with these 32-byte long-term public keys. */
        public Builder curveAllow(Collection<byte[]> publicKeys) {
            for (byte[] k : publicKeys) {
                if (k.length != 32) {
                    throw new IllegalArgumentException("a CURVE public key is 32 bytes, got " + k.length);
                }
                curveKeys.putIfAbsent(Z85.encode(k), Map.of());
            }
            return this;
        }

        /** Allows the CURVE client with this 32-byte long-term public key. */
        public Builder curveAllow(byte[] publicKey) {
            return curveAllow(List.of(publicKey));
        }

        /** Allows CURVE clients with these public keys, given as 40-character Z85 text. */
        public Builder curveAllow(String... z85PublicKeys) {
            List<byte[]> keys = new ArrayList<>();
            for (String z : z85PublicKeys) {
                keys.add(Z85.decode(z));
            }
            return curveAllow(keys);
        }

        /**
         * Allows CURVE clients whose public certificates (czmq format) are in {@code directory};
         * a certificate's metadata becomes ZAP metadata of the connections it admits.
         */
        public Builder curveCertificates(Path directory) {
            for (CurveCertificate c : CurveCertificate.loadDirectory(directory)) {
                curveKeys.put(Z85.encode(c.publicKey()), Map.copyOf(c.metadata()));
            }
            return this;
        }

        public ZmqAuthenticator build() {
            return new ZmqAuthenticator(this);
        }
    }

    /** An IP address or CIDR block, matched against the textual address of a ZAP request. */
    private static final class AddressRule {

        private final byte[] network;
        private final int prefix;
        private final String text;

        private AddressRule(byte[] network, int prefix, String text) {
            this.network = network;
            this.prefix = prefix;
            this.text = text;
        }

        static AddressRule parse(String spec) {
            String s = spec.strip();
            int slash = s.indexOf('/');
            String host = slash < 0 ? s : s.substring(0, slash);
            byte[] addr = literal(host);
            if (addr == null) {
                throw new IllegalArgumentException("'" + spec + "' is not an IP address or CIDR block (host names are not resolved)");
            }
            int prefix = addr.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + spec + "' has an invalid prefix length");
                }
                if (prefix < 0 || prefix > addr.length * 8) {
                    throw new IllegalArgumentException("'" + spec + "' has a prefix length out of range");
                }
            }
            return new AddressRule(addr, prefix, s);
        }

        boolean matches(String address) {
            byte[] a = literal(address);
            if (a == null || a.length != network.length) {
                return false;
            }
            BigInteger mask = BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(a.length * 8 - prefix);
            return new BigInteger(1, a).and(mask).equals(new BigInteger(1, network).and(mask));
        }

        /** The bytes of an IP literal, or null: never a DNS lookup. */
        static byte[] literal(String host) {
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            boolean v4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            boolean v6 = host.indexOf(':') >= 0 && host.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+");
            if (!v4 && !v6) {
                return null;
            }
            try {
                byte[] b = InetAddress.getByName(host).getAddress();
                // An IPv4-mapped IPv6 client address compares as IPv4.
                if (b.length == 16 && isV4Mapped(b)) {
                    return java.util.Arrays.copyOfRange(b, 12, 16);
                }
                return b;
            } catch (UnknownHostException | SecurityException e) {
                return null;
            }
        }

        private static boolean isV4Mapped(byte[] b) {
            for (int i = 0; i < 10; i++) {
                if (b[i] != 0) {
                    return false;
                }
            }
            return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
