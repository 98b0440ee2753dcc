package io.monocoque.zmq.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A NIO tcp channel that a sending thread may write to ({@link DirectWriteChannel}): the JDK's
 * {@link SocketChannel} serialises writes and lets a close wait for one in progress.
 */
public final class NioDirectSocketChannel extends NioSocketChannel implements DirectWriteChannel {

    /** A connecting channel (made by the bootstrap's reflective factory). */
    public NioDirectSocketChannel() {
    }

    /** An accepted connection. */
    NioDirectSocketChannel(Channel parent, SocketChannel socket) {
        super(parent, socket);
    }

    @Override
    public boolean idleForDirectWrite() {
        if (!isActive()) {
            return false;
        }
        ChannelOutboundBuffer queued = unsafe().outboundBuffer();
        return queued != null && queued.totalPendingWriteBytes() == 0;
    }

    @Override
    public void writeDirect(ByteBuf bytes) throws IOException {
        SocketChannel ch = javaChannel();
        ByteBuffer b = bytes.nioBuffer(bytes.readerIndex(), bytes.readableBytes());
        while (b.hasRemaining()) {
            if (ch.write(b) <= 0) {
                break; // the kernel's buffer is full
            }
        }
        bytes.readerIndex(bytes.readerIndex() + (bytes.readableBytes() - b.remaining()));
    }
}
