package io.monocoque.zmq.transport;

import io.netty.util.NetUtil;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The address frame of a DGRAM message: {@code ip:port} ({@code [ipv6]:port} for IPv6), as
 * libzmq's udp_engine writes the sender's and reads the destination's. libzmq's received frame
 * ends in a NUL byte; Monocoque's does not, and a NUL at the end of a frame to send is ignored.
 */
final class DgramAddresses {

    private DgramAddresses() {
    }

    static byte[] format(InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        String host = NetUtil.toAddressString(ip);
        String s = (ip instanceof Inet6Address ? "[" + host + "]" : host) + ":" + a.getPort();
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The address in a frame, or null when it is not a literal {@code ip:port} with a port from 1 to 65535. */
    static InetSocketAddress parse(byte[] frame) {
        int n = frame.length;
        if (n > 0 && frame[n - 1] == 0) {
            n--;
        }
        String s = new String(frame, 0, n, StandardCharsets.US_ASCII);
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        String host = s.substring(0, colon);
        if (host.length() > 1 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        InetAddress ip = NetUtil.createInetAddressFromIpAddressString(host);
        if (ip == null || port < 1 || port > 65535) {
            return null;
        }
        return new InetSocketAddress(ip, port);
    }
}
