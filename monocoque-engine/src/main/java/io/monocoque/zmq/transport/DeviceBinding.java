package io.monocoque.zmq.transport;

import io.monocoque.zmq.IoTransport;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFactory;
import io.netty.channel.unix.RawUnixChannelOption;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * SO_BINDTODEVICE ({@link SocketOption#BIND_TO_DEVICE}, libzmq's ZMQ_BINDTODEVICE): ties a tcp
 * socket to one network interface or VRF. Netty's epoll and io_uring channels take it as a raw
 * Linux socket option; the JDK, so the NIO transport, has no way to set it.
 */
final class DeviceBinding {

    /** Linux's {@code SOL_SOCKET} and {@code SO_BINDTODEVICE}. */
    private static final int SOL_SOCKET = 1;
    private static final int SO_BINDTODEVICE = 25;
    private DeviceBinding() {
    }

    /**
     * Refuses what cannot work before anything is opened: a device on the NIO transport, or a
     * device this host does not have.
     *
     * @throws ZmqException ENOTSUP on NIO, EINVAL for an unknown device
     */
    static void check(IoTransport transport, String device, String socketName, Endpoint e) {
        if (device == null || e.kind() != Endpoint.Kind.TCP) {
            return;
        }
        if (transport == IoTransport.NIO) {
            throw new ZmqException(ZmqError.ENOTSUP, socketName + ": cannot use " + e + " with "
                    + SocketOption.BIND_TO_DEVICE + " '" + device + "': SO_BINDTODEVICE needs the epoll or io_uring"
                    + " transport (the JDK, so NIO, cannot set it); this context runs NIO");
        }
        try {
            if (NetworkInterface.getByName(device) == null) {
                throw new ZmqException(ZmqError.EINVAL, socketName + ": cannot use " + e + ": no network device '"
                        + device + "' (" + SocketOption.BIND_TO_DEVICE + ") on this host");
            }
        } catch (SocketException ex) {
            // The device list could not be read: let the kernel decide when the socket is made.
        }
    }

    /**
     * Makes channels with SO_BINDTODEVICE set before they bind or connect; a channel the kernel
     * refuses it for (no such device, no CAP_NET_RAW before Linux 5.7) is closed and the kernel's
     * reason fails the bind or the connection attempt.
     */
    static <C extends Channel> ChannelFactory<C> bound(ChannelFactory<C> factory, String device) {
        if (device == null) {
            return factory;
        }
        byte[] name = (device + '\0').getBytes(StandardCharsets.UTF_8);
        RawUnixChannelOption option = new RawUnixChannelOption("SO_BINDTODEVICE", SOL_SOCKET, SO_BINDTODEVICE, name.length);
        return () -> {
            C ch = factory.newChannel();
            try {
                ch.config().setOption(option, ByteBuffer.allocateDirect(name.length).put(name).flip());
            } catch (ChannelException e) {
                ch.unsafe().closeForcibly();
                throw new ChannelException("SO_BINDTODEVICE '" + device + "': " + e.getMessage(), e);
            }
            return ch;
        };
    }
}
