package io.monocoque.spring.listener;

import io.monocoque.spring.core.ZmqConfigurationException;
import io.monocoque.spring.core.ZmqEndpoints;
import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqSocket;

import java.util.List;
import java.util.function.Supplier;

/**
 * Where a listener container's socket comes from: a socket bean it borrows while running, or a
 * socket it declares itself, creates on start and closes on stop.
 */
abstract class ListenerSocket {

    protected final String listenerDescription;
    protected final List<String> topics;
    protected final List<String> groups;

    private ListenerSocket(String listenerDescription, List<String> topics, List<String> groups) {
        this.listenerDescription = listenerDescription;
        this.topics = topics;
        this.groups = groups;
    }

    /**
     * The socket bean {@code name}, with {@code topics} subscribed (sub, xsub) or {@code groups}
     * joined (dish) while the listener runs.
     */
    static ListenerSocket named(String listenerDescription, String name, Supplier<ZmqSocket> lookup, List<String> topics,
            List<String> groups) {
        return new Named(listenerDescription, name, lookup, topics, groups);
    }

    /** A socket of its own, created on start, bound and connected, and closed on stop. */
    static ListenerSocket inline(String listenerDescription, String name, SocketType type, List<String> bind, List<String> connect,
            List<String> topics, List<String> groups, ZmqSocketFactory factory) {
        return new Inline(listenerDescription, name, type, bind, connect, topics, groups, factory);
    }

    /** Refuses topics on a dish and groups on anything but a dish, naming what to use instead. */
    void checkTopicsAndGroups(SocketType type, String socket) {
        if (!topics.isEmpty() && type == SocketType.DISH) {
            throw new ZmqConfigurationException("@ZmqListener(topics)", topics, listenerDescription + " subscribes to topics on "
                    + socket + ", a DISH socket, which joins groups instead", "Use groups = {...} (exact group names, not prefixes).");
        }
        if (!groups.isEmpty() && type != SocketType.DISH) {
            throw new ZmqConfigurationException("@ZmqListener(groups)", groups, listenerDescription + " joins groups on " + socket + ", a "
                    + type + " socket; only a DISH joins groups", type.isSubscriber() ? "Use topics = {...} on a " + type + " socket."
                            : "Remove 'groups', or listen on a dish socket.");
        }
        for (String group : groups) {
            String problem = io.monocoque.spring.core.Groups.problem(group);
            if (problem != null) {
                throw new ZmqConfigurationException("@ZmqListener(groups)", group, listenerDescription + " cannot join group '" + group
                        + "': " + problem, "Give groups of at most " + io.monocoque.zmq.ZmqMessage.MAX_GROUP_LENGTH
                                + " bytes of UTF-8 without a zero character.");
            }
        }
    }

    abstract String name();

    /** Makes the socket ready for {@code concurrency} receiving threads and returns it. */
    abstract ZmqSocket open(int concurrency);

    /** The socket's type before it is opened, or {@code null} when only opening tells (a socket bean). */
    abstract SocketType declaredType();

    /**
     * The receiving threads for {@code concurrency}: a REP socket serves one request at a time,
     * so a concurrency that is only the default gives it one thread, named and inline alike.
     */
    int threads(int concurrency, boolean explicit) {
        SocketType type = declaredType();
        return !explicit && concurrency > 1 && type == SocketType.REP ? 1 : concurrency;
    }

    /** Gives the socket back (or closes it, when it is the listener's own). */
    abstract void close();

    /** Whether the socket is the listener's own, closed with it (so what is queued in it is lost then). */
    abstract boolean owned();

    /** The type the listener sees: REP for a REP listener that runs on a router underneath. */
    abstract SocketType presentedType();

    /** Whether a router stands in for a REP socket. */
    abstract boolean emulatesRep();

    static void checkReceives(SocketType type, String source, Object value, String listenerDescription) {
        // A REQ receives only the reply to what it sent: there is nothing to listen for.
        if (!type.canReceive() || type == SocketType.REQ) {
            throw new ZmqConfigurationException(source, value, listenerDescription + " would receive on a " + type
                    + " socket, which " + (type == SocketType.REQ ? "receives only replies to what it sent" : "only sends"),
                    "Listen on a socket type that receives requests or messages (" + receivingTypes() + "); "
                            + "send with ZmqTemplate instead.");
        }
    }

    /** The types a listener can receive on, as configuration names. */
    static String receivingTypes() {
        return java.util.Arrays.stream(SocketType.values()).filter(t -> t.canReceive() && t != SocketType.REQ)
                .map(t -> t.name().toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.joining(", "));
    }

    private static final class Named extends ListenerSocket {

        private final String name;
        private final Supplier<ZmqSocket> lookup;
        private ZmqSocket socket;
        /** The groups this listener joined (not those the socket had joined already), left on close. */
        private final List<String> joined = new java.util.ArrayList<>();

        Named(String listenerDescription, String name, Supplier<ZmqSocket> lookup, List<String> topics, List<String> groups) {
            super(listenerDescription, topics, groups);
            this.name = name;
            this.lookup = lookup;
        }

        @Override
        String name() {
            return name;
        }

        @Override
        ZmqSocket open(int concurrency) {
            ZmqSocket s = lookup.get();
            checkReceives(s.type(), "@ZmqListener(socket)", name, listenerDescription);
            if (s.type() == SocketType.REP && concurrency > 1) {
                throw new ZmqConfigurationException("@ZmqListener(concurrency)", concurrency, listenerDescription
                        + " asks for " + concurrency + " threads on socket '" + name + "', a REP socket, which handles one request at a time",
                        "Set monocoque.sockets." + name + ".type to router: a @ZmqListener on a router socket replies with the request's "
                                + "envelope, so REQ clients see no difference and requests are served in parallel. Or set the concurrency to 1.");
            }
            checkTopicsAndGroups(s.type(), "'" + name + "'");
            joined.clear();
            for (String group : groups) {
                try {
                    s.join(group);
                    joined.add(group);
                } catch (ZmqException e) {
                    if (e.error() != io.monocoque.zmq.ZmqError.EINVAL) {
                        throw e;
                    }
                    // a valid group (checked above) that fails with EINVAL is joined already (monocoque.sockets.<name>.groups): it stays
                }
            }
            if (!topics.isEmpty()) {
                if (!s.type().isSubscriber()) {
                    throw new ZmqConfigurationException("@ZmqListener(topics)", topics, listenerDescription + " subscribes to topics on '"
                            + name + "', a " + s.type() + " socket", "Remove 'topics', or listen on a sub or xsub socket.");
                }
                topics.forEach(s::subscribe);
            }
            socket = s;
            return s;
        }

        @Override
        void close() {
            ZmqSocket s = socket;
            socket = null;
            if (s != null && !s.isClosed()) {
                try {
                    topics.forEach(s::unsubscribe);
                    joined.forEach(s::leave);
                } catch (ZmqException e) {
                    // closed meanwhile: its subscriptions and groups went with it
                }
            }
        }

        @Override
        boolean owned() {
            return false;
        }

        @Override
        SocketType declaredType() {
            return lookup.get().type();
        }

        @Override
        SocketType presentedType() {
            return socket == null ? null : socket.type();
        }

        @Override
        boolean emulatesRep() {
            return false;
        }
    }

    private static final class Inline extends ListenerSocket {

        private final String name;
        private final SocketType type;
        private final List<String> bind;
        private final List<String> connect;
        private final ZmqSocketFactory factory;
        private ZmqSocket socket;
        private boolean emulatesRep;

        Inline(String listenerDescription, String name, SocketType type, List<String> bind, List<String> connect, List<String> topics,
                List<String> groups, ZmqSocketFactory factory) {
            super(listenerDescription, topics, groups);
            this.name = name;
            this.type = type;
            this.bind = bind;
            this.connect = connect;
            this.factory = factory;
        }

        @Override
        String name() {
            return name;
        }

        @Override
        ZmqSocket open(int concurrency) {
            checkReceives(type, "@ZmqListener(type)", type, listenerDescription);
            checkTopicsAndGroups(type, "a declared socket");
            if (type == SocketType.DISH && groups.isEmpty()) {
                throw new ZmqConfigurationException("@ZmqListener(groups)", groups, listenerDescription + " declares a DISH socket that "
                        + "joins no group, so it would receive nothing", "Add groups = {\"...\"}: the exact groups to receive.");
            }
            // REP takes one request at a time; a router speaks the same wire protocol to REQ
            // and DEALER peers and lets every thread hold a request of its own.
            emulatesRep = type == SocketType.REP && concurrency > 1;
            ZmqSocket s = factory.createSocket(name, emulatesRep ? SocketType.ROUTER : type);
            try {
                if (type.isSubscriber()) {
                    if (topics.isEmpty()) {
                        s.subscribe("");
                    } else {
                        topics.forEach(s::subscribe);
                    }
                } else if (!topics.isEmpty()) {
                    throw new ZmqConfigurationException("@ZmqListener(topics)", topics, listenerDescription
                            + " subscribes to topics on a " + type + " socket", "Remove 'topics', or use type = SUB.");
                }
                groups.stream().distinct().forEach(s::join);
                for (int i = 0; i < bind.size(); i++) {
                    attach(s, bind.get(i), true, i);
                }
                for (int i = 0; i < connect.size(); i++) {
                    attach(s, connect.get(i), false, i);
                }
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
            socket = s;
            return s;
        }

        private void attach(ZmqSocket s, String endpoint, boolean bind, int index) {
            String attribute = "@ZmqListener(" + (bind ? "bind" : "connect") + ")[" + index + "]";
            try {
                if (bind) {
                    s.bind(endpoint);
                } else {
                    s.connect(endpoint);
                }
            } catch (ZmqException e) {
                throw new ZmqConfigurationException(attribute, endpoint, listenerDescription + " cannot "
                        + (bind ? "bind" : "connect") + ": " + e.getMessage(), ZmqEndpoints.advice(e, attribute), e);
            }
        }

        @Override
        void close() {
            ZmqSocket s = socket;
            socket = null;
            if (s != null) {
                s.close();
            }
        }

        @Override
        boolean owned() {
            return true;
        }

        @Override
        SocketType declaredType() {
            return type;
        }

        @Override
        SocketType presentedType() {
            return type;
        }

        @Override
        boolean emulatesRep() {
            return emulatesRep;
        }
    }
}
