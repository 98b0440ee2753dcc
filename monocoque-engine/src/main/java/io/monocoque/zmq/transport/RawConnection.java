package io.monocoque.zmq.transport;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.PeerInfo;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.internal.MessageAccess;
import io.monocoque.zmq.pipe.Msg;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.pipe.PipeHost;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Netty side of one raw connection of a STREAM socket, libzmq's {@code raw_engine}: no
 * greeting, no handshake, no framing. The connection is attached to the socket as soon as it is
 * up; each read goes to the socket as one message of the bytes as they came, and each message the
 * socket sends is written as it is. An empty message from the socket closes the connection once
 * what was sent before it is written. Reading stops (auto-read off) while the socket's receive
 * queue is at its high-water mark, so memory held for a peer is bounded by the bytes really read,
 * one read beyond the mark at most; the rest waits in the kernel.
 */
final class RawConnection extends ChannelInboundHandlerAdapter implements Connection {

    private static final System.Logger LOG = System.getLogger(RawConnection.class.getName());
    private static final byte[] NOTIFICATION = new byte[0];

    private final PipeHost socket;
    private final String endpoint;
    private final ConnectionSide side;
    /** STREAM_NOTIFY as it was when the connection started. */
    private final boolean notify;

    private ChannelHandlerContext ctx;
    private Pipe pipe;
    private Pipe local;
    private boolean readPaused;
    /** The socket let go of the connection (closed, or the endpoint went): flush for the linger time, then close. */
    private boolean closing;
    /** The socket sent an empty frame to this peer: what came before it is written, then the connection closes. */
    private volatile boolean closeRequested;
    private boolean finished;
    private String closeReason;
    private OutboundBatch batch;

    private final Runnable flushTask = this::drainOutbound;
    private final Runnable resumeTask = this::resumeReading;
    private final Runnable letGoTask = this::socketLetGo;

    RawConnection(PipeHost socket, String endpoint, ConnectionSide side) {
        this.socket = socket;
        this.endpoint = endpoint;
        this.side = side;
        this.notify = Boolean.TRUE.equals(socket.getOption(SocketOption.STREAM_NOTIFY));
    }

    // ---- channel events ------------------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        side.active(this);
        Channel ch = ctx.channel();
        // libzmq's raw engine gives its messages one property, the peer's IP address.
        String ip = SocketAddresses.ipAddress(ch.remoteAddress());
        PeerInfo peer = new PeerInfo(ip.isEmpty() ? Map.of() : Map.of("Peer-Address", ip.getBytes(StandardCharsets.UTF_8)),
                SocketAddresses.address(ch.remoteAddress()), null);
        ConnectionSide.Attachment a = side.attach(this, peer, null);
        if (a.pipe() == null) {
            closeReason = a.refusal();
            closing = true;
            ctx.close();
            return;
        }
        pipe = a.pipe();
        local = pipe.peer();
        pipe.setConnected(true);
        if (notify) {
            // Before any data, as libzmq's raw engine pushes it when it is plugged in.
            local.write(NOTIFICATION.clone());
        }
        wakeSocketReader();
        drainOutbound(); // what was sent to a connecting STREAM's peer before the connection was up
        if (local.isPeerTerminated()) {
            socketLetGo();
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (local == null || closing || closeRequested || finished || !in.isReadable()) {
                return; // refused, or the socket is done with this peer: what it still sends is dropped
            }
            byte[] data = new byte[in.readableBytes()];
            in.readBytes(data);
            local.write(data);
            if (!readPaused && !local.checkWrite()) {
                // The socket's queue is full: read no more until it has drained (writeActivated).
                readPaused = true;
                ctx.channel().config().setAutoRead(false);
                wakeSocketReader();
            }
        } finally {
            in.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        wakeSocketReader();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            drainOutbound();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void wakeSocketReader() {
        if (local != null && local.flush()) {
            socket.readActivated(pipe);
        }
    }

    /** The socket read below the high-water mark: read on. */
    private void resumeReading() {
        if (!readPaused || closing || closeRequested || finished) {
            return;
        }
        if (!local.checkWrite()) {
            return; // still full: the flag is set again and another wake-up will come
        }
        readPaused = false;
        ctx.channel().config().setAutoRead(true);
        ctx.read();
    }

    // ---- outbound ------------------------------------------------------------------------------------

    /** Writes everything the socket queued for this peer, then flushes once; an empty message closes. */
    private void drainOutbound() {
        if (local == null || finished || closeRequested) {
            return;
        }
        Channel ch = ctx.channel();
        boolean wrote = false;
        batch = OutboundBatch.get().begin();
        Msg m = PerThreadMsg.get();
        while (ch.isWritable() && local.read(m)) {
            if (m.isEmptyFrame()) {
                m.release();
                closeRequested = true;
                break;
            }
            write(m);
            wrote = true;
        }
        if (wrote) {
            batch.emit(ctx);
            ctx.flush();
        }
        if (local.readBatchDone()) {
            socket.writeActivated(pipe);
        }
        if (closeRequested) {
            closeReason = "closed by the socket (an empty frame was sent to this peer)";
            closeAfterFlush();
        } else if (closing && !local.hasMessage()) {
            closeAfterFlush();
        }
    }

    /** Appends a message's bytes, every frame in order, to the batch; {@code m} then holds nothing. */
    private void write(Msg m) {
        int form = m.form();
        if (form == Msg.ARRAY) {
            byte[] data = m.array();
            m.clear();
            batch.room(ctx, data.length).writeBytes(data);
        } else if (form == Msg.POOLED) {
            ByteBuf data = m.pooled();
            m.clear();
            try {
                batch.room(ctx, data.readableBytes()).writeBytes(data);
            } finally {
                data.release();
            }
        } else {
            ZmqMessage message = m.message();
            m.clear();
            for (int i = 0; i < message.size(); i++) {
                byte[] data = MessageAccess.frame(message, i);
                batch.room(ctx, data.length).writeBytes(data);
            }
        }
    }

    private void closeAfterFlush() {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    // ---- pipe events (from socket threads) -----------------------------------------------------------

    @Override
    public void readActivated(Pipe p) {
        execute(flushTask);
    }

    @Override
    public void writeActivated(Pipe p) {
        execute(resumeTask);
    }

    @Override
    public void pipeTerminated(Pipe p) {
        execute(letGoTask);
    }

    private void execute(Runnable task) {
        ChannelHandlerContext c = ctx;
        if (c != null) {
            c.executor().execute(task);
        }
    }

    /** The socket closed or dropped this peer: flush for up to the linger time, then close. */
    private void socketLetGo() {
        if (closing || finished) {
            return;
        }
        closing = true;
        long linger = socket.lingerNanos();
        if (linger == 0 || local == null) {
            ctx.close();
            return;
        }
        drainOutbound();
        if (linger > 0 && ctx.channel().isOpen()) {
            ctx.executor().schedule(() -> {
                ctx.close();
            }, linger, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void closeNow() {
        execute(() -> ctx.close());
    }

    @Override
    public void socketReleased() {
        execute(() -> {
            if (pipe != null) {
                socket.detachPipe(pipe);
            } else {
                closing = true;
                ctx.close();
            }
        });
    }

    @Override
    public boolean closedBySocket() {
        return closeRequested;
    }

    // ---- end of the connection -----------------------------------------------------------------------

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (finished) {
            return;
        }
        finished = true;
        boolean attached = pipe != null;
        if (attached) {
            pipe.setConnected(false);
            if (notify && !closeRequested) {
                // After the last data the peer sent, as libzmq's raw engine pushes it on error.
                local.write(NOTIFICATION.clone());
            }
            wakeSocketReader();
        }
        side.letGo(this, pipe, attached);
        socket.emit(MonitorEventType.DISCONNECTED, endpoint, 0, closeReason);
        side.closed(this, pipe, attached);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closeReason == null) {
            closeReason = cause instanceof IOException ? cause.getMessage() : cause.toString();
        }
        if (!(cause instanceof IOException)) {
            LOG.log(System.Logger.Level.WARNING, socket.name() + " " + endpoint + ": raw connection failed", cause);
        }
        ctx.close();
    }
}
