package io.monocoque.zmq.routing;

import io.monocoque.zmq.pipe.Pipe;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which peer has which routing id, for sockets that address peers by it (ROUTER; STREAM, SERVER
 * and PEER are built the same way): each peer's id is the one it announced, one the socket was
 * told to give it, or one generated here (a zero byte and a 32-bit counter, as libzmq makes
 * them, so a generated id never clashes with an announced one, which may not start with zero).
 *
 * <p>SERVER and PEER number their peers instead ({@link #addNumbered}): a nonzero unsigned
 * 32-bit routing id per peer, counted up from a random start as libzmq's {@code server_t} does.
 * Those maps are made on first use, so a ROUTER's table holds no more than it did.
 *
 * <p>A peer that is gone keeps its id for the messages it sent before, which are still to be
 * read, but the id is free for the next peer at once.
 */
public final class IdentityTable {

    private final Map<ByteBuffer, Pipe> routes = new HashMap<>();
    private final Map<Pipe, byte[]> ids = new IdentityHashMap<>();
    /** Peers that are gone but whose messages are still being read: they keep their id until then. */
    private final Set<Pipe> leaving = Collections.newSetFromMap(new IdentityHashMap<>());
    private int nextGenerated = ThreadLocalRandom.current().nextInt();
    /** SERVER and PEER: numeric routing id to peer, and back; null until the first is numbered. */
    private Map<Integer, Pipe> numberedRoutes;
    private Map<Pipe, Integer> numbers;
    private int nextNumber;

    /** Whether {@code pipe} has an id. */
    public boolean contains(Pipe pipe) {
        return ids.containsKey(pipe);
    }

    /** The peer with routing id {@code id}, or {@code null}. */
    public Pipe pipe(byte[] id) {
        return routes.get(ByteBuffer.wrap(id));
    }

    /** Whether a peer has routing id {@code id}. */
    public boolean inUse(byte[] id) {
        return routes.containsKey(ByteBuffer.wrap(id));
    }

    /** Gives {@code pipe} the routing id {@code id}, which must not be in use. */
    public void add(Pipe pipe, byte[] id) {
        routes.put(ByteBuffer.wrap(id), pipe);
        ids.put(pipe, id);
    }

    /** Gives {@code pipe} a new generated routing id and returns it. */
    public byte[] addGenerated(Pipe pipe) {
        byte[] id = generate();
        add(pipe, id);
        return id;
    }

    /**
     * Takes routing id {@code id} away from the peer that has it, giving that peer a generated
     * one instead (its messages still to be read then carry that), so that a newcomer can have
     * it: ROUTER_HANDOVER. Returns the peer that lost it, or {@code null} if none had it.
     */
    public Pipe takeAway(byte[] id) {
        Pipe old = routes.remove(ByteBuffer.wrap(id));
        if (old != null) {
            addGenerated(old);
        }
        return old;
    }

    /**
     * The routing id of the peer a message was just read from. A peer that is gone is
     * forgotten once everything it sent has been read.
     */
    public byte[] idOfSender(Pipe pipe) {
        byte[] id = ids.get(pipe);
        if (!leaving.isEmpty() && leaving.contains(pipe) && !pipe.hasMessage()) {
            leaving.remove(pipe);
            ids.remove(pipe);
        }
        return id;
    }

    /**
     * Whether some peer with an id can take a message now; a full one is marked on the way, as a
     * write would mark it, so that it wakes its socket once it has room.
     */
    public boolean anyHasRoom() {
        for (Pipe p : routes.values()) {
            if (p.checkWrite()) {
                return true;
            }
        }
        return false;
    }

    /** The routing id of {@code pipe}, or {@code null}. */
    public byte[] id(Pipe pipe) {
        return ids.get(pipe);
    }

    /**
     * Gives {@code pipe} the next numeric routing id (SERVER, PEER): nonzero, not in use, counted
     * up from a random start (libzmq's {@code server_t}). Returns it, as an unsigned 32-bit value.
     */
    public int addNumbered(Pipe pipe) {
        if (numberedRoutes == null) {
            numberedRoutes = new HashMap<>();
            numbers = new IdentityHashMap<>();
            nextNumber = ThreadLocalRandom.current().nextInt();
        }
        int id;
        do {
            id = nextNumber++;
        } while (id == 0 || numberedRoutes.containsKey(id));
        numberedRoutes.put(id, pipe);
        numbers.put(pipe, id);
        return id;
    }

    /** The peer with numeric routing id {@code id}, or {@code null} (always for 0). */
    public Pipe pipe(int id) {
        return numberedRoutes == null ? null : numberedRoutes.get(id);
    }

    /** The numeric routing id of {@code pipe}, or 0 when it has none. */
    public int number(Pipe pipe) {
        Integer n = numbers == null ? null : numbers.get(pipe);
        return n == null ? 0 : n;
    }

    /**
     * The numeric routing id of the peer a message was just read from (as {@link #idOfSender}
     * for byte ids): a peer that is gone is forgotten once everything it sent has been read.
     */
    public int numberOfSender(Pipe pipe) {
        int n = number(pipe);
        if (!leaving.isEmpty() && leaving.contains(pipe) && !pipe.hasMessage()) {
            leaving.remove(pipe);
            numbers.remove(pipe);
        }
        return n;
    }

    /**
     * The peer is gone: its id is free for others at once; it keeps it, for the messages it sent
     * that are still to be read, until {@link #idOfSender} has read the last.
     */
    public void remove(Pipe pipe) {
        byte[] id = ids.get(pipe);
        if (id == null) {
            if (numbers != null) {
                removeNumbered(pipe);
            }
            return;
        }
        routes.remove(ByteBuffer.wrap(id), pipe);
        if (pipe.hasMessage()) {
            leaving.add(pipe);
        } else {
            ids.remove(pipe);
        }
    }

    private void removeNumbered(Pipe pipe) {
        Integer n = numbers.get(pipe);
        if (n == null) {
            return;
        }
        numberedRoutes.remove(n, pipe);
        if (pipe.hasMessage()) {
            leaving.add(pipe);
        } else {
            numbers.remove(pipe);
        }
    }

    private byte[] generate() {
        byte[] id;
        do {
            int n = nextGenerated++;
            id = new byte[] {0, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
        } while (routes.containsKey(ByteBuffer.wrap(id)));
        return id;
    }
}
