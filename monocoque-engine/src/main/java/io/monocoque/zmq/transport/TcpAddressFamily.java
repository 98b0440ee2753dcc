package io.monocoque.zmq.transport;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The IP family a socket's tcp endpoints may use ({@link SocketOption#IPV6}), and the addresses
 * its endpoints stand for under it: IPv4 only by default, as in libzmq, or either family, with
 * the wildcard host listening dual-stack on {@code ::}.
 */
final class TcpAddressFamily {

    private static final InetAddress IPV4_ANY = address(new byte[4]);
    private static final InetAddress IPV6_ANY = address(new byte[16]);

    private final boolean ipv6;

    TcpAddressFamily(boolean ipv6) {
        this.ipv6 = ipv6;
    }

    /**
     * Refuses an IPv6 literal on an IPv4-only socket, with what to do about it.
     *
     * @throws ZmqException EADDRNOTAVAIL for bind, EINVAL for connect
     */
    void check(Endpoint e, String socketName, String operation) {
        if (e.kind() == Endpoint.Kind.TCP && e.isIpv6() && !ipv6) {
            throw new ZmqException(operation.equals("bind") ? ZmqError.EADDRNOTAVAIL : ZmqError.EINVAL,
                    socketName + ": cannot " + operation + " to " + e + ": an IPv6 address needs the socket option "
                            + SocketOption.IPV6 + " (ZMQ_IPV6) set to true before " + operation);
        }
    }

    /** Where a listener on {@code e} binds: the wildcard of the family, or the host's address. */
    InetSocketAddress bindAddress(Endpoint e) throws UnknownHostException {
        int port = e.isWildcardPort() ? 0 : e.port();
        if (e.isWildcardHost()) {
            return new InetSocketAddress(ipv6 ? IPV6_ANY : IPV4_ANY, port);
        }
        return new InetSocketAddress(resolve(e.host()), port);
    }

    /** Whether a peer at {@code remote} may use a socket of this family: an IPv4-only one takes IPv4 (or IPv4-mapped) peers only. */
    boolean admits(java.net.SocketAddress remote) {
        if (ipv6 || !(remote instanceof InetSocketAddress)) {
            return true;
        }
        InetAddress a = ((InetSocketAddress) remote).getAddress();
        return a == null || a instanceof Inet4Address;
    }

    /** The wildcard host as a resolved endpoint shows it: {@code 0.0.0.0}, or {@code ::} dual-stack (libzmq's {@code tcp://[::]:port}). */
    String wildcardHost() {
        return ipv6 ? "::" : "0.0.0.0";
    }

    /** The address a connection to {@code e} dials: a literal as it is, a name resolved within the family. */
    InetSocketAddress connectAddress(Endpoint e) throws UnknownHostException {
        return new InetSocketAddress(resolve(e.host()), e.port());
    }

    /**
     * The destination a SOCKS5 proxy is asked for: a literal as an address, a host name
     * unresolved, for the proxy to resolve (libzmq sends it as a domain name too).
     */
    InetSocketAddress proxiedAddress(Endpoint e) throws UnknownHostException {
        String host = e.host();
        if (io.netty.util.NetUtil.isValidIpV4Address(host) || e.isIpv6()) {
            return new InetSocketAddress(InetAddress.getByName(host), e.port());
        }
        return InetSocketAddress.createUnresolved(host, e.port());
    }

    /**
     * A literal as it is (no lookup), a host name through the system resolver, keeping the first
     * address of an allowed family.
     */
    private InetAddress resolve(String host) throws UnknownHostException {
        for (InetAddress a : InetAddress.getAllByName(host)) {
            if (ipv6 || a instanceof Inet4Address) {
                return a;
            }
        }
        throw new UnknownHostException(host + " has no IPv4 address (set " + SocketOption.IPV6 + " to use IPv6)");
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are an address", e);
        }
    }
}
