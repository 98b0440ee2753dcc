package io.monocoque.spring.autoconfigure;

import io.monocoque.spring.core.ZmqConfigurationException;
import io.monocoque.spring.core.ZmqEndpoints;
import io.monocoque.spring.core.ZmqSocketFactory;
import io.monocoque.zmq.SocketOption;
import io.monocoque.zmq.SocketType;
import io.monocoque.zmq.ZmqContext;
import io.monocoque.spring.core.Groups;
import io.monocoque.zmq.ZmqException;
import io.monocoque.zmq.ZmqMessage;
import io.monocoque.zmq.ZmqSocket;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues;
import org.springframework.util.unit.DataSize;

/**
 * Creates the application's sockets: those under {@code monocoque.sockets} with their options,
 * and those {@code @ZmqListener}s declare inline; then the {@link ZmqSocketCustomizer}s. Binds
 * and connects configured sockets when the application starts, turning a failure into a
 * {@link ZmqConfigurationException} that names the property.
 */
public class MonocoqueSocketFactory implements ZmqSocketFactory, BeanFactoryAware {

    /** The bean name of the factory that configured socket beans come from. */
    public static final String BEAN_NAME = "zmqSocketFactory";

    private final ZmqContext context;
    private final MonocoqueProperties properties;
    private final List<ZmqSocketCustomizer> customizers;
    private ConfigurableListableBeanFactory beanFactory;

    public MonocoqueSocketFactory(ZmqContext context, MonocoqueProperties properties, List<ZmqSocketCustomizer> customizers) {
        this.context = context;
        this.properties = properties;
        this.customizers = List.copyOf(customizers);
    }

    /**
     * Whether {@code definition} is the socket bean made from {@code monocoque.sockets.<name>},
     * rather than a bean the application declared under that name. Told from what the definition
     * is built of (this factory, the name as its argument), which Spring AOT keeps in the code it
     * generates; bean definition attributes it does not keep.
     */
    public static boolean isConfiguredSocket(BeanDefinition definition, String name) {
        if (!BEAN_NAME.equals(definition.getFactoryBeanName())) {
            return false;
        }
        ConstructorArgumentValues.ValueHolder argument = definition.getConstructorArgumentValues().getIndexedArgumentValue(0, String.class);
        return argument != null && name.equals(argument.getValue());
    }

    /** Where the socket beans are defined: tells a {@code monocoque.sockets} bean from an application bean of the same name. */
    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory instanceof ConfigurableListableBeanFactory bf ? bf : null;
    }

    /** A socket a listener declares inline: the listener linger, then the customizers. */
    @Override
    public ZmqSocket createSocket(String name, SocketType type) {
        ZmqSocket socket = context.createSocket(type);
        socket.setOption(SocketOption.LINGER, properties.getListener().getLinger());
        set(socket, SocketOption.MAX_MESSAGE_SIZE, maxMessageSize(properties.getListener().getMaxMessageSize()), "monocoque.listener",
                "a size such as 1MB, or -1 for no limit");
        customizers.forEach(c -> c.customize(name, socket));
        return socket;
    }

    /**
     * The socket {@code monocoque.sockets.<name>} describes, with its options and subscriptions
     * set and the customizers applied, not yet bound or connected.
     *
     * @throws ZmqConfigurationException for a missing type, no endpoint, a malformed endpoint or
     *                                   an option value the engine refuses
     */
    public ZmqSocket createConfiguredSocket(String name) {
        MonocoqueProperties.Socket definition = definition(name);
        String prefix = prefix(name);
        if (definition.getType() == null) {
            throw new ZmqConfigurationException(prefix + ".type", null, "socket '" + name + "' has no type",
                    "Set " + prefix + ".type to one of " + typeNames() + ".");
        }
        if (definition.getBind().isEmpty() && definition.getConnect().isEmpty()) {
            throw new ZmqConfigurationException(prefix + ".bind", null, "socket '" + name + "' neither binds nor connects",
                    "Set " + prefix + ".bind (to listen, e.g. tcp://*:5555) or " + prefix
                            + ".connect (to reach a peer, e.g. tcp://host:5555), or both.");
        }
        checkEndpoints(prefix + ".bind", definition.getBind(), true);
        checkEndpoints(prefix + ".connect", definition.getConnect(), false);
        ZmqSocket socket = context.createSocket(definition.getType());
        try {
            applyOptions(socket, definition, prefix);
            NamedSocketOptions.apply(socket, definition.getOptions(), prefix);
            ZmqSecurity.apply(name, socket, definition);
            subscribe(socket, definition, prefix);
            join(socket, definition, prefix);
            customizers.forEach(c -> c.customize(name, socket));
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    @Override
    public ZmqSocket recreateConfigured(String name) {
        if (!properties.getSockets().containsKey(name)) {
            return null;
        }
        if (beanFactory != null && beanFactory.containsBeanDefinition(name) && !isConfiguredSocket(beanFactory.getBeanDefinition(name), name)) {
            return null; // the application declared a bean of that name itself, which wins over the definition
        }
        ZmqSocket socket = createConfiguredSocket(name);
        try {
            attach(name, socket);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    /** Binds and connects {@code socket} as {@code monocoque.sockets.<name>} says. */
    public void attach(String name, ZmqSocket socket) {
        MonocoqueProperties.Socket definition = definition(name);
        String prefix = prefix(name);
        for (int i = 0; i < definition.getBind().size(); i++) {
            attach(socket, definition.getBind().get(i), prefix + ".bind[" + i + "]", true);
        }
        for (int i = 0; i < definition.getConnect().size(); i++) {
            if (definition.getConnectRoutingId() != null) {
                // Used up by the connect that follows, as in libzmq; set again on each (re)start.
                set(socket, SocketOption.CONNECT_ROUTING_ID, definition.getConnectRoutingId().getBytes(StandardCharsets.UTF_8),
                        prefix, "1 to 255 bytes of UTF-8 text");
            }
            attach(socket, definition.getConnect().get(i), prefix + ".connect[" + i + "]", false);
        }
    }

    private static void attach(ZmqSocket socket, String endpoint, String property, boolean bind) {
        try {
            if (bind) {
                socket.bind(endpoint);
            } else {
                socket.connect(endpoint);
            }
        } catch (ZmqException e) {
            throw new ZmqConfigurationException(property, endpoint, "cannot " + (bind ? "bind" : "connect") + ": " + e.getMessage()
                    + " (" + e.error() + ")", ZmqEndpoints.advice(e, property), e);
        }
    }

    private MonocoqueProperties.Socket definition(String name) {
        MonocoqueProperties.Socket definition = properties.getSockets().get(name);
        if (definition == null) {
            throw new IllegalArgumentException("no socket '" + name + "' under monocoque.sockets");
        }
        return definition;
    }

    private static String prefix(String name) {
        return "monocoque.sockets." + name;
    }

    private static void checkEndpoints(String property, List<String> endpoints, boolean bind) {
        for (int i = 0; i < endpoints.size(); i++) {
            String problem = ZmqEndpoints.problem(endpoints.get(i), bind);
            if (problem != null) {
                throw new ZmqConfigurationException(property + "[" + i + "]", endpoints.get(i), problem,
                        "Change " + property + "[" + i + "] to one of: " + ZmqEndpoints.FORMS + ".");
            }
        }
    }

    private static void applyOptions(ZmqSocket socket, MonocoqueProperties.Socket d, String prefix) {
        set(socket, SocketOption.SEND_HIGH_WATER_MARK, d.getSendHighWaterMark(), prefix, "a number of messages, 0 or more");
        set(socket, SocketOption.RECEIVE_HIGH_WATER_MARK, d.getReceiveHighWaterMark(), prefix, "a number of messages, 0 or more");
        set(socket, SocketOption.SEND_TIMEOUT, d.getSendTimeout(), prefix, "a duration, negative to wait forever");
        set(socket, SocketOption.RECEIVE_TIMEOUT, d.getReceiveTimeout(), prefix, "a duration, negative to wait forever");
        set(socket, SocketOption.LINGER, d.getLinger(), prefix, "a duration, negative to wait forever");
        set(socket, SocketOption.RECONNECT_INTERVAL, d.getReconnectInterval(), prefix, "a duration; -1ms or 0 never reconnects");
        set(socket, SocketOption.RECONNECT_INTERVAL_MAX, d.getReconnectIntervalMax(), prefix, "a duration of 0 or more");
        set(socket, SocketOption.IMMEDIATE, d.isImmediate(), prefix, "true or false");
        set(socket, SocketOption.HANDSHAKE_INTERVAL, d.getHandshakeInterval(), prefix, "a duration of 0 or more");
        set(socket, SocketOption.MAX_MESSAGE_SIZE, maxMessageSize(d.getMaxMessageSize()), prefix, "a size such as 1MB, or -1 for no limit");
        if (d.getRoutingId() != null) {
            set(socket, SocketOption.ROUTING_ID, d.getRoutingId().getBytes(StandardCharsets.UTF_8), prefix,
                    "1 to 255 bytes of UTF-8 text, not starting with a zero byte");
        }
        set(socket, SocketOption.ROUTER_MANDATORY, d.isRouterMandatory(), prefix, "true or false");
        set(socket, SocketOption.XPUB_VERBOSE, d.isXpubVerbose(), prefix, "true or false");
        // Set only when asked for: each means something on some socket types only.
        if (d.isReqRelaxed()) {
            set(socket, SocketOption.REQ_RELAXED, true, prefix, "true on a req socket");
        }
        if (d.isReqCorrelate()) {
            set(socket, SocketOption.REQ_CORRELATE, true, prefix, "true on a req socket");
        }
        if (d.isRouterHandover()) {
            set(socket, SocketOption.ROUTER_HANDOVER, true, prefix, "true on a router socket");
        }
        if (d.isProbeRouter()) {
            set(socket, SocketOption.PROBE_ROUTER, true, prefix, "true on a router, dealer or req socket");
        }
        applyPubSub(socket, d, prefix);
        applyTcp(socket, d, prefix);
        checkConnectRoutingId(socket, d, prefix);
        applyKeepalive(socket, d, prefix);
        set(socket, SocketOption.TCP_MAX_RETRANSMIT_TIMEOUT, d.getTcpMaxRetransmitTimeout(), prefix,
                "a duration of 0 or more, at most " + Integer.MAX_VALUE + "ms");
        set(socket, SocketOption.CONNECT_TIMEOUT, d.getConnectTimeout(), prefix, "a duration of 0 or more, at most " + Integer.MAX_VALUE + "ms");
        set(socket, SocketOption.HEARTBEAT_INTERVAL, d.getHeartbeatInterval(), prefix, "a duration of 0 or more");
        if (d.getHeartbeatTimeout() != null) {
            set(socket, SocketOption.HEARTBEAT_TIMEOUT, d.getHeartbeatTimeout(), prefix, "a duration");
        }
        set(socket, SocketOption.HEARTBEAT_TTL, d.getHeartbeatTtl(), prefix, "a duration from 0 to 6553.5s");
        if (!d.getMetadata().isEmpty()) {
            set(socket, SocketOption.METADATA, d.getMetadata(), prefix,
                    "names that start with 'X-' and use only letters, digits and - _ . + (at most 255 characters)");
        }
    }

    /**
     * The publish/subscribe options, each set only when asked for: the engine refuses one on a
     * socket type it does not apply to (EINVAL naming the types), which stops start-up at that
     * property.
     */
    private static void applyPubSub(ZmqSocket socket, MonocoqueProperties.Socket d, String prefix) {
        if (d.isConflate()) {
            set(socket, SocketOption.CONFLATE, true, prefix, "true on a pub, sub, dealer, pull or push socket only");
        }
        if (d.isXpubNodrop()) {
            set(socket, SocketOption.XPUB_NODROP, true, prefix, "true on a pub or xpub socket only");
        }
        if (d.isXpubManual()) {
            set(socket, SocketOption.XPUB_MANUAL, true, prefix, "true on an xpub socket only");
        }
        if (d.getXpubWelcomeMsg() != null && !d.getXpubWelcomeMsg().isEmpty()) {
            set(socket, SocketOption.XPUB_WELCOME_MSG, d.getXpubWelcomeMsg().getBytes(StandardCharsets.UTF_8), prefix,
                    "a message on a pub or xpub socket only");
        }
        if (d.isInvertMatching()) {
            set(socket, SocketOption.INVERT_MATCHING, true, prefix, "true on a pub, xpub or sub socket only");
        }
        if (d.isOnlyFirstSubscribe()) {
            set(socket, SocketOption.ONLY_FIRST_SUBSCRIBE, true, prefix, "true on an xpub or xsub socket only");
        }
    }

    /** The tcp options that apply to every socket type. */
    private static void applyTcp(ZmqSocket socket, MonocoqueProperties.Socket d, String prefix) {
        set(socket, SocketOption.IPV6, d.isIpv6(), prefix, "true or false");
        set(socket, SocketOption.TYPE_OF_SERVICE, d.getTypeOfService(), prefix, "a number from 0 to 255");
        set(socket, SocketOption.BACKLOG, d.getBacklog(), prefix, "a number of connections, 0 or more");
        if (d.getSendBufferSize() != null) {
            set(socket, SocketOption.SEND_BUFFER_SIZE, bufferSize(d.getSendBufferSize(), prefix + ".send-buffer-size"), prefix,
                    "a size such as 256KB");
        }
        if (d.getReceiveBufferSize() != null) {
            set(socket, SocketOption.RECEIVE_BUFFER_SIZE, bufferSize(d.getReceiveBufferSize(), prefix + ".receive-buffer-size"),
                    prefix, "a size such as 256KB");
        }
    }

    private static int bufferSize(DataSize size, String property) {
        if (size.isNegative() || size.toBytes() > Integer.MAX_VALUE) {
            throw new ZmqConfigurationException(property, size, "a kernel socket buffer is 0 to 2GB",
                    "Set " + property + " to a size such as 256KB, or remove it for the operating system's default.");
        }
        return (int) size.toBytes();
    }

    /**
     * CONNECT_ROUTING_ID names the peer of one connect, on a router (libzmq uses it on router and
     * stream sockets; the engine ignores it elsewhere, so a typo would go unnoticed): checked
     * here, set just before that connect ({@link #attach(String, ZmqSocket)}).
     */
    private static void checkConnectRoutingId(ZmqSocket socket, MonocoqueProperties.Socket d, String prefix) {
        String id = d.getConnectRoutingId();
        if (id == null) {
            return;
        }
        String property = prefix + ".connect-routing-id";
        if (socket.type() != SocketType.ROUTER) {
            throw new ZmqConfigurationException(property, id, "connect-routing-id applies to router sockets only, not to a "
                    + socket.type().name().toLowerCase(Locale.ROOT), "Remove " + property + ", or set " + prefix + ".type to router.");
        }
        if (d.getConnect().size() != 1) {
            throw new ZmqConfigurationException(property, id, "connect-routing-id names the peer of one connect endpoint, and this socket has "
                    + d.getConnect().size(), "Give " + prefix + ".connect exactly one endpoint, or remove " + property + ".");
        }
        if (id.isEmpty() || id.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new ZmqConfigurationException(property, id, "a routing id is 1 to 255 bytes",
                    "Set " + property + " to 1 to 255 bytes of UTF-8 text.");
        }
    }

    /**
     * SO_KEEPALIVE and its tuning: setting the idle time, interval or count turns keepalive on
     * unless it is switched off, which contradicts them and stops start-up.
     */
    private static void applyKeepalive(ZmqSocket socket, MonocoqueProperties.Socket d, String prefix) {
        boolean tuned = d.getTcpKeepaliveIdle() != null || d.getTcpKeepaliveInterval() != null || d.getTcpKeepaliveCount() != null;
        if (tuned && Boolean.FALSE.equals(d.getTcpKeepalive())) {
            throw new ZmqConfigurationException(prefix + ".tcp-keepalive", false,
                    "keepalive is switched off, but its idle time, interval or count is set",
                    "Remove " + prefix + ".tcp-keepalive (it is turned on by the others), or remove " + prefix
                            + ".tcp-keepalive-idle, -interval and -count.");
        }
        Boolean keepalive = tuned ? Boolean.TRUE : d.getTcpKeepalive();
        if (keepalive != null) {
            set(socket, SocketOption.TCP_KEEPALIVE, keepalive, prefix, "true or false");
        }
        if (d.getTcpKeepaliveIdle() != null) {
            set(socket, SocketOption.TCP_KEEPALIVE_IDLE, d.getTcpKeepaliveIdle(), prefix, "a whole number of seconds, 1s or more");
        }
        if (d.getTcpKeepaliveInterval() != null) {
            set(socket, SocketOption.TCP_KEEPALIVE_INTERVAL, d.getTcpKeepaliveInterval(), prefix, "a whole number of seconds, 1s or more");
        }
        if (d.getTcpKeepaliveCount() != null) {
            set(socket, SocketOption.TCP_KEEPALIVE_COUNT, d.getTcpKeepaliveCount(), prefix, "a number of probes from 1 to 127");
        }
    }

    /** The engine's value for a size property, -1 (no limit) when it is unset. */
    private static long maxMessageSize(DataSize size) {
        return size == null ? -1L : size.toBytes();
    }

    private static <T> void set(ZmqSocket socket, SocketOption<T> option, T value, String prefix, String expected) {
        try {
            socket.setOption(option, value);
        } catch (ZmqException e) {
            Object shown = value instanceof byte[] ? new String((byte[]) value, StandardCharsets.UTF_8) : value;
            throw new ZmqConfigurationException(prefix + "." + option.name(), shown, e.getMessage(),
                    "Set " + prefix + "." + option.name() + " to " + expected + ".", e);
        }
    }

    private static void subscribe(ZmqSocket socket, MonocoqueProperties.Socket d, String prefix) {
        if (d.getSubscribe().isEmpty()) {
            return;
        }
        if (!d.getType().isSubscriber()) {
            throw new ZmqConfigurationException(prefix + ".subscribe", d.getSubscribe(), "only sub and xsub sockets subscribe, and this one is "
                    + d.getType().name().toLowerCase(Locale.ROOT), d.getType() == SocketType.DISH
                            ? "A dish joins groups (exact names, not prefixes): use " + prefix + ".groups instead of " + prefix + ".subscribe."
                            : "Remove " + prefix + ".subscribe, or set " + prefix + ".type to sub.");
        }
        d.getSubscribe().forEach(socket::subscribe);
    }

    private static void join(ZmqSocket socket, MonocoqueProperties.Socket d, String prefix) {
        if (d.getGroups().isEmpty()) {
            return;
        }
        if (d.getType() != SocketType.DISH) {
            throw new ZmqConfigurationException(prefix + ".groups", d.getGroups(), "only dish sockets join groups, and this one is "
                    + d.getType().name().toLowerCase(Locale.ROOT), d.getType().isSubscriber()
                            ? "A " + d.getType().name().toLowerCase(Locale.ROOT) + " socket subscribes to topic prefixes: use " + prefix
                                    + ".subscribe instead of " + prefix + ".groups."
                            : "Remove " + prefix + ".groups, or set " + prefix + ".type to dish.");
        }
        for (int i = 0; i < d.getGroups().size(); i++) {
            String group = d.getGroups().get(i);
            String problem = Groups.problem(group);
            if (problem == null && d.getGroups().subList(0, i).contains(group)) {
                problem = "it is listed twice";
            }
            if (problem != null) {
                throw new ZmqConfigurationException(prefix + ".groups[" + i + "]", group, "cannot join group '" + group + "': " + problem,
                        "Give each group once, as at most " + ZmqMessage.MAX_GROUP_LENGTH + " bytes of UTF-8 text without a zero character.");
            }
            socket.join(group);
        }
    }

    static String typeNames() {
        return Arrays.stream(SocketType.values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList().toString();
    }
}
