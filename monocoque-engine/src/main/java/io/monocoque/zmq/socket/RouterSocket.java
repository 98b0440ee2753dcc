package io.monocoque.zmq.socket;

import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqError;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.internal.MessageAccess;
import io.monocoque.zmq.pipe.Pipe;
import io.monocoque.zmq.routing.FairQueue;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ROUTER: fair-queues messages and prefixes each with the routing id of the peer it came from;
 * sends each message to the peer named by its first frame. Peers are known by the routing id
 * they announced, or by a generated 5-byte id (a zero byte and a 32-bit counter, as libzmq
 * makes them).
 */
final class RouterSocket extends SocketBase {

    private final FairQueue fq = new FairQueue(wakeups);
    private final Map<ByteBuffer, Pipe> routes = new HashMap<>();
    private int nextGeneratedId = ThreadLocalRandom.current().nextInt();

    RouterSocket(EngineContext context) {
        super(SocketType.ROUTER, context);
    }

    @Override
    protected void xattach(Pipe pipe) {
        // Routable only once the handshake has told us its routing id (xpipeReady).
    }

    @Override
    protected boolean xpipeReady(Pipe pipe) {
        if (pipe.socketData != null) {
            return true; // a reconnect of a pipe we already route to keeps its id
        }
        byte[] announced = pipe.routingId();
        byte[] id;
        if (announced != null && announced.length > 0) {
            if (routes.containsKey(ByteBuffer.wrap(announced))) {
                return false; // libzmq (without ROUTER_HANDOVER) refuses the newcomer
            }
            id = announced;
        } else {
            do {
                int n = nextGeneratedId++;
                id = new byte[] {0, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
            } while (routes.containsKey(ByteBuffer.wrap(id)));
        }
        pipe.socketData = id;
        routes.put(ByteBuffer.wrap(id), pipe);
        fq.attach(pipe);
        return true;
    }

    @Override
    protected void xterminated(Pipe pipe) {
        byte[] id = (byte[]) pipe.socketData;
        if (id != null) {
            routes.remove(ByteBuffer.wrap(id), pipe);
        }
        fq.terminated(pipe);
    }

    @Override
    protected boolean xsend(ZmqMessage message) {
        if (message.size() < 2) {
            throw new ZmqException(ZmqError.EINVAL, name() + ": a ROUTER message needs a routing-id frame and at least one more frame");
        }
        Pipe p = routes.get(ByteBuffer.wrap(MessageAccess.frame(message, 0)));
        boolean mandatory = getOption(SocketOption.ROUTER_MANDATORY);
        if (p == null) {
            if (mandatory) {
                throw new ZmqException(ZmqError.EHOSTUNREACH, name() + ": no peer with routing id " + hex(MessageAccess.frame(message, 0)));
            }
            return true; // unroutable: dropped silently, as libzmq does
        }
        if (!p.checkWrite()) {
            if (mandatory) {
                return false; // EAGAIN: the caller may wait for room
            }
            droppedMessages.incrementAndGet();
            return true;
        }
        p.write(message.dropFirst(1));
        wakeups.afterWrite(p);
        return true;
    }

    private static String hex(byte[] id) {
        StringBuilder sb = new StringBuilder("0x");
        for (byte b : id) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    @Override
    protected ZmqMessage xrecv() {
        ZmqMessage m = fq.recv();
        if (m == null) {
            return null;
        }
        return m.prepend((byte[]) fq.lastPipe().socketData);
    }

    @Override
    protected void xreadActivated(Pipe pipe) {
        fq.activated(pipe);
    }

    @Override
    protected void xwriteActivated(Pipe pipe) {
    }
}
