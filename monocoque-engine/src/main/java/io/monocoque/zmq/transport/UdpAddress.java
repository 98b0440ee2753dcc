package io.monocoque.zmq.transport;

import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.netty.util.NetUtil;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * A {@code udp://} address as libzmq's udp_address.cpp reads it: {@code host:port},
 * {@code *:port} (bind on every interface), {@code [ipv6]:port}, or {@code iface;group:port}
 * where the part before {@code ;} names the interface (by name, by address, or {@code *}) of a
 * multicast group. A unicast address is the destination of a connect and the local address of a
 * bind; a multicast group is the destination of a connect and, for a bind, the group joined on a
 * socket bound to every interface at its port. Port {@code *} or 0 binds an ephemeral port.
 */
final class UdpAddress {

    private final String text;
    private final InetSocketAddress target;
    private final boolean multicast;
    /** The multicast interface named before {@code ;}, or null (the kernel's choice). */
    private final NetworkInterface iface;

    private UdpAddress(String text, InetSocketAddress target, boolean multicast, NetworkInterface iface) {
        this.text = text;
        this.target = target;
        this.multicast = multicast;
        this.iface = iface;
    }

    /**
     * Parses the part after {@code udp://}.
     *
     * @param bind whether for a bind ({@code *} and interface names allowed as host)
     * @throws ZmqException EINVAL for a malformed address, an interface with a unicast address,
     *     or a host that does not resolve
     */
    static UdpAddress parse(String endpoint, String address, boolean bind, boolean ipv6) {
        String rest = address;
        NetworkInterface iface = null;
        boolean hasIface = false;
        int semicolon = rest.lastIndexOf(';');
        if (semicolon >= 0) {
            String name = rest.substring(0, semicolon);
            rest = rest.substring(semicolon + 1);
            hasIface = true;
            if (!name.equals("*")) {
                iface = networkInterface(endpoint, name);
                InetAddress ifaceAddress = NetUtil.createInetAddressFromIpAddressString(stripBrackets(name));
                if (ifaceAddress != null && ifaceAddress.isMulticastAddress()) {
                    throw invalid(endpoint, "a multicast address cannot be the interface");
                }
            }
        }
        int colon = rest.lastIndexOf(':');
        if (colon <= 0 || colon == rest.length() - 1) {
            throw invalid(endpoint, "expected udp://host:port or udp://interface;group:port");
        }
        String host = stripBrackets(rest.substring(0, colon));
        String portText = rest.substring(colon + 1);
        int port;
        if (portText.equals("*")) {
            port = 0;
        } else {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535 || (port == 0 && !bind)) {
                throw invalid(endpoint, "invalid port '" + portText + "'");
            }
        }
        if (port == 0 && !bind) {
            throw invalid(endpoint, "a connect needs a port");
        }
        InetAddress ip;
        if (host.equals("*")) {
            if (!bind) {
                throw invalid(endpoint, "'*' is for bind; a connect needs the destination's address");
            }
            ip = any(ipv6);
        } else {
            ip = NetUtil.createInetAddressFromIpAddressString(host);
            if (ip == null) {
                try {
                    ip = InetAddress.getByName(host);
                } catch (UnknownHostException e) {
                    throw new ZmqException(ZmqError.EINVAL, "cannot resolve '" + host + "' in " + endpoint, e);
                }
            }
            if (ip instanceof Inet6Address && !ipv6) {
                throw invalid(endpoint, "an IPv6 address needs the ipv6 option");
            }
        }
        boolean multicast = ip.isMulticastAddress();
        if (hasIface && !multicast) {
            throw invalid(endpoint, "an interface (before ';') goes with a multicast group only");
        }
        InetSocketAddress target = new InetSocketAddress(ip, port);
        return new UdpAddress(endpoint, target, multicast, iface);
    }

    private static String stripBrackets(String s) {
        return s.length() > 1 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']' ? s.substring(1, s.length() - 1) : s;
    }

    private static NetworkInterface networkInterface(String endpoint, String name) {
        try {
            NetworkInterface ni = NetworkInterface.getByName(name);
            if (ni == null) {
                InetAddress a = NetUtil.createInetAddressFromIpAddressString(stripBrackets(name));
                ni = a == null ? null : NetworkInterface.getByInetAddress(a);
            }
            if (ni == null) {
                throw new ZmqException(ZmqError.EINVAL, "no network interface '" + name + "' for " + endpoint);
            }
            return ni;
        } catch (SocketException e) {
            throw new ZmqException(ZmqError.EINVAL, "cannot look up interface '" + name + "' for " + endpoint, e);
        }
    }

    private static ZmqException invalid(String endpoint, String why) {
        return new ZmqException(ZmqError.EINVAL, "invalid udp endpoint '" + endpoint + "': " + why);
    }

    /** Where a connect sends, or (unicast) where a bind listens: the port may be 0 for a bind. */
    InetSocketAddress target() {
        return target;
    }

    boolean isMulticast() {
        return multicast;
    }

    /** The interface of the multicast group, or null for the kernel's choice. */
    NetworkInterface networkInterface() {
        return iface;
    }

    /** Whether the address is IPv6 (a wildcard bind is IPv4 unless the ipv6 option is on). */
    boolean isIpv6() {
        return target.getAddress() instanceof Inet6Address;
    }

    /** The wildcard address of the family: 0.0.0.0 or ::. */
    static InetAddress any(boolean ipv6) {
        try {
            return InetAddress.getByAddress(new byte[ipv6 ? 16 : 4]);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** The endpoint with the bound port in place of a wildcard one. */
    String resolved(int boundPort) {
        String s = text;
        int colon = s.lastIndexOf(':');
        return s.substring(0, colon + 1) + boundPort;
    }

    @Override
    public String toString() {
        return text;
    }
}
