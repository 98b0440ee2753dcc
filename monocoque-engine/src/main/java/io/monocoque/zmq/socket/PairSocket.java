package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;

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
        return pass(message);
    }

    @Override
    protected boolean passesFramesAsIs() {
        return true;
    }

    @Override
    protected boolean xsendFrame(Object frame) {
        return pass(frame);
    }

    private boolean pass(Object message) {
        Pipe p = pipe;
        if (p == null || !p.checkWrite()) {
            return false;
        }
        p.writeAny(message);
        wakeups.afterWrite(p);
        return true;
    }

    @Override
    protected ZmqMessage xrecv() {
        return (ZmqMessage) take(false);
    }

    @Override
    protected Object xrecvRaw() {
        return take(true);
    }

    private Object take(boolean raw) {
        Pipe p = pipe;
        if (p == null) {
            return null;
        }
        Object m = raw ? p.readRaw() : p.read();
        if (m == null) {
            wakeups.afterRead(p);
            if (p.isPeerTerminated()) {
                pipe = null;
            }
            return null;
        }
        // Tell a writer blocked at the high-water mark every so often, not only once we run dry.
        if (++readsSinceCheck >= 64 || !p.hasMessage()) {
            readsSinceCheck = 0;
            wakeups.afterRead(p);
        }
        return m;
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
