package io.monocoque.zmq.session;

import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.auth.ZapReply;
import io.monocoque.zmq.wire.Metadata;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** A {@link SessionIo} that records what the session asked for, for tests without a socket. */
final class FakeIo implements SessionIo {

    /** What the session wrote, in order, as one stream the test reads back. */
    final ByteBuf written = Unpooled.buffer();
    final List<byte[][]> delivered = new ArrayList<>();
    /** Pooled frames delivered as they are, when {@link #keepPooled}; released by {@link #release()}. */
    final List<ByteBuf> pooled = new ArrayList<>();
    /** Whether a pooled frame is kept as it is (as a connection puts it in its pipe) rather than turned into an array. */
    boolean keepPooled;
    /** Where the session's buffers come from. */
    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    /** The group of each message delivered in one (a DISH's), in order. */
    final List<String> groups = new ArrayList<>();
    Metadata attachedPeer;
    boolean refuseAttach;
    /** How many more messages the sink takes before it reports full; negative is no limit. */
    int room = -1;
    MonitorEventType closeEvent;
    String closeReason;
    boolean closed;
    boolean flushedBeforeClose;

    @Override
    public ByteBufAllocator alloc() {
        return allocator;
    }

    @Override
    public void write(ByteBuf bytes) {
        written.writeBytes(bytes);
        bytes.release();
    }

    @Override
    public boolean deliver(byte[] frame) {
        return deliver(new byte[][] {frame});
    }

    @Override
    public boolean deliverPooled(ByteBuf frame) {
        if (!keepPooled) {
            return SessionIo.super.deliverPooled(frame);
        }
        pooled.add(frame);
        return true;
    }

    @Override
    public boolean deliver(byte[][] frames) {
        delivered.add(frames);
        if (room < 0) {
            return true;
        }
        room = Math.max(0, room - 1);
        return room > 0;
    }

    @Override
    public boolean deliverInGroup(String group, byte[] body) {
        groups.add(group);
        return deliver(new byte[][] {body});
    }

    @Override
    public String attach(Metadata peerMetadata, String userId, Map<String, byte[]> zapProperties) {
        attachedPeer = peerMetadata;
        return refuseAttach ? "ROUTER#1 already has a peer with routing id 0x41" : null;
    }

    @Override
    public void authenticate(String mechanism, List<byte[]> credentials, BiConsumer<ZapReply, Throwable> done) {
        done.accept(null, null);
    }

    @Override
    public void close(MonitorEventType event, long value, String reason, boolean flushFirst) {
        closed = true;
        closeEvent = event;
        closeReason = reason;
        flushedBeforeClose = flushFirst;
    }

    void release() {
        written.release();
        for (ByteBuf b : pooled) {
            if (b.refCnt() > 0) {
                b.release();
            }
        }
    }
}
