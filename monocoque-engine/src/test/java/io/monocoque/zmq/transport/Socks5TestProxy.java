package io.monocoque.zmq.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.socksx.v5.DefaultSocks5CommandResponse;
import io.netty.handler.codec.socksx.v5.DefaultSocks5InitialResponse;
import io.netty.handler.codec.socksx.v5.DefaultSocks5PasswordAuthResponse;
import io.netty.handler.codec.socksx.v5.Socks5AddressType;
import io.netty.handler.codec.socksx.v5.Socks5AuthMethod;
import io.netty.handler.codec.socksx.v5.Socks5CommandRequest;
import io.netty.handler.codec.socksx.v5.Socks5CommandRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5CommandStatus;
import io.netty.handler.codec.socksx.v5.Socks5CommandType;
import io.netty.handler.codec.socksx.v5.Socks5InitialRequest;
import io.netty.handler.codec.socksx.v5.Socks5InitialRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5Message;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthRequest;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthStatus;
import io.netty.handler.codec.socksx.v5.Socks5ServerEncoder;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real SOCKS5 proxy (RFC 1928, with RFC 1929 username/password) for the engine's tests, made of
 * Netty's SOCKS codec: it answers the method negotiation, checks credentials when it has some,
 * connects CONNECT requests to their destination (resolving a domain name itself) and relays
 * bytes both ways. It records what it was asked, so tests can see what a client sent. (Kept out
 * of {@code io.monocoque.zmq.testing}, whose classes are handed on to applications.)
 */
public final class Socks5TestProxy implements AutoCloseable {

    /** One CONNECT request as the proxy received it. */
    public record Request(Socks5AddressType addressType, String host, int port, String username) {
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final String username;
    private final String password;
    private final Channel server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();

    /** A proxy that asks for no authentication. */
    public static Socks5TestProxy open() {
        return new Socks5TestProxy(null, null);
    }

    /** A proxy that requires this username and password. */
    public static Socks5TestProxy requiring(String username, String password) {
        return new Socks5TestProxy(username, password);
    }

    private Socks5TestProxy(String username, String password) {
        this.username = username;
        this.password = password;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(Socks5ServerEncoder.DEFAULT, new Socks5InitialRequestDecoder(), new Negotiation());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    /** {@code 127.0.0.1:port}, as SOCKS_PROXY takes it. */
    public String address() {
        return "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The CONNECT requests that passed authentication, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Why clients were turned away, in order. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Method negotiation, then authentication when required, then the CONNECT command. */
    private final class Negotiation extends SimpleChannelInboundHandler<Socks5Message> {

        private String authenticatedAs;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Socks5Message msg) {
            if (msg instanceof Socks5InitialRequest initial) {
                Socks5AuthMethod wanted = username == null ? Socks5AuthMethod.NO_AUTH : Socks5AuthMethod.PASSWORD;
                if (!initial.authMethods().contains(wanted)) {
                    refusals.add("no acceptable method in " + initial.authMethods());
                    ctx.writeAndFlush(new DefaultSocks5InitialResponse(Socks5AuthMethod.UNACCEPTED))
                            .addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                ctx.pipeline().replace(Socks5InitialRequestDecoder.class, null,
                        wanted == Socks5AuthMethod.PASSWORD ? new Socks5PasswordAuthRequestDecoder() : new Socks5CommandRequestDecoder());
                ctx.writeAndFlush(new DefaultSocks5InitialResponse(wanted));
            } else if (msg instanceof Socks5PasswordAuthRequest auth) {
                if (!auth.username().equals(username) || !auth.password().equals(password)) {
                    refusals.add("bad credentials for " + auth.username());
                    ctx.writeAndFlush(new DefaultSocks5PasswordAuthResponse(Socks5PasswordAuthStatus.FAILURE))
                            .addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                authenticatedAs = auth.username();
                ctx.pipeline().replace(Socks5PasswordAuthRequestDecoder.class, null, new Socks5CommandRequestDecoder());
                ctx.writeAndFlush(new DefaultSocks5PasswordAuthResponse(Socks5PasswordAuthStatus.SUCCESS));
            } else if (msg instanceof Socks5CommandRequest command) {
                connect(ctx, command);
            } else {
                ctx.close();
            }
        }

        private void connect(ChannelHandlerContext ctx, Socks5CommandRequest command) {
            if (command.type() != Socks5CommandType.CONNECT) {
                ctx.writeAndFlush(new DefaultSocks5CommandResponse(Socks5CommandStatus.COMMAND_UNSUPPORTED, command.dstAddrType()))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            requests.add(new Request(command.dstAddrType(), command.dstAddr(), command.dstPort(), authenticatedAs));
            Channel client = ctx.channel();
            client.config().setAutoRead(false);
            new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
                    .handler(new Relay(client))
                    .connect(command.dstAddr(), command.dstPort())
                    .addListener((ChannelFutureListener) f -> {
                        if (!f.isSuccess()) {
                            ctx.writeAndFlush(new DefaultSocks5CommandResponse(Socks5CommandStatus.HOST_UNREACHABLE, command.dstAddrType()))
                                    .addListener(ChannelFutureListener.CLOSE);
                            return;
                        }
                        Channel destination = f.channel();
                        InetSocketAddress bound = (InetSocketAddress) destination.localAddress();
                        Socks5AddressType boundType = bound.getAddress() instanceof java.net.Inet6Address
                                ? Socks5AddressType.IPv6 : Socks5AddressType.IPv4;
                        ctx.writeAndFlush(new DefaultSocks5CommandResponse(Socks5CommandStatus.SUCCESS, boundType,
                                bound.getAddress().getHostAddress(), bound.getPort()))
                                .addListener((ChannelFutureListener) written -> {
                                    ctx.pipeline().remove(Socks5ServerEncoder.class);
                                    ctx.pipeline().remove(Socks5CommandRequestDecoder.class);
                                    ctx.pipeline().replace(Negotiation.this, null, new Relay(destination));
                                    client.config().setAutoRead(true);
                                });
                    });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Copies what one side reads to the other; closing either closes both. */
    private static final class Relay extends ChannelInboundHandlerAdapter {

        private final Channel other;

        Relay(Channel other) {
            this.other = other;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (other.isActive()) {
                other.writeAndFlush(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            other.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
