package io.monocoque.zmq.pipe;

import io.monocoque.zmq.ZmqMessage;
import io.netty.buffer.ByteBuf;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A queue of at most one element, the newest: offering replaces what the consumer has not
 * taken yet. The queue behind {@code conflate}, where only the last value of a feed matters; its
 * memory stays one element however far the consumer falls behind. Each offer makes a small
 * holder (the element and its form), which the consumer's poll takes as a whole.
 */
final class ConflatingQueue implements PipeQueue {

    private final AtomicReference<Msg> latest = new AtomicReference<>();
    /** The element the consumer's last {@link #peekForm()} took out of {@link #latest}, until it polls it (consumer-owned). */
    private Msg claimed;

    @Override
    public boolean offerArray(byte[] frame) {
        return replace(new Msg().setArray(Objects.requireNonNull(frame, "frame")));
    }

    /** A replaced pooled frame is released: nobody else will. */
    @Override
    public boolean offerPooled(ByteBuf frame) {
        return replace(new Msg().setPooled(Objects.requireNonNull(frame, "frame")));
    }

    @Override
    public boolean offerMessage(ZmqMessage message) {
        return replace(new Msg().setMessage(Objects.requireNonNull(message, "message")));
    }

    private boolean replace(Msg m) {
        Msg replaced = latest.getAndSet(m);
        if (replaced == null) {
            return true;
        }
        replaced.release();
        return false;
    }

    /** Claims the newest element for the consumer, so that a replacement cannot change it between a peek and its poll. */
    @Override
    public int peekForm() {
        Msg m = claimed;
        if (m == null) {
            m = latest.get() == null ? null : latest.getAndSet(null);
            if (m == null) {
                return Msg.NONE;
            }
            claimed = m;
        }
        return m.form();
    }

    @Override
    public byte[] pollArray() {
        byte[] frame = claimed.array();
        claimed = null;
        return frame;
    }

    @Override
    public ByteBuf pollPooled() {
        ByteBuf frame = claimed.pooled();
        claimed = null;
        return frame;
    }

    @Override
    public ZmqMessage pollMessage() {
        ZmqMessage message = claimed.message();
        claimed = null;
        return message;
    }

    @Override
    public ZmqMessage peekMessage() {
        return claimed.message();
    }

    @Override
    public boolean hasNext() {
        return claimed != null || latest.get() != null;
    }

    @Override
    public boolean isEmpty() {
        return !hasNext();
    }
}
