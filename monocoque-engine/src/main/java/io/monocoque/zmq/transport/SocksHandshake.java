package io.monocoque.zmq.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.proxy.ProxyConnectionEvent;
import io.netty.handler.proxy.Socks5ProxyHandler;

import java.util.function.Consumer;

/**
 * Keeps a connection made through a SOCKS5 proxy ({@code SOCKS_PROXY}) away from ZMTP until
 * the proxy has connected it to its destination: Netty's {@link Socks5ProxyHandler} reports the
 * tcp connection to the proxy as active at once, but the connection only reaches the peer when
 * the proxy says so. Then this puts the ZMTP handler in its place and lets it start; if the
 * proxy refuses (authentication, a destination it cannot reach, a timeout) it says why, in words
 * a user can act on, and the attempt counts as a failed connect.
 */
final class SocksHandshake extends ChannelInboundHandlerAdapter {

    private final ChannelHandler connection;
    private final String proxy;
    private final Consumer<String> failed;
    private boolean connected;
    private String reason;

    /**
     * @param connection the handler that takes over once the proxy has connected
     * @param proxy      the proxy as configured, for messages
     * @param failed     told why, when the proxy did not connect this channel to its destination
     */
    SocksHandshake(ChannelHandler connection, String proxy, Consumer<String> failed) {
        this.connection = connection;
        this.proxy = proxy;
        this.failed = failed;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Connected to the proxy only: the peer is not there yet.
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ProxyConnectionEvent && !connected) {
            connected = true;
            ctx.pipeline().addAfter(ctx.name(), null, connection);
            ctx.fireChannelActive();
            ctx.pipeline().remove(this);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (connected) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        if (reason == null) {
            reason = describe(String.valueOf(cause.getMessage()));
        }
        ctx.close(); // the proxy handler closes too; this is for failures that are not its own
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connected) {
            ctx.fireChannelInactive();
            return;
        }
        failed.accept(reason != null ? reason : "SOCKS5 proxy " + proxy + " closed the connection before connecting it");
    }

    /**
     * Netty's SOCKS5 messages ({@code socks5, password, proxy => destination, authStatus:
     * FAILURE(1)}) told in the terms of the socket options; the original is kept at the end.
     */
    private String describe(String netty) {
        String what;
        if (netty.contains("authStatus:")) {
            what = "refused the SOCKS_USERNAME/SOCKS_PASSWORD (RFC 1929 username/password authentication failed)";
        } else if (netty.contains("authMethod:")) {
            what = netty.contains(", none,")
                    ? "requires authentication: set SOCKS_USERNAME and SOCKS_PASSWORD"
                    : "accepts none of the authentication methods offered";
        } else if (netty.contains("status:")) {
            what = "could not connect to the destination";
        } else if (netty.contains("timeout")) {
            what = "did not complete the SOCKS5 handshake in time";
        } else {
            what = "failed";
        }
        return "SOCKS5 proxy " + proxy + " " + what + " (" + netty + ")";
    }
}
