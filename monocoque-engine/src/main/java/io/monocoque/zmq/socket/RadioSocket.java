package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.internal.MessageAccess;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.Distributor;
import io.monocoque.zmq.routing.GroupTable;
import io.monocoque.zmq.wire.GroupFrames;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RADIO (RFC 48): sends each single-frame message to the DISH peers that joined its group
 * (exact match), dropping (and counting) it for a peer at its high-water mark, or with
 * xpub-nodrop waiting for room, as libzmq's radio does. A message without a group is in the
 * empty group, as in libzmq. Whatever else a peer sends it is discarded.
 */
final class RadioSocket extends SocketBase {

    private final GroupTable<Pipe> groups = new GroupTable<>();
    private final Distributor distributor = new Distributor(wakeups);
    /** Peers that take every message (udp://: the DISH at the other end filters), as libzmq's radio keeps them. */
    private final List<Pipe> everything = new ArrayList<>();
    private boolean lossless;

    RadioSocket(EngineContext context) {
        super(SocketType.RADIO, context);
    }

    @Override
    protected void xoptionChanged(SocketOption<?> option) {
        lossless = getOption(SocketOption.XPUB_NODROP);
    }

    @Override
    protected void xattach(Pipe pipe) {
        distributor.attach(pipe);
        if (pipe.isSubscribedToAll()) {
            everything.add(pipe);
        }
    }

    @Override
    protected void xterminated(Pipe pipe) {
        groups.removeAll(pipe);
        everything.remove(pipe);
        distributor.terminated(pipe);
    }

    @Override
    protected boolean xsend(ZmqMessage message) {
        if (message.size() != 1) {
            throw new ZmqException(ZmqError.EINVAL, name() + ": a RADIO message is a single frame, not " + message.size());
        }
        String group = message.group();
        if (group == null) {
            group = "";
            message = message.withGroup(group);
        }
        groups.match(group, distributor::match);
        for (int i = 0; i < everything.size(); i++) {
            distributor.match(everything.get(i));
        }
        if (lossless && !distributor.matchedHaveRoom()) {
            distributor.unmatch();
            return false;
        }
        int dropped = distributor.sendToMatched(message);
        if (dropped > 0) {
            droppedMessages.addAndGet(dropped);
        }
        return true;
    }

    @Override
    protected ZmqMessage xrecv() {
        throw Unsupported.receive(this);
    }

    /** Joins and leaves from a DISH; anything else a peer sends a RADIO is discarded (RFC 48). */
    @Override
    protected void xreadActivated(Pipe pipe) {
        ZmqMessage m;
        while ((m = pipe.read()) != null) {
            if (m.size() != 1) {
                continue;
            }
            byte[] f = MessageAccess.frame(m, 0);
            if (f.length == 0 || (f[0] != GroupFrames.JOIN && f[0] != GroupFrames.LEAVE)) {
                continue;
            }
            String group = new String(f, 1, f.length - 1, StandardCharsets.UTF_8);
            if (f[0] == GroupFrames.JOIN) {
                groups.join(group, pipe);
            } else {
                groups.leave(group, pipe);
            }
        }
        wakeups.afterRead(pipe);
    }

    @Override
    protected boolean xhasIn() {
        return false;
    }

    /** Always writable: a peer at its high-water mark loses the message (counted), nobody waits. */
    @Override
    protected boolean xhasOut() {
        return true;
    }

    @Override
    protected void xwriteActivated(Pipe pipe) {
        // A lossless send waiting for room retries on the state change this brings.
    }
}
