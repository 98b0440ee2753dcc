package io.monocoque.spring.messaging;

import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.zmq.ZmqSocket;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.Assert;

/**
 * Where a channel, handler or adapter gets its socket: a {@code ZmqSocket} bean (usually one of
 * {@code monocoque.sockets.<name>}) looked up by name, a socket handed over as it is, or a socket
 * declared here (type, bind and connect endpoints, subscriptions) that is created through the
 * application's {@link ZmqSocketFactory} every time it is {@linkplain #open opened} and closed
 * again when it is {@linkplain #close closed}, so that a component can stop and start again.
 *
 * <p>Only a declared socket is owned: bean sockets and handed-over sockets are never closed here.
 */
public final class ZmqSocketSource {

    private final String beanName;
    private final ZmqSocket given;
    private final SocketType type;
    private final List<String> binds = new ArrayList<>();
    private final List<String> connects = new ArrayList<>();
    private final List<String> subscriptions = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();
    /** The groups this source joined on the open socket (a bean socket keeps those it had joined itself). */
    private final List<String> joinedHere = new ArrayList<>();
    private final List<Consumer<ZmqSocket>> customizers = new ArrayList<>();
    private String name;
    private boolean named;
    private ZmqSocketFactory socketFactory;
    private ZmqContext context;

    private volatile ZmqSocket current;
    /** A socket made from a bean socket's definition by {@link #renew}, owned here; guarded by this. */
    private ZmqSocket replacement;
    /** The bean factory a bean socket was looked up in, to put it back in place of a replacement. */
    private BeanFactory lookedUpIn;

    private ZmqSocketSource(String beanName, ZmqSocket given, SocketType type) {
        this.beanName = beanName;
        this.given = given;
        this.type = type;
        this.name = beanName != null ? beanName : type != null ? type.name().toLowerCase() : "socket";
    }

    /** The {@code ZmqSocket} bean named {@code beanName} (e.g. {@code monocoque.sockets.<beanName>}). */
    public static ZmqSocketSource bean(String beanName) {
        Assert.hasText(beanName, "a socket bean name is required");
        return new ZmqSocketSource(beanName, null, null);
    }

    /** A socket the caller created, bound and connected (and closes). */
    public static ZmqSocketSource of(ZmqSocket socket) {
        Assert.notNull(socket, "socket is required");
        return new ZmqSocketSource(null, socket, null);
    }

    /** A socket of type {@code type} created on every {@link #open}: add endpoints with {@link #bind} and {@link #connect}. */
    public static ZmqSocketSource declare(SocketType type) {
        Assert.notNull(type, "type is required");
        return new ZmqSocketSource(null, null, type);
    }

    /** Adds an endpoint a declared socket binds to (wildcard ports allowed: see {@link #endpoints()}). */
    public ZmqSocketSource bind(String... endpoints) {
        assertDeclared("bind");
        binds.addAll(List.of(endpoints));
        return this;
    }

    /** Adds an endpoint a declared socket connects to. */
    public ZmqSocketSource connect(String... endpoints) {
        assertDeclared("connect");
        connects.addAll(List.of(endpoints));
        return this;
    }

    /**
     * Topic prefixes a SUB or XSUB socket subscribes to when opened ({@code ""} for everything);
     * for a bean socket they are added to its own subscriptions. When the socket is open already,
     * it subscribes at once.
     */
    public synchronized ZmqSocketSource subscribe(String... topics) {
        for (String topic : topics) {
            Assert.notNull(topic, "a topic must not be null (\"\" subscribes to everything)");
            subscriptions.add(topic);
            ZmqSocket s = current;
            if (s != null && !s.isClosed() && subscribes(s)) {
                s.subscribe(topic);
            }
        }
        return this;
    }

    /** Takes back topic prefixes added by {@link #subscribe}, on the open socket too. */
    public synchronized ZmqSocketSource unsubscribe(String... topics) {
        for (String topic : topics) {
            if (subscriptions.remove(topic)) {
                ZmqSocket s = current;
                if (s != null && !s.isClosed() && subscribes(s)) {
                    s.unsubscribe(topic);
                }
            }
        }
        return this;
    }

    /**
     * Groups a DISH socket joins when opened (RADIO/DISH: exact names); a bean socket leaves
     * them again on {@link #close}, keeping the groups it had joined itself.
     */
    public synchronized ZmqSocketSource join(String... groups) {
        for (String group : groups) {
            String problem = io.monocoque.spring.core.Groups.problem(group);
            Assert.isTrue(problem == null, () -> "cannot join group '" + group + "': " + problem);
            if (!this.groups.contains(group)) {
                this.groups.add(group);
            }
        }
        ZmqSocket s = current;
        if (s != null && !s.isClosed()) {
            joinGroups(s);
        }
        return this;
    }

    /** The groups added by {@link #join}. */
    public synchronized List<String> getGroups() {
        return List.copyOf(groups);
    }

    private void joinGroups(ZmqSocket s) {
        if (s.type() != io.monocoque.zmq.SocketType.DISH) {
            Assert.state(groups.isEmpty(), () -> "groups " + groups + " are joined by a DISH socket only; " + this + " is " + s.type());
            return;
        }
        for (String group : groups) {
            if (joinedHere.contains(group)) {
                continue;
            }
            try {
                s.join(group);
                joinedHere.add(group);
            } catch (io.monocoque.zmq.ZmqException e) {
                if (e.error() != io.monocoque.zmq.ZmqError.EINVAL) {
                    throw e;
                }
                // a valid group that fails with EINVAL was joined already (the bean's own groups): it stays joined
            }
        }
    }

    private void leaveGroups(ZmqSocket s) {
        try {
            joinedHere.forEach(s::leave);
        } catch (io.monocoque.zmq.ZmqException e) {
            // closed meanwhile: the groups went with it
        }
        joinedHere.clear();
    }

    /** The topic prefixes added by {@link #subscribe}. */
    public synchronized List<String> getSubscriptions() {
        return List.copyOf(subscriptions);
    }

    private static boolean subscribes(ZmqSocket s) {
        return s.type().isSubscriber();
    }

    /** Options or other set-up applied to a declared socket before it binds and connects. */
    public ZmqSocketSource customize(Consumer<ZmqSocket> customizer) {
        assertDeclared("customize");
        customizers.add(customizer);
        return this;
    }

    /**
     * The name a declared socket has for the socket factory's customizers, in metrics and health
     * (the {@code socket} tag) and in logs. Default: the name of the component using it.
     */
    public ZmqSocketSource name(String name) {
        Assert.hasText(name, "name must not be empty");
        this.name = name;
        this.named = true;
        return this;
    }

    /**
     * Names a declared or handed-over socket after the component that uses it ({@code name}),
     * unless it was {@linkplain #name named} already; a bean socket keeps its bean name.
     */
    public ZmqSocketSource defaultName(String name) {
        if (!named && beanName == null && name != null && !name.isEmpty()) {
            this.name = name;
        }
        return this;
    }

    /** The factory declared sockets are created with (default: the application's {@link ZmqSocketFactory} bean). */
    public ZmqSocketSource socketFactory(ZmqSocketFactory socketFactory) {
        this.socketFactory = socketFactory;
        return this;
    }

    /** Without any {@link ZmqSocketFactory}: declared sockets come plainly from this context. */
    public ZmqSocketSource context(ZmqContext context) {
        this.context = context;
        return this;
    }

    /** The socket's name: the bean name, the name given, or the name of the component using it. */
    public String getName() {
        return name;
    }

    /** Whether the socket is created and closed here (a declared socket). */
    public boolean isOwned() {
        return type != null;
    }

    /** The type of a declared socket, or of the open socket; {@code null} before a bean socket is opened. */
    public SocketType getType() {
        ZmqSocket s = current;
        return s != null ? s.type() : type != null ? type : given != null ? given.type() : null;
    }

    /** The socket, opened if it is not; a declared socket is created, set up, bound and connected. */
    public synchronized ZmqSocket open(BeanFactory beanFactory) {
        ZmqSocket s = current;
        if (s != null && !s.isClosed()) {
            return s;
        }
        if (given != null) {
            s = given;
        } else if (beanName != null) {
            Assert.state(beanFactory != null, () -> "socket bean '" + beanName + "' needs a BeanFactory to be looked up in");
            s = beanFactory.getBean(beanName, ZmqSocket.class);
            lookedUpIn = beanFactory;
        } else {
            s = create(beanFactory);
        }
        if (subscribes(s)) {
            subscriptions.forEach(s::subscribe);
        }
        joinedHere.clear();
        joinGroups(s);
        current = s;
        return s;
    }

    private ZmqSocket create(BeanFactory beanFactory) {
        ZmqSocket s;
        ZmqSocketFactory factory = socketFactory;
        if (factory == null && context == null && beanFactory != null) {
            factory = beanFactory.getBeanProvider(ZmqSocketFactory.class).getIfUnique();
        }
        if (factory != null) {
            s = factory.createSocket(name, type);
        } else {
            ZmqContext ctx = context != null ? context
                    : beanFactory == null ? null : beanFactory.getBeanProvider(ZmqContext.class).getIfUnique();
            Assert.state(ctx != null, () -> "declared " + type + " socket '" + name + "' needs a ZmqSocketFactory or a ZmqContext");
            s = ctx.createSocket(type);
        }
        try {
            customizers.forEach(c -> c.accept(s));
            binds.forEach(s::bind);
            connects.forEach(s::connect);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /**
     * Replaces the open socket by a fresh one made the same way, for a socket whose state cannot
     * be reset otherwise (a REQ socket still waiting for a reply that will not come): a declared
     * socket is closed and created again; for a socket bean from {@code monocoque.sockets.<name>}
     * a new socket is made from the same definition (type, endpoints, options, security,
     * customizers), used from now on and closed by {@link #close}, while the bean itself is left
     * to the application.
     *
     * @return the new socket, or {@code null} when this socket cannot be remade (a handed-over
     *         socket, or a bean not defined under {@code monocoque.sockets})
     */
    public synchronized ZmqSocket renew(BeanFactory beanFactory) {
        if (isOwned()) {
            close();
            return open(beanFactory);
        }
        if (beanName == null) {
            return null;
        }
        lookedUpIn = beanFactory;
        ZmqSocket fresh = ConfiguredSockets.recreate(beanFactory, beanName);
        if (fresh == null) {
            return null;
        }
        ZmqSocket previous = current;
        if (previous != null && previous != replacement && !previous.isClosed() && subscribes(previous)) {
            subscriptions.forEach(previous::unsubscribe);
        }
        if (replacement != null) {
            replacement.close();
        }
        replacement = fresh;
        if (subscribes(fresh)) {
            subscriptions.forEach(fresh::subscribe);
        }
        if (previous != null && previous != replacement && !previous.isClosed()) {
            leaveGroups(previous);
        }
        joinedHere.clear();
        joinGroups(fresh);
        current = fresh;
        return fresh;
    }

    /** The open socket, or {@code null}. */
    public ZmqSocket current() {
        return current;
    }

    /** The endpoints the open socket is bound or connected to, wildcard ports resolved. */
    public List<String> endpoints() {
        ZmqSocket s = current;
        return s == null ? List.of() : s.endpoints();
    }

    /**
     * Closes a declared socket (the next {@link #open} creates a new one) or a socket made by
     * {@link #renew}; undoes subscriptions added to a bean socket.
     */
    public synchronized void close() {
        ZmqSocket s = current;
        current = null;
        if (replacement != null) {
            replacement.close();
            replacement = null;
            try {
                ConfiguredSockets.trackAgain(lookedUpIn, beanName, lookedUpIn.getBean(beanName, ZmqSocket.class));
            } catch (RuntimeException e) {
                // the application is going away with its sockets: nothing to point metrics at
            }
            return;
        }
        if (s == null || s.isClosed()) {
            return;
        }
        if (isOwned()) {
            s.close();
            joinedHere.clear();
        } else {
            if (subscribes(s)) {
                subscriptions.forEach(s::unsubscribe);
            }
            leaveGroups(s);
        }
    }

    private void assertDeclared(String what) {
        Assert.state(type != null, () -> what + " applies to a declared socket only; '" + name + "' is configured elsewhere");
    }

    @Override
    public String toString() {
        return beanName != null ? "socket bean '" + beanName + "'" : given != null ? given.toString()
                : type + " socket '" + name + "' bind=" + binds + " connect=" + connects;
    }
}
