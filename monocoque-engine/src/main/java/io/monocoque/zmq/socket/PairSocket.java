package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Msg;
import io.monocoque.zmq.pipe.Pipe;
import io.netty.buffer.ByteBuf;

/** PAIR: an exclusive connection to exactly one PAIR peer; further peers are refused while it lasts. */
class PairSocket extends SocketBase {

    private Pipe pipe;
    private int readsSinceCheck;

    PairSocket(EngineContext context) {
        this(SocketType.PAIR, context);
    }

    PairSocket(SocketType type, EngineContext context) {
        super(type, context);
    }

    @Override
    protected boolean xacceptsPipe(Pipe candidate) {
        return pipe == null;
    }

    @Override
    protected void xattach(Pipe p) {
        pipe = p;
    }

    @Override
    protected void xterminated(Pipe p) {
        if (p == pipe && !p.hasMessage()) {
            pipe = null;
        }
    }

    @Override
    protected boolean xsend(ZmqMessage message) {
        Pipe p = writable();
        if (p == null) {
            return false;
        }
        p.write(message);
        wakeups.afterWrite(p);
        return true;
    }

    @Override
    protected boolean passesFramesAsIs() {
        return true;
    }

    @Override
    protected boolean xsendArray(byte[] frame) {
        Pipe p = writable();
        if (p == null) {
            return false;
        }
        p.write(frame);
        wakeups.afterWrite(p);
        return true;
    }

    @Override
    protected boolean xsendPooled(ByteBuf frame) {
        Pipe p = writable();
        if (p == null) {
            return false;
        }
        p.write(frame);
        wakeups.afterWrite(p);
        return true;
    }

    /** The peer's pipe if it can take a message now, else null. */
    private Pipe writable() {
        Pipe p = pipe;
        return p != null && p.checkWrite() ? p : null;
    }

    @Override
    protected ZmqMessage xrecv() {
        Pipe p = pipe;
        if (p == null) {
            return null;
        }
        ZmqMessage m = p.read();
        afterRead(p, m != null);
        return m;
    }

    @Override
    protected boolean receivesFramesAsIs() {
        return true;
    }

    @Override
    protected Pipe xrecvPipe() {
        Pipe p = pipe;
        if (p == null) {
            return null;
        }
        if (p.nextForm() == Msg.NONE) {
            afterRead(p, false);
            return null;
        }
        return p;
    }

    @Override
    protected void xrecvTaken(Pipe p) {
        afterRead(p, true);
    }

    /** After a read from {@code p} that found a message ({@code got}) or did not. */
    private void afterRead(Pipe p, boolean got) {
        if (!got) {
            wakeups.afterRead(p);
            if (p.isPeerTerminated()) {
                pipe = null;
            }
            return;
        }
        // Tell a writer blocked at the high-water mark every so often, not only once we run dry.
        if (++readsSinceCheck >= 64 || !p.hasMessage()) {
            readsSinceCheck = 0;
            wakeups.afterRead(p);
        }
    }

    @Override
    protected boolean xhasIn() {
        return pipe != null && pipe.checkRead();
    }

    @Override
    protected boolean xhasOut() {
        return pipe != null && pipe.checkWrite();
    }

    @Override
    protected void xreadActivated(Pipe p) {
    }

    @Override
    protected void xwriteActivated(Pipe p) {
    }
}
