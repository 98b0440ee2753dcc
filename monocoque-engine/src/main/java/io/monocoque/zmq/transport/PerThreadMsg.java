package io.monocoque.zmq.transport;

import io.monocoque.zmq.pipe.Msg;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The {@link Msg} a thread moves a STREAM or udp connection's outgoing messages through on their
 * way from the pipe to the wire: one per thread rather than one per connection, as an I/O thread
 * drains its connections one at a time. A drain takes the message's contents out before it writes
 * them, so a drain that re-enters (a flush that makes a channel writable again) finds it free.
 * (ZMTP connections take each message by value instead: {@code Pipe.nextForm}.)
 */
final class PerThreadMsg {

    private static final FastThreadLocal<Msg> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected Msg initialValue() {
            return new Msg();
        }
    };

    private PerThreadMsg() {
    }

    /** The calling thread's holder, empty. */
    static Msg get() {
        return PER_THREAD.get();
    }
}
