package io.monocoque.zmq.pipe;

import io.monocoque.zmq.ZmqMessage;
import io.netty.buffer.ByteBuf;

/**
 * The forms a message takes in a pipe, and a holder for one: libzmq's {@code msg_t}, which its
 * pipes carry by value. A message's form is a tag, not a class, so the code that routes, queues,
 * counts and encodes messages dispatches on an int, with no {@code instanceof} and no cast.
 *
 * <p>The three forms:
 * <ul>
 *   <li>{@link #ARRAY}: a single-frame message as its bare array, which the holder owns outright
 *       (a frame decoded from the wire, one an application handed over with {@code sendWrapped});
 *   <li>{@link #POOLED}: a single-frame message in a pooled (reference-counted) buffer, which the
 *       holder owns and must release exactly once (hand it on, copy it out with
 *       {@link PooledFrames#toArray}, or {@link #release()} it);
 *   <li>{@link #MESSAGE}: a {@link ZmqMessage}, whose arrays may be shared (a fan-out, the sender's
 *       own message over inproc), for messages of several frames or with metadata.
 * </ul>
 *
 * <p>On the paths every message takes, a message goes by value: {@link MessageQueue} keeps each
 * slot's form and its frame in arrays, a reader asks {@link Pipe#nextForm()} and takes the
 * frame with the matching typed read, and a sender passes the frame to the typed write, so no
 * object is made and no holder written per message (a store of a new frame into a long-lived
 * holder costs a garbage collector's write barrier each time). An instance of this class is
 * the holder for the paths that hand a message on as a whole (the conflating queue's element,
 * draining a STREAM or udp connection, discarding what is left): reused by one thread at a time.
 */
public final class Msg {

    /** Holds nothing. */
    public static final int NONE = 0;
    /** A single frame's bare array, owned by the holder. */
    public static final int ARRAY = 1;
    /** A single frame in a pooled buffer, owned by the holder, to be released once. */
    public static final int POOLED = 2;
    /** A {@link ZmqMessage}. */
    public static final int MESSAGE = 3;

    private int form;
    private byte[] array;
    private ByteBuf pooled;
    private ZmqMessage message;

    /** What this holds: {@link #NONE}, {@link #ARRAY}, {@link #POOLED} or {@link #MESSAGE}. */
    public int form() {
        return form;
    }

    public boolean isEmpty() {
        return form == NONE;
    }

    /** The frame of an {@link #ARRAY} message. */
    public byte[] array() {
        return array;
    }

    /** The buffer of a {@link #POOLED} message. */
    public ByteBuf pooled() {
        return pooled;
    }

    /** The message of the {@link #MESSAGE} form. */
    public ZmqMessage message() {
        return message;
    }

    /** Holds {@code frame} as an {@link #ARRAY} message. */
    public Msg setArray(byte[] frame) {
        set(ARRAY, frame, null, null);
        return this;
    }

    /** Holds {@code frame} as a {@link #POOLED} message. */
    public Msg setPooled(ByteBuf frame) {
        set(POOLED, null, frame, null);
        return this;
    }

    /** Holds {@code m} as a {@link #MESSAGE}. */
    public Msg setMessage(ZmqMessage m) {
        set(MESSAGE, null, null, m);
        return this;
    }

    private void set(int form, byte[] array, ByteBuf pooled, ZmqMessage message) {
        this.form = form;
        this.array = array;
        this.pooled = pooled;
        this.message = message;
    }

    /** Holds nothing any more; whatever it held is not released (it has been handed on). */
    public void clear() {
        set(NONE, null, null, null);
    }

    /** Whether this holds one frame, of no bytes. */
    public boolean isEmptyFrame() {
        switch (form) {
            case ARRAY:
                return array.length == 0;
            case POOLED:
                return !pooled.isReadable();
            case MESSAGE:
                return message.size() == 1 && message.frameLength(0) == 0;
            default:
                return false;
        }
    }

    /**
     * Takes the message out as a {@link ZmqMessage} of its own; this then holds nothing. A pooled
     * frame becomes an array (the buffer released).
     */
    public ZmqMessage takeMessage() {
        ZmqMessage m;
        switch (form) {
            case ARRAY:
                m = ZmqMessage.wrap(array);
                break;
            case POOLED:
                m = ZmqMessage.wrap(PooledFrames.toArray(pooled));
                break;
            case MESSAGE:
                m = message;
                break;
            default:
                return null;
        }
        clear();
        return m;
    }

    /** Releases a pooled frame, the message being dropped, and holds nothing. */
    public void release() {
        if (form == POOLED) {
            pooled.release();
        }
        clear();
    }

    @Override
    public String toString() {
        switch (form) {
            case ARRAY:
                return "Msg[array, " + array.length + " B]";
            case POOLED:
                return "Msg[pooled, " + pooled.readableBytes() + " B]";
            case MESSAGE:
                return "Msg[" + message.size() + " frames, " + message.byteSize() + " B]";
            default:
                return "Msg[none]";
        }
    }
}
