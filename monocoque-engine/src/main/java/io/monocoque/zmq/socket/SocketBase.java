package io.monocoque.zmq.socket;

import io.monocoque.zmq.MonitorEvent;
import io.monocoque.zmq.MonitorEventType;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketStatistics;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.EndpointHandle;
import io.monocoque.zmq.pipe.HighWaterMarks;
import io.monocoque.zmq.pipe.Msg;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.pipe.PipeHost;
import io.monocoque.zmq.pipe.PooledFrames;
import io.monocoque.zmq.pipe.Wakeups;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every socket type shares: the lock that makes a socket safe for many threads, blocking,
 * timed and non-blocking send and receive, and the pipe events that wake them. The rest is in
 * a class per concern: {@link OptionStore}, {@link EndpointRegistry}, {@link SocketCounters},
 * {@link Monitors} and {@link PendingReceives}. A socket type supplies only its routing
 * ({@code x*} methods, always called with the lock held), as libzmq's socket classes do.
 */
public abstract class SocketBase implements PipeHost {

    private static final AtomicLong IDS = new AtomicLong();

    protected final SocketType type;
    protected final EngineContext context;
    protected final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int waiters;
    /** Wake-ups owed to peers; filled under the lock, delivered after it. */
    protected final Wakeups wakeups = new Wakeups();

    private final OptionStore options = new OptionStore();
    private final Set<Pipe> pipes = Collections.newSetFromMap(new IdentityHashMap<>());
    /**
     * Pipes whose peer terminated them, which this side has not terminated yet: the routing may
     * still read what they hold ({@link #endDrainedPipes}). Lock held.
     */
    private final Set<Pipe> peerGone = Collections.newSetFromMap(new IdentityHashMap<>());
    private final EndpointRegistry endpoints = new EndpointRegistry();
    private final PendingReceives pendingReceives;
    private final Supplier<ZmqMessage> nextMessage = () -> (ZmqMessage) next(MESSAGE);
    /** The frames of a message not yet handed out by {@link #receiveBytes}; written under the lock. */
    private volatile ZmqMessage remainder;
    private final Monitors monitors;
    private final SocketCounters counters = new SocketCounters();
    private final String name;
    private volatile boolean closed;
    /** Messages the routing dropped; counted in {@link #statistics()}. */
    protected final AtomicLong droppedMessages = counters.dropped;
    private final Readiness readiness = new Readiness();
    /** REQ and REP: their own send and receive change what they can do next (and so their events). */
    private final boolean lockstep;
    /** Pollers are owed a word: set under the lock, told after it (so a woken poller does not find it held). */
    private boolean readinessChanged;

    protected SocketBase(SocketType type, EngineContext context) {
        this.type = type;
        this.context = context;
        this.name = type + "#" + IDS.incrementAndGet();
        this.pendingReceives = new PendingReceives(context.eventExecutor());
        this.monitors = new Monitors(context.eventExecutor());
        this.lockstep = type.alternatesSendAndReceive();
    }

    public SocketType type() {
        return type;
    }

    /** A short name for messages: the type and a sequence number, e.g. {@code PUSH#3}. */
    public String name() {
        return name;
    }

    // ---- routing hooks, called with the lock held -----------------------------------------------

    /** A peer's pipe joins the socket. */
    protected abstract void xattach(Pipe pipe);

    /** A pipe is gone (its peer closed, or the socket dropped it). */
    protected abstract void xterminated(Pipe pipe);

    /** Routes {@code message}; {@code false} when it would block. May throw for EFSM/EHOSTUNREACH. */
    protected abstract boolean xsend(ZmqMessage message);

    /** The next message for the application, or {@code null} when none is waiting. */
    protected abstract ZmqMessage xrecv();

    /**
     * Routes a single-frame message given as its bare array, which the application has handed
     * over ({@link #sendWrapped}). Types that send each message to one peer override this to pass
     * the array on without a message object ({@link io.monocoque.zmq.pipe.Pipe#write(byte[])}).
     */
    protected boolean xsendArray(byte[] frame) {
        return xsend(ZmqMessage.wrap(frame));
    }

    /**
     * Routes a single-frame message held in a pooled buffer, which passes on with it once it is
     * routed ({@link io.monocoque.zmq.pipe.Pipe#write(ByteBuf)}). Called only where
     * {@link #passesFramesAsIs()}; those types override it.
     */
    protected boolean xsendPooled(ByteBuf frame) {
        throw new IllegalStateException(type() + " does not pass pooled frames on as they are");
    }

    /**
     * Whether {@link #xsendArray} and {@link #xsendPooled} pass any single frame on as it is, a
     * pooled buffer too (the types that send each message to one peer). Others are given a copy
     * of a pooled frame's bytes ({@link #sendPooled}).
     */
    protected boolean passesFramesAsIs() {
        return false;
    }

    /**
     * Whether the type hands out messages as their pipes hold them ({@link #xrecvPipe}), without
     * a message object for a bare frame: the types whose routing needs nothing from a received
     * message. The others go through {@link #xrecv()}.
     */
    protected boolean receivesFramesAsIs() {
        return false;
    }

    /**
     * Where {@link #receivesFramesAsIs()}: the pipe the next message is to be taken from, as
     * {@link #xrecv()} would route it, with a message waiting ({@link Pipe#nextForm()}); null
     * when none is. The socket takes it by value (the matching read) and then calls
     * {@link #xrecvTaken}.
     */
    protected Pipe xrecvPipe() {
        throw new IllegalStateException(type() + " does not hand out messages as their pipes hold them");
    }

    /** A message has been taken from {@code pipe}, the one {@link #xrecvPipe()} gave. */
    protected void xrecvTaken(Pipe pipe) {
    }

    /**
     * Whether {@link #xrecv()} would return a message now (libzmq's {@code xhas_in}). A pipe found
     * empty on the way must be left asleep, as a read would leave it, so that the next message
     * wakes the socket.
     */
    protected abstract boolean xhasIn();

    /** Whether {@link #xsend} would take a message now without waiting (libzmq's {@code xhas_out}). */
    protected abstract boolean xhasOut();

    /** Messages arrived on a pipe whose queue had been empty. */
    protected abstract void xreadActivated(Pipe pipe);

    /** A pipe that was full can take messages again. */
    protected abstract void xwriteActivated(Pipe pipe);

    /**
     * A pipe's connection completed its handshake (again, after a reconnect). Returns
     * {@code false} to refuse the peer.
     */
    protected boolean xpipeReady(Pipe pipe) {
        return true;
    }

    /**
     * A pipe's connection completed its handshake (again, after a reconnect): {@code null} to
     * take the peer, or why this type refuses it (a ROUTER seeing a routing id already in use),
     * for the connection's DISCONNECTED event. By default what {@link #xpipeReady} decides.
     */
    protected String xadmit(Pipe pipe) {
        return xpipeReady(pipe) ? null : name + " refused the peer";
    }

    /** Whether this type accepts a given peer pipe (PAIR takes one peer only). */
    protected boolean xacceptsPipe(Pipe pipe) {
        return true;
    }

    /**
     * An option that applies to some socket types only has a new value ({@link #getOption}); lets
     * a type keep what its routing reads per message in fields instead of looking it up.
     */
    protected void xoptionChanged(SocketOption<?> option) {
    }

    /** ZMQ_TOPICS_COUNT: the distinct subscribed prefixes (publish/subscribe types only); lock held. */
    protected int xtopicsCount() {
        throw new ZmqException(ZmqError.EINVAL, name + ": " + SocketOption.TOPICS_COUNT
                + " is an option of PUB, XPUB, SUB and XSUB sockets only");
    }

    /** Subscribes (SUB/XSUB only). */
    protected void xsubscribe(byte[] topic, boolean subscribe) {
        throw new ZmqException(ZmqError.ENOTSUP, name + ": subscribe and unsubscribe need a SUB or XSUB socket");
    }

    /** Joins ({@code join}) or leaves a group (DISH only); {@code group} is not null. */
    protected void xjoin(String group, boolean join) {
        throw Unsupported.groups(this);
    }

    // ---- options ---------------------------------------------------------------------------------

    public <T> void setOption(SocketOption<T> option, T value) {
        checkOpen();
        option.checkAppliesTo(type, name);
        options.set(option, value);
        if (!option.socketTypes().isEmpty()) {
            lock.lock();
            try {
                xoptionChanged(option);
            } finally {
                unlockAndWake();
            }
        }
        if (option == SocketOption.SEND_HIGH_WATER_MARK || option == SocketOption.RECEIVE_HIGH_WATER_MARK) {
            updateHighWaterMarks();
        }
    }

    /**
     * As libzmq 4.3 does, a new SNDHWM or RCVHWM applies to the pipes the socket already has, both
     * ways, and wakes senders (here or at the peer) that a higher mark lets go. Outside the lock:
     * an inproc peer is another socket, woken without holding ours.
     */
    private void updateHighWaterMarks() {
        List<Pipe> attached;
        lock.lock();
        try {
            attached = new ArrayList<>(pipes);
        } finally {
            lock.unlock();
        }
        for (Pipe p : attached) {
            HighWaterMarks.update(this, p);
        }
    }

    @Override
    public <T> T getOption(SocketOption<T> option) {
        return options.get(option);
    }

    // ---- sending and receiving ------------------------------------------------------------------

    /** The send timeout option in nanoseconds (negative: forever, zero: not at all). */
    public long sendTimeoutNanos() {
        return options.sendTimeoutNanos();
    }

    /** The receive timeout option in nanoseconds (negative: forever, zero: not at all). */
    public long receiveTimeoutNanos() {
        return options.receiveTimeoutNanos();
    }

    /** Blocks per the send timeout option; throws EAGAIN when it expires. */
    public void send(ZmqMessage message) {
        if (!send(message, options.sendTimeoutNanos())) {
            throw sendTimedOut();
        }
    }

    /** {@link #sendWrapped(byte[], long)}, blocking per the send timeout option; throws EAGAIN when it expires. */
    public void sendWrapped(byte[] frame) {
        if (!sendWrapped(frame, options.sendTimeoutNanos())) {
            throw sendTimedOut();
        }
    }

    private ZmqException sendTimedOut() {
        return new ZmqException(ZmqError.EAGAIN, name + ": send timed out: every peer is at its high-water mark or none is connected");
    }

    /**
     * Sends, waiting up to {@code timeoutNanos} (negative: forever, zero: not at all).
     *
     * @return whether the message was queued
     */
    public boolean send(ZmqMessage message, long timeoutNanos) {
        if (message == null) {
            throw new NullPointerException("message");
        }
        return send(Msg.MESSAGE, null, null, message, timeoutNanos);
    }

    /**
     * Sends a single-frame message made of {@code frame} itself, which the socket then owns: no
     * copy and no message object. As {@link #send(ZmqMessage, long)} otherwise.
     */
    public boolean sendWrapped(byte[] frame, long timeoutNanos) {
        if (frame == null) {
            throw new NullPointerException("frame");
        }
        return send(Msg.ARRAY, frame, null, null, timeoutNanos);
    }

    /**
     * Sends a single-frame message held in {@code frame}, a pooled buffer. When it is sent,
     * ownership has passed (the socket releases it); when not (a timeout, an exception), the
     * caller still owns it. Types that pass frames on as they are put the buffer itself into the
     * peer's pipe; the others send a copy of its bytes and release it once that is queued.
     */
    public boolean sendPooled(ByteBuf frame, long timeoutNanos) {
        if (frame == null) {
            throw new NullPointerException("frame");
        }
        if (passesFramesAsIs()) {
            return send(Msg.POOLED, null, frame, null, timeoutNanos);
        }
        byte[] copy = ByteBufUtil.getBytes(frame, frame.readerIndex(), frame.readableBytes(), true);
        boolean sent = send(Msg.ARRAY, copy, null, null, timeoutNanos);
        if (sent) {
            frame.release();
        }
        return sent;
    }

    /**
     * Sends a message in the form {@code form} says (exactly one of {@code array}, {@code pooled}
     * and {@code message} given).
     */
    private boolean send(int form, byte[] array, ByteBuf pooled, ZmqMessage message, long timeoutNanos) {
        lock.lock();
        try {
            checkOpen();
            if (route(form, array, pooled, message)) {
                return true;
            }
            if (timeoutNanos == 0) {
                return false;
            }
            long remaining = timeoutNanos;
            while (true) {
                remaining = await(timeoutNanos < 0 ? -1 : remaining);
                checkOpen();
                if (route(form, array, pooled, message)) {
                    return true;
                }
                if (timeoutNanos > 0 && remaining <= 0) {
                    return false;
                }
            }
        } finally {
            unlockAndWake();
        }
    }

    /**
     * Routes and counts one message, of the form {@code form} says; the message goes through by
     * value, as the typed arguments of the routing hooks. Lock held.
     */
    private boolean route(int form, byte[] array, ByteBuf pooled, ZmqMessage message) {
        long bytes;
        boolean sent;
        switch (form) {
            case Msg.ARRAY:
                bytes = array.length;
                sent = xsendArray(array);
                break;
            case Msg.POOLED:
                bytes = pooled.readableBytes();
                sent = xsendPooled(pooled);
                break;
            default:
                bytes = message.byteSize();
                sent = xsend(message);
        }
        if (sent) {
            counters.sent(bytes);
            if (lockstep) {
                readinessChanged = true;
            }
        }
        return sent;
    }

    /** Blocks per the receive timeout option; throws EAGAIN when it expires. */
    public ZmqMessage receive() {
        ZmqMessage m = receive(options.receiveTimeoutNanos());
        if (m == null) {
            throw new ZmqException(ZmqError.EAGAIN, name + ": receive timed out");
        }
        return m;
    }

    /** {@link #receiveBytes(long)}, blocking per the receive timeout option; throws EAGAIN when it expires. */
    public byte[] receiveBytes() {
        byte[] frame = receiveBytes(options.receiveTimeoutNanos());
        if (frame == null) {
            throw new ZmqException(ZmqError.EAGAIN, name + ": receive timed out");
        }
        return frame;
    }

    /** Receives, waiting up to {@code timeoutNanos} (negative: forever, zero: not at all); {@code null} on timeout. */
    public ZmqMessage receive(long timeoutNanos) {
        return (ZmqMessage) take(timeoutNanos, MESSAGE);
    }

    /**
     * Receives one frame, waiting up to {@code timeoutNanos} (negative: forever, zero: not at
     * all); {@code null} on timeout. A single-frame message comes as its own array, without a
     * message object. A multi-frame message comes one frame per call, each a copy, while
     * {@link #hasReceiveMore()} says more are left; a {@link #receive} in between takes the rest.
     */
    public byte[] receiveBytes(long timeoutNanos) {
        return (byte[]) take(timeoutNanos, BYTES);
    }

    /**
     * Receives one frame as {@link #receiveBytes(long)} does, but in a {@link ByteBuf} the caller
     * owns and must release: a large single-frame message that arrived in a pooled buffer comes
     * as that buffer, any other frame as its array wrapped.
     *
     * @return the frame, or {@code null} on timeout
     */
    public ByteBuf receiveFrame(long timeoutNanos) {
        return (ByteBuf) take(timeoutNanos, FRAME);
    }

    /** Whether frames of a message partly taken by {@link #receiveBytes} are still to come. */
    public boolean hasReceiveMore() {
        return remainder != null;
    }

    /** What {@link #take} hands out: a {@link ZmqMessage}. */
    private static final int MESSAGE = 0;
    /** What {@link #take} hands out: the next frame as an array. */
    private static final int BYTES = 1;
    /** What {@link #take} hands out: the next frame in a buffer, the pooled one its pipe held or its array wrapped. */
    private static final int FRAME = 2;

    /**
     * The next message, waiting as {@link #receive(long)} does: a {@link ZmqMessage}, or the
     * next frame as {@link #receiveBytes(long)} ({@link #BYTES}) or {@link #receiveFrame(long)}
     * ({@link #FRAME}) returns it.
     */
    private Object take(long timeoutNanos, int raw) {
        lock.lock();
        try {
            checkOpen();
            Object m = next(raw);
            return m != null || timeoutNanos == 0 ? m : awaitNext(timeoutNanos, raw);
        } finally {
            unlockAndWake();
        }
    }

    /** Waits for {@link #next}'s message, up to {@code timeoutNanos} (negative: forever); lock held. */
    private Object awaitNext(long timeoutNanos, int raw) {
        long remaining = timeoutNanos;
        while (true) {
            remaining = await(timeoutNanos < 0 ? -1 : remaining);
            checkOpen();
            Object m = next(raw);
            if (m != null) {
                return m;
            }
            if (timeoutNanos > 0 && remaining <= 0) {
                return null;
            }
        }
    }

    /**
     * Receives up to {@code max} messages under one hold of the lock: waits up to
     * {@code timeoutNanos} (negative: forever, zero: not at all) for the first, then takes the
     * others already waiting, without waiting for more. REQ and REP, whose next receive depends
     * on a send in between, hand out at most one. An empty list on timeout.
     */
    public List<ZmqMessage> receiveBatch(int max, long timeoutNanos) {
        if (max < 1) {
            throw new IllegalArgumentException("a batch holds at least one message, not " + max);
        }
        lock.lock();
        try {
            checkOpen();
            Object first = next(MESSAGE);
            if (first == null && timeoutNanos != 0) {
                first = awaitNext(timeoutNanos, MESSAGE);
            }
            if (first == null) {
                return List.of();
            }
            List<ZmqMessage> batch = new ArrayList<>(Math.min(max, BATCH_CAPACITY));
            batch.add((ZmqMessage) first);
            Object m;
            while (batch.size() < max && !lockstep && (m = next(MESSAGE)) != null) {
                batch.add((ZmqMessage) m);
            }
            return batch;
        } finally {
            unlockAndWake();
        }
    }

    /** The first capacity of a {@link #receiveBatch} list: a batch larger than this grows it. */
    private static final int BATCH_CAPACITY = 64;

    /**
     * Lock held. {@link #MESSAGE}: the rest of a partly received message, else the next one
     * routed (counted). Otherwise the next frame, as the caller's own: the bare array of a
     * single-frame message as its pipe held it, or a copy of the first frame not yet taken, the
     * others kept for later calls; {@link #FRAME} hands out a pooled frame as it is and an array
     * wrapped, {@link #BYTES} a pooled frame as its bytes (the buffer released).
     */
    private Object next(int raw) {
        ZmqMessage rest = remainder;
        if (rest != null) {
            if (raw == MESSAGE) {
                remainder = null;
                return rest;
            }
            return frame(firstFrame(rest), raw);
        }
        if (raw == MESSAGE) {
            ZmqMessage m = xrecv();
            if (m != null) {
                received(m.byteSize());
            }
            return m;
        }
        if (!receivesFramesAsIs()) {
            ZmqMessage m = xrecv();
            if (m == null) {
                return null;
            }
            received(m.byteSize());
            return frame(firstFrame(m), raw);
        }
        Pipe p = xrecvPipe();
        if (p == null) {
            return null;
        }
        // By value, as the pipe holds it: no holder object is written per message.
        Object frame;
        switch (p.nextForm()) {
            case Msg.ARRAY: {
                byte[] array = p.readArray();
                received(array.length);
                frame = frame(array, raw);
                break;
            }
            case Msg.POOLED: {
                ByteBuf pooled = p.readPooled();
                received(pooled.readableBytes());
                frame = raw == FRAME ? pooled : PooledFrames.toArray(pooled);
                break;
            }
            default: {
                ZmqMessage m = p.readMessage();
                received(m.byteSize());
                // A message object's arrays may be shared (a fan-out, the sender's own over inproc): copy.
                frame = frame(firstFrame(m), raw);
            }
        }
        xrecvTaken(p);
        return frame;
    }

    /** Counts a received message of {@code bytes} payload bytes; lock held. */
    private void received(long bytes) {
        counters.received(bytes);
        if (lockstep) {
            readinessChanged = true;
        }
    }

    /** A frame the caller owns as {@link #BYTES} or {@link #FRAME} hand it out. */
    private static Object frame(byte[] frame, int raw) {
        return raw == FRAME ? Unpooled.wrappedBuffer(frame) : frame;
    }

    /** A copy of {@code m}'s first frame; the rest become the {@link #remainder}. Lock held. */
    private byte[] firstFrame(ZmqMessage m) {
        remainder = m.size() > 1 ? m.dropFirst(1) : null;
        return m.frame(0);
    }

    /** A future completed with the next message (off the I/O threads). */
    public CompletableFuture<ZmqMessage> receiveAsync() {
        CompletableFuture<ZmqMessage> future = new CompletableFuture<>();
        ZmqMessage m;
        lock.lock();
        try {
            checkOpen();
            m = pendingReceives.isEmpty() ? (ZmqMessage) next(MESSAGE) : null;
            if (m == null) {
                pendingReceives.add(future);
                return future;
            }
        } finally {
            unlockAndWake();
        }
        future.complete(m);
        return future;
    }

    public void subscribe(byte[] topic, boolean subscribe) {
        lock.lock();
        try {
            checkOpen();
            xsubscribe(topic.clone(), subscribe);
        } finally {
            unlockAndWake();
        }
    }

    /** Joins or leaves a group (DISH); see {@link #xjoin}. */
    public void join(String group, boolean join) {
        if (group == null) {
            throw new NullPointerException("group");
        }
        lock.lock();
        try {
            checkOpen();
            xjoin(group, join);
        } finally {
            unlockAndWake();
        }
    }

    /** A snapshot of the socket's counters. */
    public SocketStatistics statistics() {
        lock.lock();
        try {
            int peers = 0;
            long queued = 0;
            for (Pipe p : pipes) {
                if (p.isConnected()) {
                    peers++;
                }
                queued += Math.max(0, p.pendingOut());
            }
            return counters.snapshot(peers, queued);
        } finally {
            lock.unlock();
        }
    }

    /** The endpoints this socket is bound or connected to, as resolved. */
    public List<String> endpoints() {
        return endpoints.endpoints();
    }

    /** Waits for a change; returns the nanoseconds left (or -1 when waiting forever). */
    private long await(long nanos) {
        Runnable owed = wakeups.drain();
        if (owed != null) {
            // Peers we owe a wake-up may be the very ones we are about to wait for (a writer
            // blocked at our HWM, a connection paused on a full pipe): wake them first, then let
            // the caller look again instead of sleeping.
            lock.unlock();
            try {
                owed.run();
            } finally {
                lock.lock();
            }
            return nanos;
        }
        waiters++;
        try {
            if (nanos < 0) {
                changed.await();
                return -1;
            }
            return changed.awaitNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZmqException(ZmqError.EINTR, name + ": interrupted while blocked");
        } finally {
            waiters--;
        }
    }

    /** Signals blocked threads, pending futures and pollers; lock held. */
    private void stateChanged() {
        if (waiters > 0) {
            changed.signalAll();
        }
        readinessChanged = true;
        if (!pendingReceives.isEmpty()) {
            pendingReceives.complete(nextMessage);
        }
    }

    /** Releases the lock, then delivers the wake-ups collected under it and tells pollers. */
    protected final void unlockAndWake() {
        if (!readinessChanged && wakeups.isEmpty()) {
            lock.unlock(); // the common case of a send or receive: nobody to tell
            return;
        }
        unlockAndTell();
    }

    private void unlockAndTell() {
        Runnable r = wakeups.drain();
        boolean tellPollers = readinessChanged;
        if (tellPollers) {
            readinessChanged = false;
        }
        lock.unlock();
        if (tellPollers) {
            readiness.changed();
        }
        if (r != null) {
            r.run();
        }
    }

    // ---- pipe events (from I/O threads or other sockets, never under a socket lock) -------------

    @Override
    public void readActivated(Pipe pipe) {
        lock.lock();
        try {
            if (pipes.contains(pipe)) {
                xreadActivated(pipe);
                stateChanged();
            }
        } finally {
            unlockAndWake();
        }
    }

    @Override
    public void writeActivated(Pipe pipe) {
        lock.lock();
        try {
            if (pipes.contains(pipe)) {
                xwriteActivated(pipe);
                stateChanged();
            }
        } finally {
            unlockAndWake();
        }
    }

    @Override
    public void pipeTerminated(Pipe pipe) {
        lock.lock();
        try {
            if (pipes.remove(pipe)) {
                xterminated(pipe);
                stateChanged();
                peerGone.add(pipe);
            }
            endDrainedPipes(false);
        } finally {
            unlockAndWake();
        }
    }

    /**
     * Ends this side of the pipes whose peer has gone once the routing has read what they held
     * (all of them when {@code all}: the socket is closing), so that both ends of each pair are
     * terminated and whatever is left in them (pooled frames) is released. Lock held; the
     * terminations run after it ({@link Wakeups#terminate}).
     */
    private void endDrainedPipes(boolean all) {
        for (java.util.Iterator<Pipe> it = peerGone.iterator(); it.hasNext(); ) {
            Pipe p = it.next();
            if (all || !p.hasMessage()) {
                it.remove();
                wakeups.terminate(p);
            }
        }
    }

    /**
     * Attaches a new peer pipe. Returns {@code null}, or why the socket refuses the pipe (it is
     * closed, its type takes no other peer, the peer's routing id is in use); the caller then
     * closes the connection.
     *
     * @param ready whether the peer's handshake is already complete
     */
    @Override
    public String attachPipe(Pipe pipe, boolean ready) {
        lock.lock();
        try {
            if (closed) {
                return name + " is closed";
            }
            if (!xacceptsPipe(pipe)) {
                return name + " already has its one peer";
            }
            pipe.setOwner(this);
            pipes.add(pipe);
            xattach(pipe);
            String refusal = ready ? xadmit(pipe) : null;
            if (refusal != null) {
                pipes.remove(pipe);
                xterminated(pipe);
                return refusal;
            }
            if (pipe.hasMessage()) {
                xreadActivated(pipe);
            }
            stateChanged();
            return null;
        } finally {
            unlockAndWake();
        }
    }

    /**
     * A pipe attached earlier (a connecting side's, which outlives reconnects) has completed a
     * handshake. Returns {@code null}, or why the socket refuses it (e.g. a duplicate routing id).
     */
    @Override
    public String pipeReady(Pipe pipe) {
        lock.lock();
        try {
            if (closed || !pipes.contains(pipe)) {
                return name + " is closed";
            }
            String refusal = xadmit(pipe);
            if (refusal != null) {
                return refusal;
            }
            if (pipe.hasMessage()) {
                xreadActivated(pipe);
            }
            stateChanged();
            return null;
        } finally {
            unlockAndWake();
        }
    }

    /** Drops a pipe the socket side no longer wants (disconnect, or close). */
    public void detachPipe(Pipe pipe) {
        lock.lock();
        try {
            if (pipes.remove(pipe)) {
                xterminated(pipe);
                pipe.terminate();
                stateChanged();
            }
        } finally {
            unlockAndWake();
        }
    }

    // ---- readiness -------------------------------------------------------------------------------

    /**
     * ZMQ_EVENTS: {@link Readiness#IN} when a message can be received and {@link Readiness#OUT}
     * when one can be sent, both without waiting; 0 once closed. Level-triggered: a socket with
     * two messages queued is still readable after receiving one.
     */
    public int events() {
        lock.lock();
        try {
            if (closed) {
                return 0;
            }
            int events = remainder != null || xhasIn() ? Readiness.IN : 0;
            return xhasOut() ? events | Readiness.OUT : events;
        } finally {
            unlockAndWake();
        }
    }

    /** ZMQ_TOPICS_COUNT: how many distinct topic prefixes the socket's subscriptions hold. */
    public int topicsCount() {
        lock.lock();
        try {
            checkOpen();
            return xtopicsCount();
        } finally {
            unlockAndWake();
        }
    }

    /** Tells {@code listener} whenever this socket may have become readable or writable, or closed. */
    public void addReadinessListener(Readiness.Listener listener) {
        readiness.add(listener);
    }

    public void removeReadinessListener(Readiness.Listener listener) {
        readiness.remove(listener);
    }

    // ---- endpoints -------------------------------------------------------------------------------

    public void bind(String endpoint) {
        checkOpen();
        endpoints.bound(endpoint, context.bind(this, endpoint));
    }

    public void connect(String endpoint) {
        checkOpen();
        EndpointHandle h;
        try {
            h = context.connect(this, endpoint);
        } finally {
            // The transport has read it for this connect; libzmq too uses it for one connect only.
            options.clear(SocketOption.CONNECT_ROUTING_ID);
        }
        endpoints.connected(endpoint, h);
    }

    /**
     * Connects and returns the new connection's routing id (PEER only, libzmq's
     * {@code zmq_connect_peer}); other types fail with ENOTSUP.
     */
    public int connectPeer(String endpoint) {
        throw Unsupported.connectPeer(this);
    }

    /** Unbinds or disconnects {@code endpoint} (as given to bind/connect, or as resolved). */
    public void closeEndpoint(String endpoint, String operation) {
        checkOpen();
        List<EndpointHandle> handles = endpoints.remove(endpoint);
        if (handles == null) {
            throw new ZmqException(ZmqError.ENOENT, name + ": cannot " + operation + " '" + endpoint
                    + "': it was not " + (operation.equals("unbind") ? "bound" : "connected") + " on this socket");
        }
        handles.forEach(EndpointHandle::close);
    }

    public String lastEndpoint() {
        return endpoints.lastEndpoint();
    }

    @Override
    public void endpointEnded(EndpointHandle handle) {
        endpoints.ended(handle);
    }

    // ---- monitoring ------------------------------------------------------------------------------

    public void addMonitor(Consumer<MonitorEvent> listener) {
        monitors.add(listener);
    }

    public void removeMonitor(Consumer<MonitorEvent> listener) {
        monitors.remove(listener);
    }

    /** Reports an event to every monitor, in order, off the calling (I/O) thread. */
    @Override
    public void emit(MonitorEventType type, String endpoint, long value, String reason) {
        counters.count(type);
        monitors.emit(type, endpoint, value, reason);
    }

    @Override
    public void countDropped(long count) {
        droppedMessages.addAndGet(count);
    }

    public long droppedMessages() {
        return droppedMessages.get();
    }

    // ---- closing ---------------------------------------------------------------------------------

    public boolean isClosed() {
        return closed;
    }

    protected final void checkOpen() {
        if (closed) {
            throw new ZmqException(ZmqError.ETERM, name + " is closed");
        }
    }

    /**
     * Closes the socket: stops listening and connecting, and lets each connection flush what was
     * sent for up to the linger time before it closes.
     */
    public void close() {
        List<Pipe> toTerminate;
        List<CompletableFuture<ZmqMessage>> futures;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            changed.signalAll();
            readinessChanged = true;
            futures = pendingReceives.drain();
            toTerminate = new ArrayList<>(pipes);
            pipes.clear();
            for (Pipe p : toTerminate) {
                xterminated(p);
            }
            endDrainedPipes(true);
        } finally {
            unlockAndWake();
        }
        endpoints.removeAll().forEach(EndpointHandle::close);
        // Terminating tells each connection to flush (linger) and close.
        toTerminate.forEach(Pipe::terminate);
        pendingReceives.fail(futures, new ZmqException(ZmqError.ETERM, name + " was closed while waiting for a message"));
        monitors.stopAll();
        context.socketClosed(this);
    }

    /** The linger option in nanoseconds (negative: forever). */
    @Override
    public long lingerNanos() {
        return options.lingerNanos();
    }

    @Override
    public String toString() {
        return name;
    }
}
