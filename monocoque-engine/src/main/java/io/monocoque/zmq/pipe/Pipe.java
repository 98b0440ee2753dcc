package io.monocoque.zmq.pipe;

import io.monocoque.zmq.PeerInfo;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.internal.MessageAccess;
import io.netty.buffer.ByteBuf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One end of a bidirectional, bounded message pipe between a socket and a peer (a connection,
 * or another socket for {@code inproc://}). Each end reads what the other end writes.
 *
 * <p>Each end has one reader and one writer at a time (a socket writes and reads under its
 * lock, a connection on its I/O thread). High-water marks count whole messages, as libzmq's do.
 * Wake-ups happen on edges only: a reader that finds its queue empty goes to sleep and the
 * writer's next {@link #flush()} wakes it; a writer that finds the peer full is woken by the
 * reader's first {@link #readBatchDone()} after the backlog has come down to the low-water mark
 * (half the high-water mark), so that a writer held back by a slow reader resumes with room for a
 * large batch instead of trickling one wake-up per few messages.
 *
 * <p>The writer learns how far the reader has got only when its cached view of the reader's count
 * says the pipe is full, so the two threads do not share a cache line on every message.
 *
 * <p>A direction made conflating ({@link #pair(int, int, Conflation)}, the {@code conflate}
 * option) holds only the newest message, reduced to its last frame as libzmq's conflated pipe
 * holds one frame, and has no high-water mark.
 */
public final class Pipe {

    private static final VarHandle READ_COUNT;
    private static final VarHandle READER_ASLEEP;
    private static final VarHandle WRITER_BLOCKED;
    private static final VarHandle COUNTED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            READ_COUNT = lookup.findVarHandle(Pipe.class, "readCount", long.class);
            READER_ASLEEP = lookup.findVarHandle(Pipe.class, "readerAsleep", boolean.class);
            WRITER_BLOCKED = lookup.findVarHandle(Pipe.class, "writerBlocked", boolean.class);
            COUNTED = lookup.findVarHandle(Pipe.class, "counted", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What the peer wrote, by value: each message's {@link Msg} form and its frame or message object. */
    private final PipeQueue in;
    private Pipe peer;
    private volatile PipeOwner owner;
    /**
     * Messages this end may have written and the peer not yet read; 0 is unlimited. Changed only
     * by {@link #setHighWaterMark}.
     */
    private volatile int hwm;
    /** A writer blocked at {@link #hwm} is woken once the peer's backlog is down to this. */
    private volatile int lwm;

    /** Written by this end's writer only. */
    private long writeCount;
    /** The peer's read count as this end's writer last saw it (never ahead of the real one). */
    private long peerReadSeen;
    /**
     * The write count at which this end's writer last blocked (-1: it never has); published by
     * {@link #writerBlocked}.
     */
    private volatile long blockedAt = -1;
    /** Written by this end's reader only (release), read by the peer's writer (acquire). */
    @SuppressWarnings("unused")
    private volatile long readCount;

    // Flags as fields with VarHandles rather than AtomicBoolean objects: one load less on every
    // flush, and 100 bytes less per connection (two pipe ends, three flags each).
    /** Whether this end's reader found its queue empty and waits to be woken; cleared by the waking writer (CAS). */
    private volatile boolean readerAsleep = true;
    /** Whether this end's writer found the peer full and waits to be woken; cleared by the waking reader (CAS). */
    private volatile boolean writerBlocked;
    /**
     * How many of the pair's two ends have been terminated, shared by both: the end that makes it
     * two releases the pooled frames left in either queue, which nobody reads any more.
     */
    private AtomicInteger endsTerminated;
    /** Whether this end has been counted in {@link #endsTerminated} (once, however many threads terminate it). */
    private volatile boolean counted;
    private volatile boolean peerTerminated;
    private volatile boolean terminated;

    private volatile PeerInfo peerInfo = PeerInfo.NONE;
    private volatile boolean connected;
    private volatile boolean lost;
    private volatile byte[] routingId;
    /** The transport filters nothing for this peer: it takes every message (libzmq's subscribe_to_all, a RADIO's udp pipe). */
    private volatile boolean subscribedToAll;

    /** Whether the peer's writes into {@link #in} are conflated: the peer's hwm is then unlimited. */
    private final boolean conflated;
    /** Whether both ends belong to sockets (inproc), whose marks add up (see {@link HighWaterMarks}). */
    private boolean joinsSockets;
    /** Written to the peer when this end's own side terminates it (DISCONNECT_MSG over inproc), or null. */
    private volatile byte[] disconnectMessage;

    private Pipe(int hwm, boolean peerConflated) {
        this.hwm = hwm;
        this.lwm = hwm <= 0 ? 0 : hwm / 2;
        this.conflated = peerConflated;
        this.in = peerConflated ? new ConflatingQueue() : new MessageQueue();
    }

    /**
     * A connected pair of pipe ends.
     *
     * @param firstHwm  how many unread messages the first end may write into the second
     * @param secondHwm how many unread messages the second end may write into the first
     */
    public static Pipe[] pair(int firstHwm, int secondHwm) {
        return pair(firstHwm, secondHwm, Conflation.NONE);
    }

    /**
     * A connected pair of pipe ends whose first end is a socket's, conflated as
     * {@code conflation} says: a conflated direction keeps only the newest message (its last
     * frame, as libzmq's does) and has no high-water mark.
     */
    public static Pipe[] pair(int firstHwm, int secondHwm, Conflation conflation) {
        boolean out = conflation.outgoing();
        boolean in = conflation.incoming();
        Pipe a = new Pipe(out ? 0 : firstHwm, in);
        Pipe b = new Pipe(in ? 0 : secondHwm, out);
        a.peer = b;
        b.peer = a;
        a.endsTerminated = b.endsTerminated = new AtomicInteger();
        return new Pipe[] {a, b};
    }

    /**
     * A pair joining two sockets over inproc, as {@link #pair(int, int, Conflation)} otherwise:
     * each direction's mark is the sender's send mark plus the receiver's receive mark, which
     * {@link HighWaterMarks#update} keeps up when either socket changes its marks.
     */
    public static Pipe[] socketPair(int firstHwm, int secondHwm, Conflation conflation) {
        Pipe[] pair = pair(firstHwm, secondHwm, conflation);
        pair[0].joinsSockets = true;
        pair[1].joinsSockets = true;
        return pair;
    }

    /** Whether the pipe joins two sockets (inproc) rather than a socket and a connection. */
    public boolean joinsSockets() {
        return joinsSockets;
    }

    /** The other end. */
    public Pipe peer() {
        return peer;
    }

    public PipeOwner owner() {
        return owner;
    }

    public void setOwner(PipeOwner owner) {
        this.owner = owner;
    }

    // ---- writing: this end's writer --------------------------------------------------------------

    /**
     * Whether one more message may be written. When not, the writer is marked blocked and will
     * get {@link PipeOwner#writeActivated} once the peer has read.
     */
    public boolean checkWrite() {
        if (terminated || peerTerminated) {
            return false;
        }
        int h = hwm;
        if (h <= 0) {
            return true;
        }
        long written = writeCount;
        return written - peerReadSeen < h || roomAfterAll(written, h);
    }

    /**
     * {@link #checkWrite()} when the cached view of the reader says the pipe is full: looks at
     * the reader's real count, and marks the writer blocked when it is full indeed. Apart so that
     * the common case stays small enough to be inlined into every sender.
     */
    private boolean roomAfterAll(long written, int h) {
        peerReadSeen = (long) READ_COUNT.getAcquire(peer);
        if (written - peerReadSeen < h) {
            return true;
        }
        blockedAt = written;
        writerBlocked = true;
        // Re-check after publishing the flag: the reader, or a raised mark, may have made room.
        peerReadSeen = peer.readCount;
        if (written - peerReadSeen < hwm || hwm <= 0) {
            writerBlocked = false;
            return true;
        }
        return false;
    }

    /** Whether the pipe is at its high-water mark, without marking the writer blocked. */
    public boolean isFull() {
        int h = hwm;
        return h > 0 && writeCount - (long) READ_COUNT.getAcquire(peer) >= h;
    }

    /**
     * Changes how many unread messages this end may write, from any thread: libzmq's
     * {@code set_hwms}, for an inproc pipe whose binder arrives after its connecter and for a
     * socket whose SNDHWM or RCVHWM changes ({@link HighWaterMarks#update}). Returns
     * {@code true} when this end's writer was blocked at the old mark and now has room, so it
     * must be woken (with {@code owner().writeActivated(this)}, outside any socket lock).
     */
    public boolean setHighWaterMark(int hwm) {
        if (peer.conflated) {
            return false; // a conflated direction has no high-water mark
        }
        this.lwm = hwm <= 0 ? 0 : hwm / 2;
        this.hwm = hwm;
        VarHandle.fullFence();
        if (!writerBlocked) {
            return false;
        }
        if (hwm > 0 && blockedAt - (long) READ_COUNT.getAcquire(peer) >= hwm) {
            return false; // still full: the reader wakes it as usual
        }
        return WRITER_BLOCKED.compareAndSet(this, true, false);
    }

    /** Queues {@code message} for the peer without waking it; call {@link #flush()} after a batch. */
    public void write(ZmqMessage message) {
        if (peer.conflated) {
            if (peer.in.offerMessage(message.size() == 1 ? message : message.dropFirst(message.size() - 1))) {
                writeCount++; // a write is counted only when the conflating queue had been empty
            }
            return;
        }
        peer.in.offerMessage(message);
        writeCount++;
    }

    /**
     * Queues a single-frame message given as its bare array, without a message object, like
     * {@link #write(ZmqMessage)}. The array passes to the reader: nothing else may hold or touch
     * it (a frame decoded from the wire, or one an application handed over with
     * {@code sendWrapped}), so a fan-out to several pipes must write a {@link ZmqMessage}
     * instead. {@link #read()} attributes the message to this pipe's peer as it is when read.
     */
    public void write(byte[] frame) {
        if (peer.in.offerArray(frame)) {
            writeCount++;
        }
    }

    /**
     * Queues a single-frame message held in a pooled buffer (ownership passes), like
     * {@link #write(byte[])}: the reader takes it as it is from {@link #read(Msg)}, or as an array
     * from {@link #read()}. A conflating peer gets its bytes as an array instead (the buffer is
     * released), so that a replaced message needs no release.
     */
    public void write(ByteBuf frame) {
        if (peer.conflated) {
            write(PooledFrames.toArray(frame));
            return;
        }
        peer.in.offerPooled(frame);
        writeCount++;
    }

    /**
     * Ends a batch of writes. Returns {@code true} when the peer's reader was asleep and must be
     * woken (with {@code peer().owner().readActivated(peer())}, outside any socket lock).
     */
    public boolean flush() {
        VarHandle.fullFence();
        Pipe reader = peer;
        return reader.readerAsleep && READER_ASLEEP.compareAndSet(reader, true, false);
    }

    // ---- reading: this end's reader --------------------------------------------------------------

    /** The next message the peer wrote, or {@code null}; the reader then sleeps until woken. */
    public ZmqMessage read() {
        int form = nextForm();
        if (form == Msg.NONE) {
            return null;
        }
        PeerInfo info = peerInfo;
        PeerInfo from = info == PeerInfo.NONE ? null : info;
        if (form == Msg.MESSAGE) {
            ZmqMessage m = readMessage();
            // Over inproc the sender's own message arrives: it learns here which peer it came from.
            return from == null ? m : MessageAccess.receivedFrom(m, from);
        }
        byte[] frame = form == Msg.ARRAY ? readArray() : PooledFrames.toArray(readPooled());
        return MessageAccess.wrap(frame, from);
    }

    /**
     * The form of the next message the peer wrote, as it was written ({@link Msg#ARRAY},
     * {@link Msg#POOLED} or {@link Msg#MESSAGE}), which the reader must then take with the
     * matching {@link #readArray()}, {@link #readPooled()} or {@link #readMessage()}; or
     * {@link Msg#NONE} when there is none, and the reader then sleeps until woken. The message
     * comes by value: no holder object is written.
     */
    public int nextForm() {
        int form = in.peekForm();
        return form != Msg.NONE ? form : peekOrSleep();
    }

    /**
     * {@link #nextForm()} on an empty queue: the reader goes to sleep, then looks once more (the
     * writer checks the flag after its write, so one of the two sees the other), and wakes again if
     * a message came in between.
     */
    private int peekOrSleep() {
        readerAsleep = true;
        int form = in.peekForm();
        if (form != Msg.NONE) {
            readerAsleep = false;
        }
        return form;
    }

    /** Takes the next message, which {@link #nextForm()} said is a bare array the caller now owns. */
    public byte[] readArray() {
        byte[] frame = in.pollArray();
        counted();
        return frame;
    }

    /** Takes the next message, which {@link #nextForm()} said is a pooled frame the caller now owns and must release. */
    public ByteBuf readPooled() {
        ByteBuf frame = in.pollPooled();
        counted();
        return frame;
    }

    /** Takes the next message, which {@link #nextForm()} said is a message object (not yet attributed to this pipe's peer). */
    public ZmqMessage readMessage() {
        ZmqMessage message = in.pollMessage();
        counted();
        return message;
    }

    /** The next message, which {@link #nextForm()} said is a message object, left in place (to look at its frames). */
    public ZmqMessage peekMessage() {
        return in.peekMessage();
    }

    /** One more message read: the peer's writer sees it when it next looks for room. */
    private void counted() {
        READ_COUNT.setRelease(this, (long) READ_COUNT.getOpaque(this) + 1);
    }

    /**
     * Moves the next message, as it was written, into {@code into} ({@link #nextForm()} and the
     * matching read in one, for the paths that hand a message on as a whole); false
     * ({@code into} untouched) when there is none, and the reader then sleeps until woken.
     */
    public boolean read(Msg into) {
        if (nextForm() == Msg.NONE) {
            return false;
        }
        PipeQueue.poll(in, into);
        counted();
        return true;
    }

    /**
     * Puts this end's reader back to sleep after a wake-up found no owner to deliver it to (an
     * inproc end whose binder has not attached yet, a connecting pipe between connections), so
     * that the next write wakes whoever owns it by then.
     */
    public void wakeUpUndelivered() {
        readerAsleep = true;
    }

    /**
     * Whether a message is waiting, without taking it (libzmq's {@code check_read}). When none is,
     * the reader goes to sleep as {@link #read(Msg)} would, so that the peer's next write wakes it.
     */
    public boolean checkRead() {
        if (in.hasNext()) {
            return true;
        }
        readerAsleep = true;
        if (!in.hasNext()) {
            return false;
        }
        readerAsleep = false;
        return true;
    }

    /** Whether a message is waiting to be read. */
    public boolean hasMessage() {
        return in.hasNext();
    }

    /**
     * Ends a batch of reads. Returns {@code true} when the peer's writer was blocked at the
     * high-water mark, the backlog it left is down to the low-water mark (or gone), and so it
     * must be woken (with {@code peer().owner().writeActivated(peer())}). A reader that stops
     * short of that leaves the writer blocked: its queue is still well filled.
     */
    public boolean readBatchDone() {
        VarHandle.fullFence();
        Pipe writer = peer;
        if (!writer.writerBlocked) {
            return false;
        }
        if (writer.blockedAt - (long) READ_COUNT.getOpaque(this) > writer.lwm && in.hasNext()) {
            return false;
        }
        return WRITER_BLOCKED.compareAndSet(writer, true, false);
    }

    /**
     * Whether this end's writer (the peer's owner) was held back at its high-water mark within
     * the last high-water mark's worth of messages read here: the messages are a stream that
     * fills the pipe faster than it is read, not messages that come apart.
     */
    public boolean writerHeldBackLately() {
        Pipe writer = peer;
        long at = writer.blockedAt;
        int h = writer.hwm;
        return at >= 0 && h > 0 && (long) READ_COUNT.getOpaque(this) - at < h;
    }

    /** Discards every unread message (e.g. stale subscriptions before they are re-sent). */
    public int discardUnread() {
        int n = 0;
        Msg m = new Msg();
        while (read(m)) {
            m.release();
            n++;
        }
        return n;
    }

    // ---- lifecycle -------------------------------------------------------------------------------

    /**
     * Closes this end: the peer is told through {@link PipeOwner#pipeTerminated} and may still
     * read what was written before, and then the {@linkplain #setDisconnectMessage disconnect
     * message} if there is one.
     */
    public void terminate() {
        if (terminated) {
            return;
        }
        byte[] last = disconnectMessage;
        boolean wakeReader = false;
        if (last != null && !peerTerminated) {
            // As libzmq's send_disconnect_msg: past the high-water mark, after everything else.
            write(last.clone());
            wakeReader = flush();
        }
        terminated = true;
        peer.peerTerminated = true;
        if (COUNTED.compareAndSet(this, false, true) && endsTerminated.incrementAndGet() == 2) {
            // Both sides are done with the pair: neither queue is read or written again.
            releasePooled(in);
            releasePooled(peer.in);
        }
        PipeOwner o = peer.owner;
        if (o != null) {
            if (wakeReader) {
                o.readActivated(peer);
            }
            o.pipeTerminated(peer);
        }
    }

    private static void releasePooled(PipeQueue queue) {
        Msg m = new Msg();
        while (PipeQueue.poll(queue, m)) {
            m.release();
        }
    }

    /**
     * A message this end writes to its peer when its own side terminates it (closes the socket,
     * disconnects): libzmq's DISCONNECT_MSG over inproc, which a ROUTER bound to the endpoint
     * gives the pipes of the sockets that connect to it. {@code null} for none.
     */
    public void setDisconnectMessage(byte[] message) {
        this.disconnectMessage = message;
    }

    /** Whether this end was terminated by its own side. */
    public boolean isTerminated() {
        return terminated;
    }

    /** Whether the other end was terminated. */
    public boolean isPeerTerminated() {
        return peerTerminated;
    }

    /** Whether the peer has read everything this end wrote. */
    public boolean isDrained() {
        return peer.in.isEmpty();
    }

    /** The number of messages written but not yet read by the peer. */
    public long pendingOut() {
        return writeCount - (long) READ_COUNT.getAcquire(peer);
    }

    // ---- peer identity ---------------------------------------------------------------------------

    /** Whether a peer is on the other end right now (a connection past its handshake, or an inproc socket). */
    public boolean isConnected() {
        return connected && !peerTerminated;
    }

    public void setConnected(boolean connected) {
        if (connected) {
            lost = false;
        } else if (this.connected) {
            lost = true;
        }
        this.connected = connected;
    }

    /**
     * Whether the connection this pipe had is gone and not back yet (a connecter waiting to
     * reconnect, e.g. after a heartbeat found the peer dead). A pipe that has not been connected
     * yet is not lost: it is waiting for its first connection.
     */
    public boolean isLost() {
        return lost;
    }

    /** What the peer announced in its handshake. */
    public PeerInfo peerInfo() {
        return peerInfo;
    }

    public void setPeerInfo(PeerInfo info) {
        this.peerInfo = info;
    }

    /** The routing id the peer announced (ZMTP {@code Identity}), or {@code null}. */
    /** Whether the peer takes every message, whatever its subscriptions or groups (a udp peer of a RADIO). */
    public boolean isSubscribedToAll() {
        return subscribedToAll;
    }

    /** Set by the transport before it attaches the pipe. */
    public void setSubscribedToAll(boolean all) {
        this.subscribedToAll = all;
    }

    public byte[] routingId() {
        return routingId;
    }

    public void setRoutingId(byte[] id) {
        this.routingId = id;
    }

    @Override
    public String toString() {
        return "Pipe[" + peerInfo.remoteAddress() + "]";
    }
}
