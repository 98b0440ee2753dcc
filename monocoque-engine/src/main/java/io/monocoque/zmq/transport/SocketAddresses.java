package io.monocoque.zmq.transport;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** A peer's address as ZAP and {@code PeerInfo} show it. */
final class SocketAddresses {

    private SocketAddresses() {
    }

    /** The peer's IP address without a port or IPv6 scope, for ZAP; empty for transports without one (ipc). */
    static String ipAddress(SocketAddress a) {
        if (a instanceof InetSocketAddress) {
            InetSocketAddress i = (InetSocketAddress) a;
            if (i.getAddress() == null) {
                return i.getHostString();
            }
            String host = i.getAddress().getHostAddress();
            int pct = host.indexOf('%');
            return pct >= 0 ? host.substring(0, pct) : host;
        }
        return "";
    }

    /** {@code host:port}, with an IPv6 host in brackets; anything else as it prints. */
    static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress) {
            InetSocketAddress i = (InetSocketAddress) a;
            String host = i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + i.getPort();
        }
        return String.valueOf(a);
    }
}
