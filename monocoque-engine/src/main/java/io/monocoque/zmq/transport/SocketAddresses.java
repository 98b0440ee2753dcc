package io.monocoque.zmq.transport;

import io.netty.util.NetUtil;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** A peer's address as ZAP and {@code PeerInfo} show it: IPv6 in its short RFC 5952 form ({@code ::1}), as libzmq writes it. */
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
            return NetUtil.toAddressString(i.getAddress());
        }
        return "";
    }

    /** {@code host:port}, with an IPv6 host in brackets; anything else as it prints. */
    static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress) {
            InetSocketAddress i = (InetSocketAddress) a;
            String host = i.getAddress() != null ? NetUtil.toAddressString(i.getAddress()) : i.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + i.getPort();
        }
        return String.valueOf(a);
    }
}
