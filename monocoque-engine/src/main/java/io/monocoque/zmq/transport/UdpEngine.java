package io.monocoque.zmq.transport;

import io.monocoque.zmq.IoTransport;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.PeerInfo;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.internal.MessageAccess;
import io.monocoque.zmq.pipe.EndpointHandle;
import io.monocoque.zmq.pipe.Msg;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.pipe.PipeHost;
import io.monocoque.zmq.pipe.PipeOwner;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioChannelOption;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;

/**
 * The {@code udp://} transport, as libzmq's udp_engine.cpp: one datagram channel per endpoint,
 * no handshake, no connection.
 *
 * <ul>
 *   <li>RADIO connects: each message becomes one datagram to the address (unicast or a multicast
 *       group) laid out as libzmq's: a group length octet, the group, the body. A datagram over
 *       {@link #MAX_DATAGRAM} bytes is dropped (counted), as libzmq drops it.</li>
 *   <li>DISH binds: each datagram becomes a message in its group; one whose group length runs
 *       past its end, an empty one and one over {@link #MAX_DATAGRAM} bytes are dropped and
 *       counted, never thrown. What the DISH sends (its joins) is discarded: it filters itself.</li>
 *   <li>DGRAM binds: a message {@code [ip:port][body]} sends the body alone to that address (one
 *       whose address does not parse is dropped and counted, as libzmq drops it); a datagram
 *       arrives as {@code [sender ip:port][body]}.</li>
 * </ul>
 *
 * <p>Drops are counted in the socket's statistics (dropped messages), as a full receive queue
 * is (RFC 48: a DISH drops what its queue has no room for).
 */
final class UdpEngine extends ChannelInboundHandlerAdapter implements PipeOwner, EndpointHandle {

    private static final System.Logger LOG = System.getLogger(UdpEngine.class.getName());

    /** libzmq's MAX_UDP_MSG: the largest datagram sent or taken. */
    static final int MAX_DATAGRAM = 8192;

    private final PipeHost socket;
    private final boolean sends;
    private final boolean receives;
    /** DGRAM: no group in the datagram; the message's first frame is the address. */
    private final boolean raw;
    private final UdpAddress address;
    private final Pipe pipe;
    private final Pipe local;
    private final Runnable drainTask = this::drain;
    /** Unbind, disconnect, close: what the socket sent before is sent (a datagram has nothing to linger for), then the channel closes. */
    private final Runnable closeTask = () -> {
        drain();
        closeChannel();
    };
    private Channel channel;
    private String endpoint;
    private volatile boolean closed;

    private UdpEngine(PipeHost socket, UdpAddress address, Pipe[] pair) {
        SocketType type = socket.type();
        this.socket = socket;
        this.address = address;
        this.sends = type == SocketType.RADIO || type == SocketType.DGRAM;
        this.receives = type == SocketType.DISH || type == SocketType.DGRAM;
        this.raw = type == SocketType.DGRAM;
        this.pipe = pair[0];
        this.local = pair[1];
        local.setOwner(this);
    }

    /** Binds a DISH or DGRAM socket to {@code udp://address}. */
    static EndpointHandle bind(NettyIo io, PipeHost socket, String endpoint, String address) {
        SocketType type = socket.type();
        if (type != SocketType.DISH && type != SocketType.DGRAM) {
            throw new ZmqException(ZmqError.ENOCOMPATPROTO, socket.name() + ": cannot bind to " + endpoint
                    + ": over udp only a DISH or a DGRAM binds (a RADIO connects)");
        }
        boolean ipv6 = socket.getOption(SocketOption.IPV6);
        UdpAddress a = UdpAddress.parse(endpoint, address, true, ipv6);
        UdpEngine e = new UdpEngine(socket, a, ConnectionOptions.of(socket).pipePair(socket));
        boolean v6 = a.isIpv6();
        InetSocketAddress local = a.isMulticast() ? new InetSocketAddress(UdpAddress.any(v6), a.target().getPort()) : a.target();
        Bootstrap b = e.bootstrap(io, v6).option(ChannelOption.SO_REUSEADDR, true);
        e.open(io, b.bind(local), endpoint, "bind");
        if (a.isMulticast()) {
            e.joinGroup(endpoint);
        }
        int port = ((InetSocketAddress) e.channel.localAddress()).getPort();
        e.endpoint = a.target().getPort() == 0 ? a.resolved(port) : endpoint;
        e.attach(false);
        socket.emit(MonitorEventType.LISTENING, e.endpoint, 0, null);
        return e;
    }

    /** Connects a RADIO socket to {@code udp://address}: where its datagrams go. */
    static EndpointHandle connect(NettyIo io, PipeHost socket, String endpoint, String address) {
        if (socket.type() != SocketType.RADIO) {
            throw new ZmqException(ZmqError.ENOCOMPATPROTO, socket.name() + ": cannot connect to " + endpoint
                    + ": over udp only a RADIO connects (a DISH or a DGRAM binds)");
        }
        boolean ipv6 = socket.getOption(SocketOption.IPV6);
        UdpAddress a = UdpAddress.parse(endpoint, address, false, ipv6);
        UdpEngine e = new UdpEngine(socket, a, ConnectionOptions.of(socket).pipePair(socket));
        boolean v6 = a.isIpv6();
        Bootstrap b = e.bootstrap(io, v6);
        if (a.isMulticast()) {
            multicastLoop(io, b, socket.getOption(SocketOption.MULTICAST_LOOP));
            b.option(ChannelOption.IP_MULTICAST_TTL, socket.getOption(SocketOption.MULTICAST_HOPS));
            if (a.networkInterface() != null) {
                b.option(ChannelOption.IP_MULTICAST_IF, a.networkInterface());
            }
        }
        e.open(io, b.bind(new InetSocketAddress(UdpAddress.any(v6), 0)), endpoint, "connect");
        e.endpoint = endpoint;
        socket.emit(MonitorEventType.CONNECTED, endpoint, 0, null);
        // Every message goes out: the group filter is the DISH's over udp (libzmq's subscribe_to_all).
        e.attach(true);
        return e;
    }

    /**
     * IP_MULTICAST_LOOP on a RADIO's channel: whether this host's own sockets get what it sends.
     * Netty 4.2's NIO datagram channel maps {@link ChannelOption#IP_MULTICAST_LOOP_DISABLED} onto
     * the JDK's {@link StandardSocketOptions#IP_MULTICAST_LOOP} without negating it (true there
     * means loop <em>on</em>), so on NIO "disabled" turned the loop on and the default turned it
     * off. NIO takes the JDK's option itself, whose meaning is documented; the native channels
     * take Netty's, which they set the right way round.
     */
    private static void multicastLoop(NettyIo io, Bootstrap b, boolean loop) {
        if (io.transport() == IoTransport.NIO) {
            b.option(NioChannelOption.of(StandardSocketOptions.IP_MULTICAST_LOOP), loop);
        } else {
            b.option(ChannelOption.IP_MULTICAST_LOOP_DISABLED, !loop);
        }
    }

    private Bootstrap bootstrap(NettyIo io, boolean v6) {
        Bootstrap b = new Bootstrap()
                .group(io.groupFor(socket.getOption(SocketOption.AFFINITY), socket.name()))
                .channelFactory(io.udpChannelFactory(v6))
                .handler(this)
                // One byte more than the largest datagram: a read that fills it was too large.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM + 1))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, Transports.WATER_MARK);
        int sndbuf = socket.getOption(SocketOption.SEND_BUFFER_SIZE);
        int rcvbuf = socket.getOption(SocketOption.RECEIVE_BUFFER_SIZE);
        if (sndbuf > 0) {
            b.option(ChannelOption.SO_SNDBUF, sndbuf);
        }
        if (rcvbuf > 0) {
            b.option(ChannelOption.SO_RCVBUF, rcvbuf);
        }
        return b;
    }

    private void open(NettyIo io, ChannelFuture f, String endpoint, String operation) {
        f.awaitUninterruptibly();
        if (!f.isSuccess()) {
            Throwable cause = f.cause();
            socket.emit(MonitorEventType.BIND_FAILED, endpoint, 0, String.valueOf(cause.getMessage()));
            String text = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
            ZmqError error = text.contains("in use") ? ZmqError.EADDRINUSE : ZmqError.EADDRNOTAVAIL;
            throw new ZmqException(error, socket.name() + ": cannot " + operation + " " + endpoint + ": " + cause.getMessage(), cause);
        }
        channel = f.channel();
        io.track(channel);
    }

    private void joinGroup(String endpoint) {
        InetAddress group = address.target().getAddress();
        NetworkInterface ni = address.networkInterface();
        try {
            if (ni == null) {
                ni = defaultMulticastInterface(group instanceof Inet6Address);
            }
        } catch (SocketException e) {
            ni = null;
        }
        ChannelFuture f = ni == null
                ? ((DatagramChannel) channel).joinGroup(group)
                : ((DatagramChannel) channel).joinGroup(new InetSocketAddress(group, 0), ni);
        f.awaitUninterruptibly();
        if (!f.isSuccess()) {
            channel.close().awaitUninterruptibly();
            throw new ZmqException(ZmqError.EADDRNOTAVAIL, socket.name() + ": cannot join multicast group " + group
                    + " for " + endpoint + (ni == null ? "" : " on " + ni.getName()) + ": " + f.cause().getMessage(), f.cause());
        }
    }

    /**
     * The interface a group is joined on when the endpoint names none (libzmq leaves the choice
     * to the kernel, which the JDK does not): the first interface that is up, multicast-capable
     * and has an address of the family, a non-loopback one first.
     */
    static NetworkInterface defaultMulticastInterface(boolean v6) throws SocketException {
        NetworkInterface loopback = null;
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || !hasFamily(ni, v6)) {
                continue;
            }
            if (ni.isLoopback()) {
                loopback = loopback == null ? ni : loopback;
            } else if (ni.supportsMulticast()) {
                return ni;
            }
        }
        return loopback;
    }

    private static boolean hasFamily(NetworkInterface ni, boolean v6) {
        return Collections.list(ni.getInetAddresses()).stream().anyMatch(a -> (a instanceof Inet6Address) == v6);
    }

    private void attach(boolean subscribedToAll) {
        if (subscribedToAll) {
            pipe.setSubscribedToAll(true);
        }
        pipe.setConnected(true);
        String refusal = socket.attachPipe(pipe, true);
        if (refusal != null) {
            channel.close().awaitUninterruptibly();
            throw new ZmqException(socket.type() == SocketType.DGRAM ? ZmqError.EINVAL : ZmqError.ETERM,
                    socket.type() == SocketType.DGRAM ? refusal + ": a DGRAM socket binds one udp endpoint" : refusal);
        }
        channel.eventLoop().execute(drainTask);
    }

    // ---- outbound --------------------------------------------------------------------------------

    /** Sends everything the socket queued (a DISH's joins are dropped: over udp it filters itself). */
    private void drain() {
        if (!channel.isActive()) {
            return;
        }
        boolean wrote = false;
        Msg m = PerThreadMsg.get();
        while ((!sends || channel.isWritable()) && local.read(m)) {
            if (!sends) {
                m.release();
            } else {
                ZmqMessage message = m.takeMessage();
                DatagramPacket p = raw ? addressed(message) : grouped(message);
                if (p == null) {
                    socket.countDropped(1);
                } else {
                    channel.write(p, channel.voidPromise());
                    wrote = true;
                }
            }
        }
        if (wrote) {
            channel.flush();
        }
        if (local.readBatchDone()) {
            socket.writeActivated(pipe);
        }
    }

    /** A RADIO's message as libzmq lays it out: group length, group, body; null when over the limit. */
    private DatagramPacket grouped(ZmqMessage m) {
        String g = m.group();
        byte[] group = g == null ? new byte[0] : g.getBytes(StandardCharsets.UTF_8);
        byte[] body = MessageAccess.frame(m, 0);
        int size = 1 + group.length + body.length;
        if (size > MAX_DATAGRAM) {
            LOG.log(System.Logger.Level.DEBUG, () -> socket.name() + " " + endpoint + ": dropped a message of " + size
                    + " bytes on the wire; udp takes at most " + MAX_DATAGRAM);
            return null;
        }
        ByteBuf b = channel.alloc().buffer(size);
        b.writeByte(group.length).writeBytes(group).writeBytes(body);
        return new DatagramPacket(b, address.target());
    }

    /** A DGRAM's {@code [ip:port][body]}: the body to that address; null for an address that does not parse. */
    private DatagramPacket addressed(ZmqMessage m) {
        InetSocketAddress to = m.size() == 2 ? DgramAddresses.parse(MessageAccess.frame(m, 0)) : null;
        byte[] body = m.size() == 2 ? MessageAccess.frame(m, 1) : null;
        if (to == null || body.length > MAX_DATAGRAM) {
            LOG.log(System.Logger.Level.DEBUG, () -> socket.name() + " " + endpoint
                    + ": dropped a message whose address frame is not ip:port, or over " + MAX_DATAGRAM + " bytes");
            return null;
        }
        ByteBuf b = channel.alloc().buffer(body.length);
        b.writeBytes(body);
        return new DatagramPacket(b, to);
    }

    // ---- inbound ---------------------------------------------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket p = (DatagramPacket) msg;
        try {
            if (receives && !closed) {
                received(p.content(), p.sender());
            }
        } finally {
            p.release();
        }
    }

    private void received(ByteBuf c, InetSocketAddress sender) {
        int n = c.readableBytes();
        if (n > MAX_DATAGRAM) {
            malformed(sender, "of over " + MAX_DATAGRAM + " bytes");
            return;
        }
        ZmqMessage m;
        PeerInfo peer = new PeerInfo(Map.of(), SocketAddresses.address(sender), null);
        if (raw) {
            m = MessageAccess.wrap(new byte[][] {DgramAddresses.format(sender), ByteBufUtil.getBytes(c)}, peer);
        } else {
            if (n == 0) {
                malformed(sender, "that is empty (no group length)");
                return;
            }
            int at = c.readerIndex();
            int groupLength = c.getUnsignedByte(at);
            if (groupLength > n - 1) {
                malformed(sender, "whose group of " + groupLength + " bytes runs past its end (" + n + " bytes)");
                return;
            }
            String group = c.toString(at + 1, groupLength, StandardCharsets.UTF_8);
            byte[] body = ByteBufUtil.getBytes(c, at + 1 + groupLength, n - 1 - groupLength);
            m = MessageAccess.addressed(MessageAccess.wrap(body, peer), peer, 0, group);
        }
        if (!local.checkWrite()) {
            socket.countDropped(1); // the receive queue is full: dropped, as RFC 48 says
            return;
        }
        local.write(m);
    }

    private void malformed(InetSocketAddress sender, String what) {
        socket.countDropped(1);
        LOG.log(System.Logger.Level.DEBUG, () -> socket.name() + " " + endpoint + ": dropped a datagram from " + sender
                + " " + what);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (local.flush()) {
            socket.readActivated(pipe);
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A datagram socket has no connection to lose: an ICMP error or a failed send is reported, not fatal.
        LOG.log(System.Logger.Level.DEBUG, () -> socket.name() + " " + endpoint + ": " + cause);
    }

    // ---- pipe events and closing -----------------------------------------------------------------

    @Override
    public void readActivated(Pipe p) {
        channel.eventLoop().execute(drainTask);
    }

    @Override
    public void writeActivated(Pipe p) {
        // Datagrams that found the queue full were dropped; nothing waits.
    }

    /** The socket closed: what it sent is sent (a datagram takes no time to linger), then the channel closes. */
    @Override
    public void pipeTerminated(Pipe p) {
        closed = true;
        channel.eventLoop().execute(closeTask);
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    /** Unbind or disconnect: the socket lets go of the pipe and the channel closes. */
    @Override
    public void close() {
        closed = true;
        socket.detachPipe(pipe);
        channel.eventLoop().execute(closeTask);
    }

    private void closeChannel() {
        if (channel.isOpen()) {
            channel.close();
        }
    }
}
