package io.monocoque.spring.test;

import io.monocoque.test.PeerTypes;
import io.monocoque.test.ZmqTestPeer;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.BeanFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * The endpoints {@link LocalZmqEndpoints} gave an application's sockets, resolved, and test peers
 * for them. One per application context (a bean named {@value #BEAN_NAME}); it closes what it
 * opened when the context closes.
 */
public final class ZmqTestEndpoints implements AutoCloseable {

    /** The bean name. */
    public static final String BEAN_NAME = "zmqTestEndpoints";

    private final ZmqTestTransport transport;

    private final BeanFactory beanFactory;

    private final Map<String, Declared> sockets = new LinkedHashMap<>();

    /** Peers of connecting sockets, bound before the application started (TCP) or on first use (inproc). */
    private final Map<String, ZmqTestPeer> connectPeers = new LinkedHashMap<>();

    private final List<ZmqTestPeer> peers = new ArrayList<>();

    private ZmqContext peerContext;

    private boolean closed;

    ZmqTestEndpoints(ZmqTestTransport transport, BeanFactory beanFactory) {
        this.transport = transport;
        this.beanFactory = beanFactory;
    }

    /** Where the endpoints went. */
    public ZmqTestTransport transport() {
        return transport;
    }

    /** The names of the configured sockets ({@code monocoque.sockets.<name>}). */
    public List<String> sockets() {
        synchronized (this) {
            return List.copyOf(sockets.keySet());
        }
    }

    /**
     * Every endpoint of the socket {@code name}, resolved: the ports its binds got, then the
     * test peer endpoints it connects to.
     */
    public List<String> endpoints(String name) {
        Declared declared = declared(name);
        List<String> endpoints = new ArrayList<>();
        if (declared.binds()) {
            for (String endpoint : applicationSocket(name).endpoints()) {
                if (!declared.connects().contains(endpoint)) {
                    endpoints.add(endpoint);
                }
            }
        }
        endpoints.addAll(declared.connects());
        return endpoints;
    }

    /** The first endpoint of the socket {@code name}: the one to reach it on, or that its peer waits on. */
    public String endpoint(String name) {
        List<String> endpoints = endpoints(name);
        if (endpoints.isEmpty()) {
            throw new IllegalStateException("monocoque.sockets." + name + " has no endpoint: it neither binds nor connects");
        }
        return endpoints.get(0);
    }

    /**
     * A test peer for the socket {@code name}, of the type that pairs with it (a PUSH for a PULL,
     * a REQ for a REP, a SUB subscribed to everything for a PUB...; see {@link PeerTypes}).
     *
     * <p>For a socket that binds, each call gives a new peer connected to it; close it when done
     * (what is left open closes with the context). For a socket that connects, the peer is the
     * one waiting at its endpoint: the same each call, living as long as the context, and
     * {@code close()} on it leaves it open.
     */
    public ZmqTestPeer peer(String name) {
        return peer(name, PeerTypes.peerOf(declared(name).type()));
    }

    /** A test peer of {@code type} for the socket {@code name}; see {@link #peer(String)}. */
    public ZmqTestPeer peer(String name, SocketType type) {
        Declared declared = declared(name);
        if (!declared.binds()) {
            return connectPeer(name, type);
        }
        ZmqTestPeer peer = connected(name, type);
        return type == SocketType.SUB ? peer.subscribe("") : peer;
    }

    /**
     * A new SUB peer of the PUB or XPUB socket {@code name} (which binds), subscribed to
     * {@code topics} only. A publisher drops what it sends before a subscription reaches it, so
     * the first messages may not arrive: wait for one before counting.
     */
    public ZmqTestPeer subscriber(String name, String... topics) {
        if (!declared(name).binds()) {
            throw new IllegalStateException("monocoque.sockets." + name + " connects: its one peer is peer(\"" + name + "\")");
        }
        return connected(name, SocketType.SUB).subscribe(topics);
    }

    /**
     * A new DISH peer of the RADIO socket {@code name} (which binds), joined to {@code groups}. A
     * radio sends a group only to a dish whose join has reached it, so the first messages may
     * not arrive: wait for one before counting.
     */
    public ZmqTestPeer dish(String name, String... groups) {
        if (!declared(name).binds()) {
            throw new IllegalStateException("monocoque.sockets." + name + " connects: its one peer is peer(\"" + name + "\")");
        }
        return connected(name, SocketType.DISH).join(groups);
    }

    private ZmqTestPeer connected(String name, SocketType type) {
        ZmqContext context = transport == ZmqTestTransport.INPROC ? beanFactory.getBean(ZmqContext.class) : peerContext();
        ZmqTestPeer peer = withApplicationJson(ZmqTestPeer.connect(context, type, endpoint(name)));
        synchronized (this) {
            peers.add(peer);
        }
        return peer;
    }

    private ZmqTestPeer connectPeer(String name, SocketType type) {
        synchronized (this) {
            ZmqTestPeer peer = connectPeers.get(name);
            if (peer == null) {
                // inproc: bound in the application's context now; what the application sent
                // before waited at the names (inproc queues for a bind that comes later)
                List<String> names = declared(name).connects();
                peer = ZmqTestPeer.bind(beanFactory.getBean(ZmqContext.class), type, names.get(0));
                if (type == SocketType.SUB) {
                    peer.subscribe("");
                }
                for (String more : names.subList(1, names.size())) {
                    peer.socket().bind(more);
                }
                connectPeers.put(name, peer);
            }
            if (peer.type() != type) {
                throw new IllegalArgumentException("the peer of monocoque.sockets." + name + " is a " + peer.type() + " socket, not " + type
                        + ": a connecting socket has one peer, bound before the application started");
            }
            return withApplicationJson(peer).keptOpen();
        }
    }

    private ZmqTestPeer withApplicationJson(ZmqTestPeer peer) {
        JsonMapper mapper = beanFactory.getBeanProvider(JsonMapper.class).getIfUnique();
        return mapper == null ? peer : peer.withJsonMapper(mapper);
    }

    private Declared declared(String name) {
        synchronized (this) {
            Declared declared = sockets.get(name);
            if (declared == null) {
                throw new IllegalArgumentException("no socket monocoque.sockets." + name + "; configured: " + sockets.keySet());
            }
            return declared;
        }
    }

    private ZmqSocket applicationSocket(String name) {
        return beanFactory.getBean(name, ZmqSocket.class);
    }

    private synchronized ZmqContext peerContext() {
        if (closed) {
            throw new IllegalStateException("the application context of these endpoints is closed");
        }
        if (peerContext == null) {
            peerContext = ZmqContext.create();
        }
        return peerContext;
    }

    /** Binds the TCP peer a connecting socket will find, before the application starts, and returns its endpoint. */
    synchronized String bindConnectPeer(String name, SocketType socketType) {
        ZmqTestPeer peer = connectPeers.get(name);
        if (peer != null) { // a socket that connects to several endpoints meets the one peer at each
            peer.socket().bind("tcp://127.0.0.1:*");
            return peer.socket().lastEndpoint();
        }
        peer = ZmqTestPeer.bind(peerContext(), PeerTypes.peerOf(socketType), "tcp://127.0.0.1:*");
        if (peer.type() == SocketType.SUB) {
            peer.subscribe("");
        }
        connectPeers.put(name, peer);
        return peer.endpoint();
    }

    synchronized void declare(String name, SocketType type, boolean binds, List<String> connects) {
        sockets.put(name, new Declared(type, binds, List.copyOf(connects)));
    }

    /** Closes every peer this made, and their context. */
    @Override
    public void close() {
        List<ZmqTestPeer> toClose;
        ZmqContext context;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(peers);
            toClose.addAll(connectPeers.values());
            peers.clear();
            connectPeers.clear();
            context = peerContext;
            peerContext = null;
        }
        toClose.forEach(ZmqTestPeer::close);
        if (context != null) {
            context.close();
        }
    }

    private record Declared(SocketType type, boolean binds, List<String> connects) {
    }
}
