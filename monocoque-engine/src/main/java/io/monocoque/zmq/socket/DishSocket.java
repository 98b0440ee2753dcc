package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.Distributor;
import io.monocoque.zmq.routing.FairQueue;
import io.monocoque.zmq.wire.GroupCommand;
import io.monocoque.zmq.wire.GroupFrames;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * DISH (RFC 48): fair-queues messages from its RADIO peers and keeps those in a group it joined
 * (exact match); sends each join and leave to every RADIO, and all its groups again to a peer
 * after each reconnect. Linger is zero by default, as libzmq's dish has it: pending joins are
 * not worth waiting for at close.
 */
final class DishSocket extends SocketBase {

    private final FairQueue fq = new FairQueue(wakeups);
    private final Distributor distributor = new Distributor(wakeups);
    private final Set<String> groups = new LinkedHashSet<>();
    /** A message in a joined group that {@link #xhasIn()} took to know there is one; the next receive returns it. */
    private ZmqMessage prefetched;

    DishSocket(EngineContext context) {
        super(SocketType.DISH, context);
        setOption(SocketOption.LINGER, Duration.ZERO);
    }

    @Override
    protected void xattach(Pipe pipe) {
        distributor.attach(pipe);
        fq.attach(pipe);
    }

    @Override
    protected boolean xpipeReady(Pipe pipe) {
        // Every group is joined again on a new connection, so older queued joins would double up
        // (as a SUB's subscriptions are resent); dropped under the lock, before the reader starts.
        pipe.peer().discardUnread();
        if (!groups.isEmpty()) {
            for (String g : groups) {
                pipe.write(ZmqMessage.wrap(GroupFrames.joinMessageBody(g.getBytes(StandardCharsets.UTF_8))));
            }
            wakeups.afterWrite(pipe);
        }
        return true;
    }

    @Override
    protected void xterminated(Pipe pipe) {
        distributor.terminated(pipe);
        fq.terminated(pipe);
    }

    @Override
    protected void xjoin(String group, boolean join) {
        byte[] bytes = checkedGroup(group);
        if (join ? !groups.add(group) : !groups.remove(group)) {
            throw new ZmqException(ZmqError.EINVAL, name() + ": " + (join
                    ? "already joined group '" + group + "'"
                    : "cannot leave group '" + group + "': it was not joined"));
        }
        distributor.sendToAll(ZmqMessage.wrap(join ? GroupFrames.joinMessageBody(bytes) : GroupFrames.leaveMessageBody(bytes)));
    }

    private byte[] checkedGroup(String group) {
        byte[] bytes = group.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > GroupCommand.MAX_GROUP_LENGTH) {
            throw new ZmqException(ZmqError.EINVAL, name() + ": a group is at most " + GroupCommand.MAX_GROUP_LENGTH
                    + " bytes in UTF-8, not " + bytes.length);
        }
        if (group.indexOf('\0') >= 0) {
            throw new ZmqException(ZmqError.EINVAL, name() + ": a group cannot hold a zero character (RFC 48)");
        }
        return bytes;
    }

    @Override
    protected boolean xsend(ZmqMessage message) {
        throw Unsupported.send(this);
    }

    @Override
    protected ZmqMessage xrecv() {
        ZmqMessage m = prefetched;
        if (m != null) {
            prefetched = null;
            return m;
        }
        while ((m = fq.recv()) != null) {
            String g = m.group();
            if (g != null && groups.contains(g)) {
                return m;
            }
        }
        return null;
    }

    /** Looks for a message in a joined group, and keeps it for the receive that follows (as libzmq's dish does). */
    @Override
    protected boolean xhasIn() {
        if (prefetched == null) {
            prefetched = xrecv();
        }
        return prefetched != null;
    }

    /** Joins and leaves can be made at any time (libzmq's dish is always writable). */
    @Override
    protected boolean xhasOut() {
        return true;
    }

    @Override
    protected void xreadActivated(Pipe pipe) {
        fq.activated(pipe);
    }

    @Override
    protected void xwriteActivated(Pipe pipe) {
    }
}
